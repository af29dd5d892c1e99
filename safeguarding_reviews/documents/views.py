"""Downloads: the only way a stored file leaves the service. Access checked, audited, never shown inline."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.selectors import case_get_for_user

from .downloads import attachment_response
from .policies import may_download
from .selectors import document_get
from .services import document_record_download


@login_required
@require_http_methods(["GET"])
def download(request: AuthenticatedHttpRequest, case_id: UUID, document_id: UUID) -> HttpResponseBase:
    case = case_get_for_user(user=request.user, case_id=case_id)
    document = document_get(case, document_id)
    if document is None:
        raise Http404("No document found")
    if not may_download(request.user, case, document):
        raise PermissionDenied
    response = attachment_response(document, name=document.original_name)
    document_record_download(actor=request.user, case=case, document=document)
    return response
