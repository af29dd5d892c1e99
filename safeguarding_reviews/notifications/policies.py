"""Who may see and change the notification to the Panel (roles in the case's lead partnership).

- See it and download its summary: the business unit, the three safeguarding partner delegates, the
  Independent Chair and the auditor. The children's identity details appear in the summary only for
  those subjects.policies.may_see_identity allows.
- Change it: the business unit and the local authority delegate (the notifier is the local authority).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.organisations.roles import DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


class NotificationAction(enum.Enum):
    VIEW = "view"
    EDIT = "edit"


VIEWERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR}
EDITORS = CASE_RUNNERS | {Role.DELEGATE_LOCAL_AUTHORITY}


def may(user: User, action: NotificationAction, case: Case) -> bool:
    roles = roles_by_partnership(user).get(case.lead_partnership_id, frozenset())
    return bool(roles & (EDITORS if action is NotificationAction.EDIT else VIEWERS))


def notification_case_get(*, user: User, case_id: UUID | str, action: NotificationAction) -> Case:
    """The case: 404 if invisible, 403 if visible but not allowed."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, action, case):
        raise PermissionDenied
    return case
