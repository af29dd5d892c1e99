"""Every refusal is audited: one ACCESS_REFUSED event for each 403 or 404 response."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from safeguarding_reviews.core.middleware import loggable_path

from .services import access_refused_record

REFUSED_STATUSES = frozenset({403, 404})
NOT_AUDITED_PREFIXES = ("/static/",)


class AccessRefusedAuditMiddleware:
    """Records who was refused what, whichever layer refused (a view, a policy, CSRF, a missing URL).

    Sits near the top of MIDDLEWARE so it sees the final response. The event holds the status and the
    path (never the query string, which can carry search terms); when the URL names a case, the case id
    goes in object_id only, not the case column, because the case may not exist.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in REFUSED_STATUSES and not request.path.startswith(NOT_AUDITED_PREFIXES):
            match = getattr(request, "resolver_match", None)
            case_id = match.kwargs.get("case_id") if match is not None else None
            user = getattr(request, "user", None)
            access_refused_record(
                actor=user if user is not None and user.is_authenticated else None,
                status=response.status_code,
                path=loggable_path(request.path),
                case_id=str(case_id) if case_id else None,
            )
        return response
