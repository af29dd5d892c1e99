"""Who is told at each hand-off: a pure table from the event to the people who must act next.

No database here: `alerts.services.handoff_notify` turns an `Audience` into people (through
`organisations.selectors`) and keeps only those who can see the case. Roles are those held in the case's
lead partnership unless `shared_roles` says the second partnership of a shared case.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from safeguarding_reviews.organisations.roles import DELEGATE_ROLES, Role


class Handoff(enum.StrEnum):
    """A point where the case passes to someone else. The value is also the alert's kind."""

    REFERRAL_SUBMITTED = "referral_submitted"
    REFERRAL_RECORDED = "referral_recorded"
    SCREENING_DECISION = "screening_decision"
    SCRUTINY_COMMENT = "scrutiny_comment"
    SCRUTINY_REPLY = "scrutiny_reply"
    RETURN_SUBMITTED = "agency_return_submitted"
    RETURN_SENT_BACK = "agency_return_sent_back"
    REPORT_READY = "report_ready_for_signoff"
    SIGNOFF_DISSENT = "signoff_dissent"
    SIGNOFF_COMPLETE = "signoff_complete"
    DISSENT_RESOLVED = "dissent_resolved"
    DOCUMENT_READY = "document_ready_for_signoff"
    DOCUMENT_SIGNOFF_DISSENT = "document_signoff_dissent"
    DOCUMENT_SIGNOFF_COMPLETE = "document_signoff_complete"
    DOCUMENT_DISSENT_RESOLVED = "document_dissent_resolved"
    CHALLENGE_RAISED = "challenge_raised"
    CHALLENGE_ANSWERED = "challenge_answered"
    LOCAL_PARTNERS_TOLD = "local_partners_told"
    PANEL_RESPONSE = "panel_response_recorded"
    CLOCK_DUE_SOON = "clock_due_soon"
    CLOCK_OVERDUE = "clock_overdue"


@dataclass(frozen=True)
class Audience:
    """Who must act: roles in the lead partnership, the case leads named on the case, roles in each
    partnership the case is shared with, and one named person (a return's author, a challenge's Chair)."""

    lead_roles: frozenset[str] = frozenset()
    case_leads: bool = False
    shared_roles: frozenset[str] = frozenset()
    named_person: bool = False


BUSINESS_UNIT = frozenset({Role.BUSINESS_UNIT_OFFICER})
BUSINESS_UNIT_AND_MANAGER = frozenset({Role.BUSINESS_UNIT_OFFICER, Role.BUSINESS_MANAGER})
CHAIR = frozenset({Role.INDEPENDENT_CHAIR})

_TO_BUSINESS_UNIT = Audience(lead_roles=BUSINESS_UNIT, case_leads=True)

RULES: dict[Handoff, Audience] = {
    Handoff.REFERRAL_SUBMITTED: _TO_BUSINESS_UNIT,
    Handoff.REFERRAL_RECORDED: _TO_BUSINESS_UNIT,
    # The Chair scrutinises every decision (Working Together 2023: independent scrutiny).
    Handoff.SCREENING_DECISION: Audience(lead_roles=CHAIR),
    Handoff.SCRUTINY_COMMENT: _TO_BUSINESS_UNIT,
    Handoff.SCRUTINY_REPLY: Audience(lead_roles=CHAIR),
    Handoff.RETURN_SUBMITTED: _TO_BUSINESS_UNIT,
    Handoff.RETURN_SENT_BACK: Audience(named_person=True),
    Handoff.REPORT_READY: Audience(lead_roles=DELEGATE_ROLES),
    # The Chair keeps hearing of a dissent (scrutiny); the business unit and manager must resolve it.
    Handoff.SIGNOFF_DISSENT: Audience(lead_roles=BUSINESS_UNIT_AND_MANAGER | CHAIR, case_leads=True),
    Handoff.SIGNOFF_COMPLETE: Audience(lead_roles=BUSINESS_UNIT_AND_MANAGER | CHAIR, case_leads=True),
    # The business manager records how a dissent ended: the Chair is told (issue 11 item 5).
    Handoff.DISSENT_RESOLVED: Audience(lead_roles=CHAIR),
    # The same for any other signed document (signoffs.signable): the same people, the same reasons.
    Handoff.DOCUMENT_READY: Audience(lead_roles=DELEGATE_ROLES),
    Handoff.DOCUMENT_SIGNOFF_DISSENT: Audience(lead_roles=BUSINESS_UNIT_AND_MANAGER | CHAIR, case_leads=True),
    Handoff.DOCUMENT_SIGNOFF_COMPLETE: Audience(
        lead_roles=BUSINESS_UNIT_AND_MANAGER | CHAIR, case_leads=True
    ),
    Handoff.DOCUMENT_DISSENT_RESOLVED: Audience(lead_roles=CHAIR),
    Handoff.CHALLENGE_RAISED: Audience(lead_roles=BUSINESS_UNIT_AND_MANAGER, case_leads=True),
    Handoff.CHALLENGE_ANSWERED: Audience(named_person=True),
    Handoff.LOCAL_PARTNERS_TOLD: Audience(lead_roles=DELEGATE_ROLES, shared_roles=BUSINESS_UNIT),
    Handoff.PANEL_RESPONSE: Audience(lead_roles=DELEGATE_ROLES | CHAIR),
}

# A clock about to fall due or overdue: whoever must act next on that clock. The business unit runs
# every clock; the local authority's delegate decides and notifies (WT2023: the local authority notifies).
_CLOCK_ACTORS: dict[str, Audience] = {
    "notification": Audience(lead_roles=BUSINESS_UNIT | {Role.DELEGATE_LOCAL_AUTHORITY}, case_leads=True),
    "local_partners_told": Audience(
        lead_roles=BUSINESS_UNIT | {Role.DELEGATE_LOCAL_AUTHORITY}, case_leads=True
    ),
}
CLOCK_EVENTS = frozenset({Handoff.CLOCK_DUE_SOON, Handoff.CLOCK_OVERDUE})


def who_is_told(event: Handoff, *, clock_rule: str = "") -> Audience:
    """The audience for `event`. A clock event needs the rule code of the clock it is about."""
    if event in CLOCK_EVENTS:
        return _CLOCK_ACTORS.get(clock_rule, _TO_BUSINESS_UNIT)
    return RULES[event]


# The email each hand-off sends (a template under some app's templates/emails/): reference and link only.
EMAIL_TEMPLATES: dict[Handoff, str] = {
    Handoff.REFERRAL_SUBMITTED: "referral_submitted",
    Handoff.REFERRAL_RECORDED: "referral_submitted",
    Handoff.SCREENING_DECISION: "screening_decision",
    Handoff.SCRUTINY_COMMENT: "handoff_scrutiny_comment",
    Handoff.SCRUTINY_REPLY: "handoff_scrutiny_reply",
    Handoff.RETURN_SUBMITTED: "handoff_return_submitted",
    Handoff.RETURN_SENT_BACK: "handoff_return_sent_back",
    Handoff.REPORT_READY: "handoff_report_ready",
    Handoff.SIGNOFF_DISSENT: "signoff_dissent",
    Handoff.SIGNOFF_COMPLETE: "signoff_complete",
    Handoff.DISSENT_RESOLVED: "dissent_resolved",
    Handoff.DOCUMENT_READY: "document_ready_for_signoff",
    Handoff.DOCUMENT_SIGNOFF_DISSENT: "document_signoff_dissent",
    Handoff.DOCUMENT_SIGNOFF_COMPLETE: "document_signoff_complete",
    Handoff.DOCUMENT_DISSENT_RESOLVED: "document_dissent_resolved",
    Handoff.CHALLENGE_RAISED: "challenge_raised",
    Handoff.CHALLENGE_ANSWERED: "handoff_challenge_answered",
    Handoff.LOCAL_PARTNERS_TOLD: "handoff_local_partners_told",
    Handoff.PANEL_RESPONSE: "handoff_panel_response",
    Handoff.CLOCK_DUE_SOON: "clock_due_soon",
    Handoff.CLOCK_OVERDUE: "clock_overdue",
}
