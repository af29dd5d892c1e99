"""Who may read and write a case's rapid review outcome. Roles are those held in the case's lead partnership.

- Read: the business unit, the three safeguarding partner delegates, the Independent Chair and the auditor.
- Write (start it, edit its sections, actions, learning and evidence): the business unit and the local
  authority's delegate (the local authority leads the rapid review), while the case is at the rapid review
  stage. Once the report is sent to the Panel the case moves to the decision stage and the outcome is fixed.
Anyone else who can see the case gets 403; a case they cannot see is 404 (an agency author never sees it).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.organisations.roles import DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


class OutcomeAction(enum.Enum):
    VIEW = "view"
    WRITE = "write"


READERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR}
WRITERS = CASE_RUNNERS | {Role.DELEGATE_LOCAL_AUTHORITY}
_ALLOWED = {OutcomeAction.VIEW: READERS, OutcomeAction.WRITE: WRITERS}
WRITE_STAGES = frozenset({Stage.RAPID_REVIEW})


def may(user: User, action: OutcomeAction, case: Case) -> bool:
    roles = roles_by_partnership(user).get(case.lead_partnership_id, frozenset())
    return bool(roles & _ALLOWED[action])


def may_edit_now(user: User, case: Case) -> bool:
    """May write, and the case is at the stage where the outcome can change."""
    return may(user, OutcomeAction.WRITE, case) and case.stage in WRITE_STAGES


def outcome_case_get(*, user: User, case_id: UUID | str, action: OutcomeAction) -> Case:
    """The case: 404 if invisible, 403 if visible but the user may not do `action` with its outcome."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, action, case):
        raise PermissionDenied
    return case
