"""Who may read and keep the case's parallel-process register. Roles are those held in the case's lead
partnership.

- Read: the business unit, the three safeguarding partner delegates, the Independent Chair and the auditor
  (the people who read the rapid review meetings).
- Write (add a process, change it): the business unit, at any stage while the case is open.
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
from safeguarding_reviews.organisations.roles import DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from .models import ParallelProcess, ProcessConstraint

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


class RegisterAction(enum.Enum):
    VIEW = "view"
    WRITE = "write"


READERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR}
WRITERS = CASE_RUNNERS
_ALLOWED = {RegisterAction.VIEW: READERS, RegisterAction.WRITE: WRITERS}


def may(user: User, action: RegisterAction, case: Case) -> bool:
    roles = roles_by_partnership(user).get(case.lead_partnership_id, frozenset())
    return bool(roles & _ALLOWED[action])


def register_case_get(*, user: User, case_id: UUID | str, action: RegisterAction) -> Case:
    """The case: 404 if invisible, 403 if visible but the user may not do `action` with its register."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, action, case):
        raise PermissionDenied
    return case


def process_get(
    *, user: User, case_id: UUID | str, process_id: int, action: RegisterAction
) -> ParallelProcess:
    case = register_case_get(user=user, case_id=case_id, action=action)
    process = ParallelProcess.objects.filter(case=case, pk=process_id).first()
    if process is None:
        raise Http404("No parallel process found")
    process.case = case
    return process


def constraint_get(
    *, user: User, case_id: UUID | str, process_id: int, constraint_id: int, action: RegisterAction
) -> ProcessConstraint:
    process = process_get(user=user, case_id=case_id, process_id=process_id, action=action)
    constraint = ProcessConstraint.objects.filter(process=process, pk=constraint_id).first()
    if constraint is None:
        raise Http404("No constraint found")
    constraint.process = process
    return constraint
