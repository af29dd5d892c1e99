"""Who may read and write a case's action list. Roles are those held in the case's lead partnership.

- Read every action: the business unit, the three safeguarding partner delegates, the Independent Chair and
  the auditor (the people who read the outcome and the meetings).
- Read and add dated updates to the actions **their agency owns**: an agency representative named on the case
  (their role names the agency they act for). They report progress; they see no other agency's actions (404).
  Agency authors are left out: they never see the case, only their own request (docs/roles.md).
- Add updates to any action and change any action's status: the business unit.
- Nothing is written on a closed case.
Anyone else who can see the case gets 403; a case they cannot see is 404.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.organisations.models import MembershipRole
from safeguarding_reviews.organisations.roles import DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from .models import CaseAction

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


class ActionPermission(enum.Enum):
    VIEW = "view"
    UPDATE = "update"  # add a dated update
    SET_STATUS = "set_status"


READERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR}
OWNING_AGENCY_ROLES = frozenset({Role.AGENCY_REPRESENTATIVE})


def owning_agency_ids(user: User, case: Case) -> frozenset[int]:
    """The agencies this user represents in the case's lead partnership (one query, or none)."""
    roles = roles_by_partnership(user).get(case.lead_partnership_id, frozenset())
    if not roles & OWNING_AGENCY_ROLES:
        return frozenset()
    return frozenset(
        MembershipRole.objects.filter(
            membership__user=user,
            membership__partnership_id=case.lead_partnership_id,
            membership__ended_at__isnull=True,
            role__in=OWNING_AGENCY_ROLES,
            agency__isnull=False,
        ).values_list("agency_id", flat=True)
    )


class Access:
    """What one user may do with one case's actions, worked out once per request."""

    def __init__(self, user: User, case: Case) -> None:
        roles = roles_by_partnership(user).get(case.lead_partnership_id, frozenset())
        self.reads_all = bool(roles & READERS)
        self.runs_case = bool(roles & CASE_RUNNERS)
        self.agency_ids = frozenset() if self.reads_all else owning_agency_ids(user, case)
        self.case_open = case.stage != Stage.CLOSED

    @property
    def may_view_list(self) -> bool:
        return self.reads_all or bool(self.agency_ids)

    def may_view(self, action: CaseAction) -> bool:
        return self.reads_all or action.owner_agency_id in self.agency_ids

    def may(self, permission: ActionPermission, action: CaseAction) -> bool:
        if permission == ActionPermission.VIEW:
            return self.may_view(action)
        if not self.case_open:
            return False
        if permission == ActionPermission.SET_STATUS:
            return self.runs_case
        return self.runs_case or action.owner_agency_id in self.agency_ids


def may(user: User, permission: ActionPermission, action: CaseAction) -> bool:
    # An action without a case (answering an adopted recommendation) is not on any case's list: its pages
    # are the action plans' (action_plans.policies).
    return action.case is not None and Access(user, action.case).may(permission, action)


def actions_case_get(*, user: User, case_id: UUID | str) -> tuple[Case, Access]:
    """The case and the user's access: 404 if the case is invisible, 403 if they may not read its actions."""
    case = case_get_for_user(user=user, case_id=case_id)
    access = Access(user, case)
    if not access.may_view_list:
        raise PermissionDenied
    return case, access


def action_get(
    *, user: User, case_id: UUID | str, action_id: int, permission: ActionPermission
) -> tuple[CaseAction, Access]:
    """One action: 404 if the case or the action is invisible to the user (another agency's action, for an
    agency representative), 403 if visible but the user may not do `permission`."""
    case, access = actions_case_get(user=user, case_id=case_id)
    action = (
        CaseAction.objects.filter(case=case, pk=action_id).select_related("owner_agency", "meeting").first()
    )
    if action is None or not access.may_view(action):
        raise Http404("No action found")
    action.case = case
    if not access.may(permission, action):
        raise PermissionDenied
    return action, access
