"""The typed-draft endpoints: the page's script saves as the person types; the banner's button discards."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.http import require_POST

from . import services

if TYPE_CHECKING:
    # accounts sits above drafts (its middleware keeps drafts): the request type is for annotations only.
    from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest


@require_POST
def save(request: HttpRequest) -> HttpResponse:
    """JSON in, `{"path": "/the/form/page/", "fields": {"name": ["value", ...]}}`; 204 when kept (or
    unchanged), 404 for a form the person may not open, 400 for a body that is not a draft. Saving is not
    activity for the idle timeout by itself (accounts.middleware): the keep-alive says when the person is
    there. The body is never logged."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: a body nested very deep
        return JsonResponse({"saved": False}, status=400)
    if not isinstance(body, dict):
        return JsonResponse({"saved": False}, status=400)
    path = body.get("path")
    if not isinstance(path, str):
        raise Http404("No such form")
    try:
        services.draft_save(actor=request.user, path=path, fields=body.get("fields"))
    except ValidationError:
        return JsonResponse({"saved": False}, status=400)
    return HttpResponse(status=204)


@login_required
@require_POST
def discard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The banner's "Discard what you typed": back to the form, showing what was last saved."""
    path = request.POST.get("path", "")
    services.draft_discard(actor=request.user, path=path)  # Http404 unless the person may open the form
    return HttpResponseRedirect(path)
