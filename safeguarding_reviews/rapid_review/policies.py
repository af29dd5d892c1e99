"""Who may do what with requests to agencies and their returns. Roles are those held in the case's lead
partnership.

- The business unit (officer or manager) sends requests, sees every request of the case, accepts a return or
  returns it with questions, and withdraws a request.
- The request's author sees that one request and writes its return, and nothing else of the case: being named
  as agency author does not make the case visible (`cases.policies.visible_cases`), so every other page of
  the case, and every other request, is "Page not found" to them. Their access lasts while the request is
  open (requested, acknowledged, submitted, returned for more information), they are active, still a member
  of the case's partnership and still named on the case; it ends when the return is accepted or the request
  withdrawn (their own request is then "Page not found" too, including the accepted return).
- Anyone else who sees the case gets 403 on the list of requests and 404 on a single request (they may not
  see requests at all).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguarding_reviews.cases.models import Case, CaseMembership
from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from .models import AUTHOR_EDITABLE, OPEN_STATUSES, AgencyRequest

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

_ORDER = list(Stage)
# Requests may be sent from the rapid review stage on, while the case is open.
REQUEST_STAGES = frozenset(_ORDER[_ORDER.index(Stage.RAPID_REVIEW) :]) - {Stage.CLOSED}


def is_business_unit(user: User, case: Case) -> bool:
    return bool(roles_by_partnership(user).get(case.lead_partnership_id, frozenset()) & CASE_RUNNERS)


def is_author(user: User, request: AgencyRequest) -> bool:
    """The user is the request's author and the request is still open (their access has not ended)."""
    return (
        request.author_id is not None
        and request.author_id == getattr(user, "pk", None)
        and request.status in OPEN_STATUSES
    )


def may_write_return(user: User, request: AgencyRequest) -> bool:
    """The author may change the return and its chronology: open and not submitted."""
    return is_author(user, request) and request.status in AUTHOR_EDITABLE


def _author_request(user: User, case_id: UUID | str, request_id: int) -> AgencyRequest | None:
    """The user's own open request on this case, found directly (the case itself is not visible to them)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        case_uuid = UUID(str(case_id))
    except ValueError:
        return None
    request = (
        AgencyRequest.objects.select_related("case__lead_partnership", "agency", "author", "agency_return")
        .filter(case_id=case_uuid, pk=request_id, author=user, status__in=OPEN_STATUSES)
        .first()
    )
    if request is None:
        return None
    case = request.case
    if case.lead_partnership_id not in roles_by_partnership(user):
        return None  # no longer a member of the case's partnership
    named = CaseMembership.objects.filter(case=case, user=user, ended_at__isnull=True).exists()
    return request if named else None


def requests_case_get(*, user: User, case_id: UUID | str) -> Case:
    """The case for the list of requests: 404 if invisible, 403 unless business unit."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not is_business_unit(user, case):
        raise PermissionDenied
    return case


def request_get(*, user: User, case_id: UUID | str, request_id: int) -> tuple[Case, AgencyRequest, bool]:
    """(case, request, is_business_unit): 404 unless the user is the business unit or the request's author.

    The author is found first, directly through their request: an agency author does not see the case."""
    own = _author_request(user, case_id, request_id)
    if own is not None:
        return own.case, own, is_business_unit(user, own.case)
    case = case_get_for_user(user=user, case_id=case_id)
    request = (
        AgencyRequest.objects.select_related("agency", "author", "agency_return")
        .filter(case=case, pk=request_id)
        .first()
    )
    if request is None:
        raise Http404("No request found")
    business_unit = is_business_unit(user, case)
    if not business_unit and not is_author(user, request):
        raise Http404("No request found")
    return case, request, business_unit


def may_see_request_identity(user: User, request: AgencyRequest) -> bool:
    """The children's and household's identity details on the request page: its author, who needs them to
    search their agency's own records, and whoever may see identity on the case anyway (the business unit).
    Nobody else reaches the request page."""
    from safeguarding_reviews.subjects.policies import may_see_identity

    return is_author(user, request) or may_see_identity(user, request.case)


def family_case_get(*, user: User, case_id: UUID | str) -> Case:
    """The case for the family-told page: 404 if invisible, 403 unless the user reads the parallel-process
    register (business unit, the three delegates, the Independent Chair, the auditor). Only the business unit
    writes (views and services check is_business_unit)."""
    from safeguarding_reviews.parallel_processes.policies import RegisterAction
    from safeguarding_reviews.parallel_processes.policies import may as may_register

    case = case_get_for_user(user=user, case_id=case_id)
    if not may_register(user, RegisterAction.VIEW, case):
        raise PermissionDenied
    return case
