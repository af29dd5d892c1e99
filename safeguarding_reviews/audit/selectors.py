"""Reads of the audit trail for pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .models import AuditEvent

CASE_ACCESS_PAGE_SIZE = 50


def case_events(*, case: Any, event_type: str = "", before: int | None = None) -> QuerySet[AuditEvent]:
    """Events about this case, newest first: rows with the case set, and refusals that name the case's
    id only (object_type "cases.case"), which have no case set because the case might not have existed."""
    events = AuditEvent.objects.filter(Q(case=case) | Q(object_type="cases.case", object_id=str(case.pk)))
    if event_type:
        events = events.filter(event_type=event_type)
    if before is not None:
        events = events.filter(sequence__lt=before)
    return events.select_related("actor").order_by("-sequence")


def case_events_page(
    *, case: Any, event_type: str = "", before: int | None = None, size: int = CASE_ACCESS_PAGE_SIZE
) -> tuple[list[AuditEvent], int | None]:
    """One page (keyset on sequence) and the `before` value for the next, older page, if any. One query."""
    rows = list(case_events(case=case, event_type=event_type, before=before)[: size + 1])
    if len(rows) > size:
        return rows[:size], rows[size - 1].sequence
    return rows, None
