"""Who may sign off a document for which partner, and when. Pure: plain values in, a reason out.

The rules of signing live here once, for every signed document: the rapid review outcome and its report
(SignOff, services.signoff_record) and any registered signable kind (DocumentSignOff,
services.document_signoff_give) both ask `signer_refusal`, `sign_input_errors`, `resolution_input_errors`,
`resolution_refusal` and `positions_state`.

- Only a partner's delegate signs for that partner, once per standing sign-off.
- Nobody signs for two partners (a person with two delegate roles signs for one of them).
- Nobody signs off what they drafted: anyone who has written any part of it.
- A disagreement needs comments; it stays on the record, with the business manager's resolution.
- A sign-off is of one version and checksum: a new version supersedes it (services).
- Rapid review only: the outcome must be complete, and a report generated from its current version (the
  sign-off records that report's checksum, so what was agreed is exactly known).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The three safeguarding partners, in the order pages show them (models.Partner holds their labels).
PARTNERS = ("local_authority", "icb", "police")
# How the business manager records that a disagreement ended (models.Resolution holds their labels).
RESOLUTIONS = ("resolved", "stands")


@dataclass(frozen=True)
class SignerFacts:
    partner: str
    partners_of_user: frozenset[str]
    drafted_it: bool
    partner_signed_by_someone_else: bool
    user_signed_for: str  # the partner this person already stands for on this document, or ""
    document: str = "document"  # how a refusal names what is signed ("outcome")


def signer_refusal(facts: SignerFacts) -> str | None:
    """Why this person may not sign for this partner, or None when they may (for any signed document)."""
    if facts.partner not in facts.partners_of_user:
        return "Only that partner's delegate can sign off for it"
    if facts.drafted_it:
        return (
            f"You wrote part of this {facts.document}, so another delegate of your partner must sign it off"
        )
    if facts.user_signed_for and facts.user_signed_for != facts.partner:
        return "You have already signed off for another partner: nobody signs for two partners"
    if facts.partner_signed_by_someone_else:
        return "Another delegate has already signed off for this partner"
    return None


def sign_input_errors(*, partner: str, agrees: bool, comments: str) -> dict[str, str]:
    """What is wrong with a sign-off as typed, by field (empty when nothing is)."""
    errors = {}
    if partner not in PARTNERS:
        errors["partner"] = "Select the partner you are signing for"
    if not agrees and not comments.strip():
        errors["comments"] = "Say why your partner disagrees"
    return errors


def resolution_input_errors(*, resolution: str, explanation: str) -> dict[str, str]:
    errors = {}
    if resolution not in RESOLUTIONS:
        errors["resolution"] = "Select whether the disagreement was resolved or stands"
    if not explanation.strip():
        errors["explanation"] = "Say how the disagreement was resolved, or why it stands"
    return errors


def resolution_refusal(*, standing_dissent: bool, already_resolved: bool, current: str) -> str | None:
    """Why the business manager may not record a resolution of this disagreement now. `current` names
    what the dissent must stand on ("current report", "current version")."""
    if not standing_dissent:
        return f"That disagreement is no longer standing on the {current}"
    if already_resolved:
        return "A resolution of that disagreement has already been recorded"
    return None


@dataclass(frozen=True)
class Positions:
    """Where the partners stand on one version: who has not recorded a view, who disagrees without a
    recorded resolution."""

    outstanding: tuple[str, ...]
    dissenting: tuple[str, ...]
    unresolved: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """All three partners have recorded their view (agree or disagree)."""
        return not self.outstanding

    @property
    def signed_off(self) -> bool:
        """All three partners have signed in agreement."""
        return self.complete and not self.dissenting

    @property
    def settled(self) -> bool:
        """All three have recorded a view, and every disagreement has a recorded resolution."""
        return self.complete and not self.unresolved


def positions_state(agrees: Mapping[str, bool], resolved: frozenset[str] = frozenset()) -> Positions:
    """`agrees`: each partner with a standing sign-off -> whether it agrees; `resolved`: the partners whose
    standing disagreement has a recorded resolution."""
    dissenting = tuple(p for p in PARTNERS if p in agrees and not agrees[p])
    return Positions(
        outstanding=tuple(p for p in PARTNERS if p not in agrees),
        dissenting=dissenting,
        unresolved=tuple(p for p in dissenting if p not in resolved),
    )


# --- the rapid review outcome ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SignOffFacts:
    partner: str
    partners_of_user: frozenset[str]
    drafted_it: bool
    partner_signed_by_someone_else: bool
    user_signed_for: str  # the partner this person already signed for, or ""
    outcome_gaps: tuple[str, ...]
    has_current_report: bool


def refusal(facts: SignOffFacts) -> str | None:
    """Why this person may not sign off the rapid review outcome for this partner now, or None."""
    reason = signer_refusal(
        SignerFacts(
            partner=facts.partner,
            partners_of_user=facts.partners_of_user,
            drafted_it=facts.drafted_it,
            partner_signed_by_someone_else=facts.partner_signed_by_someone_else,
            user_signed_for=facts.user_signed_for,
            document="outcome",
        )
    )
    if reason:
        return reason
    if facts.outcome_gaps:
        return "The outcome is not complete: " + ", ".join(facts.outcome_gaps)
    if not facts.has_current_report:
        return "The report has not been generated from the current version of the outcome"
    return None


# Sending to the Panel (issue 11 item 5). A partner's "disagree" is a recorded view, not a completed sign-off:
# the report may go to the Panel only when all three partners agree, or when each standing dissent has a
# resolution recorded by the business manager (resolved, or standing and reported to the Panel as such), and
# the sign-off record (PDF) of exactly those sign-offs and resolutions has been generated to go with it.


@dataclass(frozen=True)
class SendFacts:
    at_rapid_review: bool
    has_current_report: bool
    waiting_for: tuple[str, ...]  # partners with no standing sign-off on the current report
    unresolved_dissents: tuple[str, ...]  # partners whose standing "disagree" has no recorded resolution
    record_is_current: bool  # the sign-off record of the standing sign-offs and resolutions exists
    open_challenges: int  # the Independent Chair's challenges not yet answered


def send_refusal(facts: SendFacts) -> str | None:
    """Why the rapid review report may not be recorded as sent to the Panel now, or None when it may."""
    if not facts.at_rapid_review:
        return "The rapid review has already been sent, or the case is not at the rapid review"
    if not facts.has_current_report:
        return "The report has not been generated from the current version of the outcome"
    if facts.waiting_for:
        return "All three partners must sign off the current report before it is sent"
    if facts.unresolved_dissents:
        return (
            "A partner disagrees and the business manager has not recorded how the disagreement was "
            "resolved, or that it stands"
        )
    if not facts.record_is_current:
        return "The sign-off record is still being generated. Wait a moment and try again"
    return None


def send_warnings(facts: SendFacts) -> tuple[str, ...]:
    """What the business unit must confirm it has seen before sending (nothing stops the sending)."""
    if facts.open_challenges == 1:
        return ("The Independent Chair has a challenge that has not been answered",)
    if facts.open_challenges > 1:
        return (f"The Independent Chair has {facts.open_challenges} challenges that have not been answered",)
    return ()
