"""Who may see and do what with a case's independent reviewer and the review committee's comments. Roles are
those held in the case's lead partnership. A case the user cannot see is 404; seen but not allowed, 403.

- The reviewer page (appointments, decisions, commission, identity grant): read by the business unit;
  appointing, deciding, the commission and the identity grant are the business manager's only.
- The declaration page: the appointed person only, while their appointment is waiting for the declaration,
  declared or accepted (rules.reviewer_sees); anyone else, a refused reviewer included, gets 404. It does not
  need the case to be visible: a reviewer sees the case only once accepted.
- The committee page: the business unit, the three partner delegates and the review committee members who
  see the case; comments only while the review is on the committee's list. Adding to and removing from the
  list: the business unit.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguarding_reviews.cases.models import Case, CommitteeListing
from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.organisations.roles import DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from .models import AppointmentState, ReviewerAppointment
from .rules import Sees, State, reviewer_sees

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


class ReviewerAction(enum.Enum):
    VIEW = "view"
    MANAGE = "manage"


class CommitteeAction(enum.Enum):
    VIEW = "view"
    COMMENT = "comment"
    LIST = "list"


_REVIEWER_ALLOWED = {
    ReviewerAction.VIEW: CASE_RUNNERS,
    ReviewerAction.MANAGE: frozenset({Role.BUSINESS_MANAGER}),
}
COMMITTEE_READERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.REVIEW_COMMITTEE_MEMBER}
_COMMITTEE_ALLOWED = {
    CommitteeAction.VIEW: COMMITTEE_READERS,
    CommitteeAction.COMMENT: COMMITTEE_READERS,
    CommitteeAction.LIST: CASE_RUNNERS,
}


def _roles(user: User, case: Case) -> frozenset[str]:
    return roles_by_partnership(user).get(case.lead_partnership_id, frozenset())


def may_reviewers(user: User, action: ReviewerAction, case: Case) -> bool:
    return bool(_roles(user, case) & _REVIEWER_ALLOWED[action])


def reviewers_case_get(*, user: User, case_id: UUID | str, action: ReviewerAction) -> Case:
    case = case_get_for_user(user=user, case_id=case_id)
    if not may_reviewers(user, action, case):
        raise PermissionDenied
    return case


def may_committee(user: User, action: CommitteeAction, case: Case) -> bool:
    return bool(_roles(user, case) & _COMMITTEE_ALLOWED[action])


def committee_case_get(*, user: User, case_id: UUID | str, action: CommitteeAction) -> Case:
    case = case_get_for_user(user=user, case_id=case_id)
    if not may_committee(user, action, case):
        raise PermissionDenied
    return case


def is_listed(case: Case) -> bool:
    return CommitteeListing.objects.filter(case=case, removed_at__isnull=True).exists()


def own_appointment_get(*, user: User, case_id: UUID | str) -> ReviewerAppointment:
    """The signed-in person's own appointment to the case, while it lets them see their declaration; 404
    otherwise (not theirs, refused, or they no longer hold the reviewer role in the case's partnership)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404("No declaration found")
    appointment = (
        ReviewerAppointment.objects.select_related("case__lead_partnership")
        .filter(case_id=case_id, user=user)
        .exclude(state__in=[AppointmentState.REFUSED, AppointmentState.INVITED])
        .order_by("-pk")
        .first()
    )
    if appointment is None or Sees.DECLARATION not in reviewer_sees(
        State(appointment.state), identity_granted=False
    ):
        raise Http404("No declaration found")
    if Role.INDEPENDENT_REVIEWER not in _roles(user, appointment.case):
        raise Http404("No declaration found")
    return appointment
