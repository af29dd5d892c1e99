"""Who may read and write a case's chronology. Roles are those held in the case's lead partnership.

- Read the merged chronology and export it: the business unit, the three safeguarding partner delegates,
  the Independent Chair and the auditor.
- Add entries and import a spreadsheet: the business unit (officer and manager).
- A restricted entry (restricted_to_roles not empty) is seen only by people holding one of those roles in
  the lead partnership: it is left out of pages, counts and exports for everyone else.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.organisations.roles import DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from safeguarding_reviews.accounts.models import User


class ChronologyAction(enum.Enum):
    VIEW = "view"
    WRITE = "write"


READERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR}
WRITERS = CASE_RUNNERS
_ALLOWED = {ChronologyAction.VIEW: READERS, ChronologyAction.WRITE: WRITERS}


def lead_roles(user: User | AnonymousUser, case: Case) -> frozenset[str]:
    return roles_by_partnership(user).get(case.lead_partnership_id, frozenset())


def may(user: User, action: ChronologyAction, case: Case) -> bool:
    """The caller has already established the case is visible to the user."""
    return bool(lead_roles(user, case) & _ALLOWED[action])


def chronology_case_get(*, user: User, case_id: UUID | str, action: ChronologyAction) -> Case:
    """The case: 404 if invisible, 403 if visible but the user may not do `action` with its chronology."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, action, case):
        raise PermissionDenied
    return case


def restriction_key(roles: list[str]) -> str:
    """The stored form of restricted_to_roles that both databases can filter with LIKE."""
    return "".join(f",{role}" for role in sorted(set(roles))) + "," if roles else ""


WITHDRAWN_READERS = CASE_RUNNERS | {Role.AUDITOR}


def may_see_withdrawn(user: User, case: Case) -> bool:
    """Withdrawn entries (with their reasons) are shown to the business unit and the auditor only."""
    return bool(lead_roles(user, case) & WITHDRAWN_READERS)


def author_request_for(user: User, case_id: UUID | str, agency_id: int) -> Any:
    """The user's own request on this case for this agency whose return they may still change (open and not
    submitted), or None. Found directly: an agency author does not see the case itself."""
    from safeguarding_reviews.rapid_review.models import AUTHOR_EDITABLE, AgencyRequest
    from safeguarding_reviews.rapid_review.policies import _author_request, may_write_return

    try:
        case_uuid = UUID(str(case_id))
    except ValueError:
        return None
    ids = AgencyRequest.objects.filter(
        case_id=case_uuid,
        author_id=getattr(user, "pk", None),
        agency_id=agency_id,
        status__in=AUTHOR_EDITABLE,
    ).values_list("pk", flat=True)[:5]
    for request_id in ids:
        request = _author_request(user, case_uuid, request_id)
        if request is not None and may_write_return(user, request):
            return request
    return None
