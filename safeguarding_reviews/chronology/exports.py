"""The Word (DOCX) export of the merged chronology: the services that request it, build it on the task worker
and record its download. Keyword-only; each owns its transaction and records its audit event.

The build runs AS THE PERSON WHO ASKED: the same selectors (visible_entries, filtered) and restriction rules
as their merged page, checked again when the worker starts, so a restricted entry they may not see, or any
identity detail, never reaches the file. Progress is saved every PROGRESS_EVERY rows. The file is stored
through documents.services.document_store with purpose "chronology_export"; only the requester may download
it (documents.policies refuses that purpose on the general download URL).
"""

from __future__ import annotations

import tempfile
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.core import clock
from safeguarding_reviews.documents.services import document_store

from .models import ChronologyEventType, ChronologyExport, DatePrecision, ExportStatus
from .policies import ChronologyAction, may
from .selectors import Filters, duplicate_map, filtered, merged_entries, row_matches

PURPOSE = "chronology_export"
PROGRESS_EVERY = 100
HEADINGS = ["Date", "Agency and source", "Event", "What happened", "Practitioner role", "Analysis", "Notes"]


def may_read(user: Any, case: Case) -> bool:
    """Still able to read this case's chronology (the case visible, a reading role)."""
    return (
        getattr(user, "is_active", False)
        and visible_cases(user).filter(pk=case.pk).exists()
        and may(user, ChronologyAction.VIEW, case)
    )


def chronology_export_request(*, actor: Any, case: Case, filters: Filters) -> ChronologyExport:
    """Queue a Word export of what the actor may see, with the page's filters."""
    if not may(actor, ChronologyAction.VIEW, case):
        raise PermissionDenied
    from .tasks import chronology_export_build

    with transaction.atomic(durable=True):
        export = ChronologyExport.objects.create(
            case=case, requested_by=actor, filters=filters.as_data(), status=ExportStatus.QUEUED
        )
        record_event(
            event_type=EventType.CHRONOLOGY_EXPORT_REQUESTED,
            actor=actor,
            case=case,
            partnership=case.lead_partnership,
            target=export,
            data={"export_id": str(export.pk), "format": "docx"},
        )
        transaction.on_commit(lambda: chronology_export_build.enqueue(export_id=str(export.pk)))
    return export


def _plain(text: str) -> str:
    """Plain text for Word: no control characters (XML 1.0 refuses most of them)."""
    return "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32)


def _date_text(entry: Any) -> str:
    if entry.date_precision == DatePrecision.MONTH:
        text = entry.date.strftime("%B %Y")
    else:
        text = f"{entry.date.day} {entry.date:%B %Y}"
        if entry.date_precision == DatePrecision.APPROXIMATE:
            text += " (approximately)"
    if entry.time is not None:
        text += f" {entry.time:%H:%M}"
    return text


def _progress(export: ChronologyExport, **changes: Any) -> None:
    ChronologyExport.objects.filter(pk=export.pk).update(**changes)


def _fail(export: ChronologyExport, reason: str) -> None:
    with transaction.atomic():
        _progress(export, status=ExportStatus.FAILED, finished_at=clock.now())
        record_event(
            event_type=EventType.CHRONOLOGY_EXPORT_FAILED,
            actor=export.requested_by,
            case=export.case,
            partnership=export.case.lead_partnership,
            target=export,
            data={"export_id": str(export.pk), "reason": reason},
        )


def chronology_export_run(*, export_id: UUID | str) -> ChronologyExport | None:
    """Build the document (the task worker calls this). Runs at most once per export."""
    from docx import Document as WordDocument

    claimed = ChronologyExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING
    )
    if not claimed:
        return None
    export = ChronologyExport.objects.select_related("case", "requested_by").get(pk=export_id)
    user, case = export.requested_by, export.case
    if not may_read(user, case):
        _fail(export, "no_access")
        export.refresh_from_db()
        return export
    filters = Filters.from_data(export.filters)
    pairs, rows_by_id = duplicate_map(case, user)
    entries = filtered(merged_entries(case, user), filters)
    flagged = {entry_id for entry_id, ids in pairs.items() if ids}
    if filters.duplicates_only:  # picked in Python: no id list in the SQL, however many are flagged
        total = sum(1 for i, row in rows_by_id.items() if i in flagged and row_matches(row, filters))
    else:
        total = entries.count()
    _progress(export, progress_total=total)
    types = dict(ChronologyEventType.choices)
    document = WordDocument()
    document.add_heading(f"Merged chronology: {case.reference} ({case.pseudonym})", level=1)
    document.add_paragraph(
        f"{total} entries in merge order, as seen by the person who asked for this export on "
        f"{clock.now():%d %B %Y}. Entries restricted to roles they do not hold are not included."
    )
    table = document.add_table(rows=1, cols=len(HEADINGS))
    for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
        cell.text = heading
    done = 0
    try:
        for entry in entries.iterator(chunk_size=500):
            if filters.duplicates_only and entry.pk not in flagged:
                continue
            notes = []
            if entry.is_key_episode:
                notes.append("Key episode")
            for other in pairs.get(entry.pk, []):
                row = rows_by_id[other]
                notes.append(f"Possible duplicate of {row['agency__name']} entry {row['agency_order']}")
            source = entry.agency.name + (f" ({entry.source_record})" if entry.source_record else "")
            values = [
                _date_text(entry),
                source,
                types.get(entry.event_type, entry.event_type),
                entry.what_happened,
                entry.practitioner_role,
                entry.analysis,
                "; ".join(notes),
            ]
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = _plain(value)
            done += 1
            if done % PROGRESS_EVERY == 0:
                _progress(export, progress_done=done)
        with tempfile.TemporaryFile() as handle:
            document.save(handle)
            handle.seek(0)
            upload = File(handle, name=f"chronology-{case.reference}.docx")
            with transaction.atomic(durable=True):
                stored = document_store(
                    actor=user,
                    case=case,
                    uploaded_file=upload,
                    purpose=PURPOSE,
                    partnership=case.lead_partnership,
                )
                _progress(
                    export,
                    status=ExportStatus.DONE,
                    progress_done=done,
                    document=stored,
                    finished_at=clock.now(),
                )
    except (ValidationError, OSError, ValueError):
        _fail(export, "build_failed")
    except Exception:
        _fail(export, "build_failed")
        raise  # the worker records the task as failed, with its traceback (no personal data in it)
    export.refresh_from_db()
    return export


def chronology_export_record_download(*, actor: Any, export: ChronologyExport) -> None:
    """The one read event of a Word export's download."""
    with transaction.atomic():
        record_event(
            event_type=EventType.CHRONOLOGY_EXPORTED,
            actor=actor,
            case=export.case,
            partnership=export.case.lead_partnership,
            target=export,
            data={
                "export_id": str(export.pk),
                "document_id": str(export.document_id),
                "rows": export.progress_done,
                "format": "docx",
            },
        )
