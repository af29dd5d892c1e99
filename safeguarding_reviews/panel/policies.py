"""Who may see and record the rapid review's submission to the Panel. Roles are those of the lead partnership.

- Read: the business unit, the three partner delegates, the Independent Chair and the auditor.
- Record the submission and the Panel's response: the business unit.
Anyone else who can see the case gets 403; a case they cannot see is 404.
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


class PanelAction(enum.Enum):
    VIEW = "view"
    RECORD = "record"


READERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR}
_ALLOWED = {PanelAction.VIEW: READERS, PanelAction.RECORD: CASE_RUNNERS}


def may(user: User, action: PanelAction, case: Case) -> bool:
    roles = roles_by_partnership(user).get(case.lead_partnership_id, frozenset())
    return bool(roles & _ALLOWED[action])


def panel_case_get(*, user: User, case_id: UUID | str, action: PanelAction) -> Case:
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, action, case):
        raise PermissionDenied
    return case
