"""The Word (DOCX) export of the merged chronology: the services that request it, build it on the task worker
and record its download. Keyword-only; each owns its transaction and records its audit event.

The build runs AS THE PERSON WHO ASKED: the same selectors (visible_entries, filtered) and restriction rules
as their merged page, checked again when the worker starts, so a restricted entry they may not see, or any
identity detail, never reaches the file. Progress is saved every PROGRESS_EVERY rows. The file is stored
through documents.services.document_store with purpose "chronology_export"; only the requester may download
it (documents.policies refuses that purpose on the general download URL).

Throttling (security finding 4): one export per person and case in flight (queued or running) at a time,
held by the database (the conditional unique constraint `chronology_export_one_in_flight`), so a second
request, even one arriving at the same instant, gets the export already in progress (ExportInFlight) and
creates nothing; the view's POST also carries core.throttle.job_rate_limit. Retention: `tick` enqueues
chronology.tasks.chronology_exports_tidy, which deletes each finished export's stored file after
settings.CHRONOLOGY_EXPORT_RETENTION_DAYS (7) and marks the export expired (the record stays for the
status page and the audit trail), and fails an export stuck in flight for STALE_AFTER so it cannot block
its requester for ever.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.outbox import enqueue_with_write
from safeguarding_reviews.documents.services import document_erase, document_store

from .models import IN_FLIGHT, ChronologyEventType, ChronologyExport, DatePrecision, ExportStatus
from .policies import ChronologyAction, may
from .selectors import Filters, export_notes, filtered, merged_entries, row_matches, silence_text

PURPOSE = "chronology_export"
PROGRESS_EVERY = 100
# An export still queued or running after this long is failed by the tidy task (a worker died mid-build),
# so the one-in-flight rule cannot keep its requester waiting for ever. A build takes seconds (O9: 30 s).
STALE_AFTER = dt.timedelta(hours=1)
HEADINGS = ["Date", "Agency and source", "Event", "What happened", "Practitioner role", "Analysis", "Notes"]


def may_read(user: Any, case: Case) -> bool:
    """Still able to read this case's chronology (the case visible, a reading role)."""
    return (
        getattr(user, "is_active", False)
        and visible_cases(user).filter(pk=case.pk).exists()
        and may(user, ChronologyAction.VIEW, case)
    )


class ExportInFlight(Exception):
    """The requester already has an export of this case waiting or being built: that one, not a new one."""

    def __init__(self, export: ChronologyExport):
        super().__init__(f"export {export.pk} is in flight")
        self.export = export


def _in_flight(actor: Any, case: Case) -> ChronologyExport | None:
    return (
        ChronologyExport.objects.filter(requested_by_id=actor.pk, case=case, status__in=IN_FLIGHT)
        .order_by("created_at")
        .first()
    )


def _is_in_flight_conflict(exc: IntegrityError) -> bool:
    """The one-in-flight constraint refused the insert (PostgreSQL names it; SQLite names its columns)."""
    text = str(exc)
    return "chronology_export_one_in_flight" in text or (
        "chronologyexport.requested_by_id" in text and "chronologyexport.case_id" in text
    )


def chronology_export_request(*, actor: Any, case: Case, filters: Filters) -> ChronologyExport:
    """Queue a Word export of what the actor may see, with the page's filters. Raises ExportInFlight (and
    creates nothing) while the actor has one of this case waiting or being built, whatever its filters."""
    if not may(actor, ChronologyAction.VIEW, case):
        raise PermissionDenied
    from .tasks import chronology_export_build

    existing = _in_flight(actor, case)
    if existing is not None:
        raise ExportInFlight(existing)
    try:
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
            enqueue_with_write(chronology_export_build, export_id=str(export.pk))
    except IntegrityError as exc:
        # Another request of the same person and case committed between our check and our insert: the
        # constraint refused ours (nothing was written). Show theirs (it may even have finished by now).
        if not _is_in_flight_conflict(exc):
            raise
        existing = (
            _in_flight(actor, case)
            or ChronologyExport.objects.filter(requested_by_id=actor.pk, case=case)
            .order_by("-created_at")
            .first()
        )
        if existing is None:
            raise
        raise ExportInFlight(existing) from None
    return export


def _plain(text: str) -> str:
    """Plain text for Word: no control characters (XML 1.0 refuses most of them)."""
    return "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32)


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _date_text(entry: Any) -> str:
    """The date as the page shows it: a month, a span, or a day; then the date as the agency wrote it."""
    if entry.date_precision == DatePrecision.MONTH:
        text = entry.date.strftime("%B %Y")
    elif entry.date_to and entry.date_to != entry.date:
        text = f"{_day(entry.date)} to {_day(entry.date_to)}"
    else:
        text = _day(entry.date)
        if entry.date_precision == DatePrecision.APPROXIMATE:
            text += " (approximately)"
    if entry.time is not None:
        text += f" {entry.time:%H:%M}"
    if entry.date_as_written:
        text += f" (written as {entry.date_as_written})"
    return text


def _what_happened(entry: Any) -> str:
    parts = [entry.what_happened]
    for label, value in (
        ("Action taken", entry.action_taken),
        ("Outcome", entry.outcome),
        ("Who was seen", entry.who_seen),
    ):
        if value:
            parts.append(f"{label}: {value}")
    return "\n".join(parts)


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


class _Superseded(Exception):
    """This build's claim was taken over by a later one (chronology_exports_requeue_stale)."""


def chronology_export_run(*, export_id: UUID | str) -> ChronologyExport | None:
    """Build the document (the task worker calls this). Runs at most once per export."""
    from docx import Document as WordDocument

    claim = clock.now()
    claimed = ChronologyExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=claim
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
    from safeguarding_reviews.clocks.selectors import clock_settings_for

    notes = export_notes(case, user, clock_settings_for(case.lead_partnership).chronology_silence_days)
    pairs, rows_by_id = notes.flags, notes.rows
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
    previous = None
    try:
        for entry in entries.iterator(chunk_size=500):
            if filters.duplicates_only and entry.pk not in flagged:
                continue
            # Silent periods are rows in date order, between the entries they fall between.
            for period in notes.silences_between(previous, entry.sort_date):
                silent = [
                    _day(period.start),
                    "",
                    "Silent period",
                    silence_text(period),
                    "",
                    "",
                    "Silent period",
                ]
                for cell, value in zip(table.add_row().cells, silent, strict=True):
                    cell.text = value
            previous = entry.sort_date
            source = f"{entry.agency.name} entry {entry.agency_order}"
            if entry.source_record:
                source += f" ({entry.source_record})"
            values = [
                _date_text(entry),
                source,
                types.get(entry.event_type, entry.event_type),
                _what_happened(entry),
                entry.practitioner_role,
                entry.analysis,
                "; ".join(notes.notes(entry)),
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
                # Only as the claim this build started with: if `tick` re-queued it meanwhile (this worker
                # looked dead) and another build claimed it, this one's document is rolled back.
                finished = ChronologyExport.objects.filter(
                    pk=export.pk, status=ExportStatus.RUNNING, started_at=claim
                ).update(
                    status=ExportStatus.DONE, progress_done=done, document=stored, finished_at=clock.now()
                )
                if not finished:
                    raise _Superseded
    except _Superseded:
        return None
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


# --- Retention and stuck exports (run by chronology.tasks.chronology_exports_tidy from `tick`) -------------


def retention_days() -> int:
    """settings.CHRONOLOGY_EXPORT_RETENTION_DAYS (default 7), at least 1."""
    return max(1, int(getattr(settings, "CHRONOLOGY_EXPORT_RETENTION_DAYS", 7)))


def chronology_export_expire(*, export_id: UUID | str) -> bool:
    """Delete a finished export's stored file and mark it expired; the record stays for its status page and
    the audit trail. Safe with two workers: the conditional UPDATE (done to expired) lets one of them claim
    it, and only the one that claimed it erases the file and records the event. False when there was
    nothing to do (already expired, or not finished).

    The file is deleted before the commit, not after: if the commit then fails the export is still "done"
    with no file (its download answers 404) and the next run expires it again, so an erasure is never lost.
    """
    with transaction.atomic(durable=True):
        now = clock.now()
        claimed = ChronologyExport.objects.filter(pk=export_id, status=ExportStatus.DONE).update(
            status=ExportStatus.EXPIRED, expired_at=now
        )
        if not claimed:
            return False
        export = ChronologyExport.objects.select_related("case", "document").get(pk=export_id)
        if export.document is not None:
            document_erase(document=export.document)
        record_event(
            event_type=EventType.CHRONOLOGY_EXPORT_EXPIRED,
            case=export.case,
            partnership=export.case.lead_partnership,
            target=export,
            data={
                "export_id": str(export.pk),
                "document_id": str(export.document_id) if export.document_id else None,
                "retention_days": retention_days(),
            },
        )
    return True


def chronology_export_fail_stale(*, export_id: UUID | str) -> bool:
    """Fail an export that has been waiting or running for longer than STALE_AFTER (a worker died)."""
    with transaction.atomic(durable=True):
        failed = ChronologyExport.objects.filter(
            pk=export_id, status__in=IN_FLIGHT, created_at__lt=clock.now() - STALE_AFTER
        ).update(status=ExportStatus.FAILED, finished_at=clock.now())
        if not failed:
            return False
        export = ChronologyExport.objects.select_related("case", "requested_by").get(pk=export_id)
        record_event(
            event_type=EventType.CHRONOLOGY_EXPORT_FAILED,
            actor=export.requested_by,
            case=export.case,
            partnership=export.case.lead_partnership,
            target=export,
            data={"export_id": str(export.pk), "reason": "timed_out"},
        )
    return True


def requeue_after() -> dt.timedelta:
    """settings.STALE_JOB_REQUEUE_SECONDS (default 600): how long a build may run before `tick` takes its
    worker for dead and queues it again. Longer than any real build (O9: 30 s)."""
    return dt.timedelta(seconds=max(1, int(getattr(settings, "STALE_JOB_REQUEUE_SECONDS", 600))))


def chronology_export_requeue(*, export_id: UUID | str) -> bool:
    """Queue again an export whose build has been running for longer than requeue_after(): its worker died
    mid-build (a killed RQ worker's job is never retried, and a running export would never be claimed
    again). The conditional UPDATE lets one caller do it; the old build, should it still be alive, can no
    longer finish (its claim is gone), so the export is built and stored once."""
    with transaction.atomic(durable=True):
        requeued = ChronologyExport.objects.filter(
            pk=export_id, status=ExportStatus.RUNNING, started_at__lt=clock.now() - requeue_after()
        ).update(status=ExportStatus.QUEUED, started_at=None, progress_done=0)
        if not requeued:
            return False
        export = ChronologyExport.objects.select_related("case", "requested_by").get(pk=export_id)
        record_event(
            event_type=EventType.CHRONOLOGY_EXPORT_REQUEUED,
            case=export.case,
            partnership=export.case.lead_partnership,
            target=export,
            data={"export_id": str(export.pk), "after_seconds": int(requeue_after().total_seconds())},
        )
        from .tasks import chronology_export_build

        enqueue_with_write(chronology_export_build, export_id=str(export_id))
    return True


def chronology_exports_requeue_stale() -> int:
    """`tick`: queue again every export left running by a dead worker (chronology_export_requeue)."""
    stale = ChronologyExport.objects.filter(
        status=ExportStatus.RUNNING, started_at__lt=clock.now() - requeue_after()
    ).values_list("pk", flat=True)
    return sum(chronology_export_requeue(export_id=pk) for pk in list(stale))


def chronology_exports_tidy() -> dict[str, int]:
    """Expire every export finished more than the retention period ago, and fail every stuck one. Each
    export in its own transaction with its own audit event; running it twice, or on two workers at once,
    expires each export once."""
    now = clock.now()
    due = ChronologyExport.objects.filter(
        status=ExportStatus.DONE, finished_at__lt=now - dt.timedelta(days=retention_days())
    ).values_list("pk", flat=True)
    stuck = ChronologyExport.objects.filter(
        status__in=IN_FLIGHT, created_at__lt=now - STALE_AFTER
    ).values_list("pk", flat=True)
    expired = sum(chronology_export_expire(export_id=pk) for pk in list(due))
    failed = sum(chronology_export_fail_stale(export_id=pk) for pk in list(stuck))
    return {"expired": expired, "failed": failed}
