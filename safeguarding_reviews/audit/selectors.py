"""Reads of the audit trail for pages."""

from __future__ import annotations

from typing import Any

from .models import AuditEvent

CASE_ACCESS_PAGE_SIZE = 50


def case_events_page(
    *, case: Any, event_type: str = "", before: int | None = None, size: int = CASE_ACCESS_PAGE_SIZE
) -> tuple[list[AuditEvent], int | None]:
    """One page of the events about this case, newest first, (keyset on sequence) and the `before` value for
    the next, older page, if any. Events about the case are rows with the case set, and refusals that name
    the case's id only (object_type "cases.case"), which have no case set because the case might not have
    existed.

    Two queries, one for each kind of row, each the newest `size + 1` by its own index ending in sequence,
    merged here. One query with the OR made SQLite gather every event of the case through both indexes and
    sort them before taking a page, so the page slowed as the case's trail grew."""
    events = AuditEvent.objects.select_related("actor").order_by("-sequence")
    if event_type:
        events = events.filter(event_type=event_type)
    if before is not None:
        events = events.filter(sequence__lt=before)
    own = events.filter(case=case)[: size + 1]
    refusals = events.filter(object_type="cases.case", object_id=str(case.pk)).exclude(case=case)[: size + 1]
    rows = sorted([*own, *refusals], key=lambda event: event.sequence, reverse=True)[: size + 1]
    if len(rows) > size:
        return rows[:size], rows[size - 1].sequence
    return rows, None
