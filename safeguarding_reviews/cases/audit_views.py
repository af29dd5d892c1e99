"""Who has viewed or changed this case: the case page that reads the audit trail (its URL keeps the name
audit:case_access, config/urls.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.forms import CaseAccessFilterForm, CaseAccessPageForm
from safeguarding_reviews.audit.selectors import case_events_page
from safeguarding_reviews.audit.services import case_audit_view_record
from safeguarding_reviews.organisations.selectors import current_roles_in

from .policies import CaseAction
from .selectors import case_get_for_user

if TYPE_CHECKING:
    from safeguarding_reviews.audit.models import AuditEvent


@login_required
@require_GET
def case_access(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """For the business manager and the auditor of the case's lead partnership. A fixed number of
    queries whatever the number of events: two for the page of events (with who; audit.selectors), one for
    their roles."""
    case = case_get_for_user(user=request.user, case_id=case_id, action=CaseAction.VIEW_AUDIT)
    filter_form = CaseAccessFilterForm(request.GET)
    page_form = CaseAccessPageForm(request.GET)
    if not (filter_form.is_valid() and page_form.is_valid()):
        context = {"case": case, "form": filter_form, "page_form": page_form, "rows": [], "invalid": True}
        return render(request, "audit/case_access.html", context, status=400)

    event_type = filter_form.cleaned_data["event_type"] or ""
    before = page_form.cleaned_data["before"]
    events, older = case_events_page(case=case, event_type=event_type, before=before)
    roles = current_roles_in(
        partnership_id=case.lead_partnership_id,
        user_ids={e.actor_id for e in events if e.actor_id is not None},
    )
    rows = [
        {
            "event": event,
            "who": _who(event),
            "roles": roles.get(event.actor_id, []) if event.actor_id else [],
            "detail": _detail(event),
        }
        for event in events
    ]
    case_audit_view_record(actor=request.user, case=case, event_type=event_type, before=before)

    def link(**params: object) -> str:
        query = {k: v for k, v in {"event_type": event_type, **params}.items() if v not in ("", None)}
        return f"?{urlencode(query)}" if query else "?"

    context = {
        "case": case,
        "form": filter_form,
        "page_form": page_form,
        "rows": rows,
        "filtered": bool(event_type),
        "older_url": link(before=older) if older is not None else None,
        "newest_url": link() if before is not None else None,
    }
    return render(request, "audit/case_access.html", context)


def _who(event: AuditEvent) -> str:
    if event.actor_id is None:
        return "Not signed in" if event.event_type == EventType.ACCESS_REFUSED else "The system"
    if event.actor is None:  # no foreign-key constraint on the audit table: say so rather than fail
        return f"Unknown account {event.actor_id}"
    return event.actor.full_name


def _detail(event: AuditEvent) -> str:
    if event.event_type == EventType.ACCESS_REFUSED:
        status = event.data.get("status")
        return {403: "Not allowed (403)", 404: "Not found (404)"}.get(status, str(status or ""))
    return ""
