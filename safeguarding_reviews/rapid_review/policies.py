"""Who may do what with requests to agencies and their returns. Roles are those held in the case's lead
partnership.

- The business unit (officer or manager) sends requests, sees every request of the case, accepts a return or
  returns it with questions, and withdraws a request.
- The request's author sees that one request and writes its return. Every other request of the case is
  "Page not found" to them, and so is their own once withdrawn.
- Anyone else who sees the case gets 403 on the list of requests and 404 on a single request (they may not
  see requests at all).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from .models import AgencyRequest, RequestStatus

_ORDER = list(Stage)
# Requests may be sent from the rapid review stage on, while the case is open.
REQUEST_STAGES = frozenset(_ORDER[_ORDER.index(Stage.RAPID_REVIEW) :]) - {Stage.CLOSED}


def is_business_unit(user: Any, case: Case) -> bool:
    return bool(roles_by_partnership(user).get(case.lead_partnership_id, frozenset()) & CASE_RUNNERS)


def is_author(user: Any, request: AgencyRequest) -> bool:
    return request.author_id == getattr(user, "pk", None) and request.status != RequestStatus.WITHDRAWN


def requests_case_get(*, user: Any, case_id: UUID | str) -> Case:
    """The case for the list of requests: 404 if invisible, 403 unless business unit."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not is_business_unit(user, case):
        raise PermissionDenied
    return case


def request_get(*, user: Any, case_id: UUID | str, request_id: int) -> tuple[Case, AgencyRequest, bool]:
    """(case, request, is_business_unit): 404 unless the user is the business unit or the request's author."""
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
