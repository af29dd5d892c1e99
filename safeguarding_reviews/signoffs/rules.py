"""Who may sign off the rapid review outcome for which partner, and when. Pure: plain values in, a reason out.

- Only a partner's delegate signs for that partner, once per standing sign-off.
- Nobody signs for two partners (a person with two delegate roles signs for one of them).
- Nobody signs off what they drafted: anyone who has written any part of the outcome.
- The outcome must be complete, and a report generated from its current version (the sign-off records that
  report's checksum, so what was agreed is exactly known).
"""

from __future__ import annotations

from dataclasses import dataclass


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
    """Why this person may not sign for this partner now, or None when they may."""
    if facts.partner not in facts.partners_of_user:
        return "Only that partner's delegate can sign off for it"
    if facts.drafted_it:
        return "You wrote part of this outcome, so another delegate of your partner must sign it off"
    if facts.user_signed_for and facts.user_signed_for != facts.partner:
        return "You have already signed off for another partner: nobody signs for two partners"
    if facts.partner_signed_by_someone_else:
        return "Another delegate has already signed off for this partner"
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
