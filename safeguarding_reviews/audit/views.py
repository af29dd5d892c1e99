"""Who has viewed or changed this case."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeguarding_reviews.cases.policies import CaseAction
from safeguarding_reviews.cases.selectors import case_get_for_user

from .event_types import EventType
from .models import AuditEvent
from .services import record_event


@login_required
@require_GET
def case_access(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id, action=CaseAction.VIEW_AUDIT)
    events = list(AuditEvent.objects.filter(case=case).select_related("actor").order_by("-sequence")[:200])
    with transaction.atomic():
        record_event(event_type=EventType.CASE_AUDIT_VIEWED, actor=request.user, case=case)
    return render(request, "audit/case_access.html", {"case": case, "events": events})
