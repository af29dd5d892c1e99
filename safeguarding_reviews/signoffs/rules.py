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
