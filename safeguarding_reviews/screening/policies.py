"""Who may see and do what at screening. Roles are those held in the case's lead partnership.

- See the screening: the business unit, the three safeguarding partner delegates, the Independent Chair
  and the auditor (the people who decide, scrutinise or audit the decision).
- Prepare it (the date the local authority became aware, the checklist, the other area): the business
  unit and the local authority delegate.
- Decide: only the local authority delegate (the duty to notify is the local authority's).
- Scrutiny comments: the Independent Chair comments; the business unit answers.
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


class ScreeningAction(enum.Enum):
    VIEW = "view"
    PREPARE = "prepare"
    DECIDE = "decide"
    SCRUTINY = "scrutiny"


VIEWERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR}
PREPARERS = CASE_RUNNERS | {Role.DELEGATE_LOCAL_AUTHORITY}
DECIDERS = frozenset({Role.DELEGATE_LOCAL_AUTHORITY})
SCRUTINY_WRITERS = CASE_RUNNERS | {Role.INDEPENDENT_CHAIR}

_ALLOWED = {
    ScreeningAction.VIEW: VIEWERS,
    ScreeningAction.PREPARE: PREPARERS,
    ScreeningAction.DECIDE: DECIDERS,
    ScreeningAction.SCRUTINY: SCRUTINY_WRITERS,
}


def lead_roles(user: User, case: Case) -> frozenset[str]:
    return roles_by_partnership(user).get(case.lead_partnership_id, frozenset())


def may(user: User, action: ScreeningAction, case: Case) -> bool:
    """The caller has already established the case is visible to the user."""
    return bool(lead_roles(user, case) & _ALLOWED[action])


def is_chair(user: User, case: Case) -> bool:
    return Role.INDEPENDENT_CHAIR in lead_roles(user, case)


def screening_case_get(*, user: User, case_id: UUID | str, action: ScreeningAction) -> Case:
    """The case: 404 if invisible, 403 if visible but the user may not do `action` at screening."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, action, case):
        raise PermissionDenied
    return case
