"""The Word (DOCX) export of the merged chronology: building it on the task worker, and the retention tidy.
Every write (request, claim, progress, finish, fail, download, expiry) is a chronology.services service
that owns its transaction and records its audit event; this module only reads and builds the document.

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
status page and the audit trail), and fails an export stuck in flight for EXPORT_STALE_AFTER so it cannot
block its requester for ever.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files import File

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.core import clock

from . import services
from .models import ChronologyEventType, ChronologyExport, DatePrecision
from .policies import ChronologyAction, may
from .selectors import (
    Filters,
    export_for_build,
    export_notes,
    exports_due,
    exports_stuck,
    filtered,
    merged_entries,
    row_matches,
    silence_text,
)

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

PROGRESS_EVERY = 100
HEADINGS = ["Date", "Agency and source", "Event", "What happened", "Practitioner role", "Analysis", "Notes"]


def may_read(user: User, case: Case) -> bool:
    """Still able to read this case's chronology (the case visible, a reading role)."""
    return (
        getattr(user, "is_active", False)
        and visible_cases(user).filter(pk=case.pk).exists()
        and may(user, ChronologyAction.VIEW, case)
    )


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


def chronology_export_run(*, export_id: UUID | str) -> ChronologyExport | None:
    """Build the document (the task worker calls this). Runs at most once per export."""
    from docx import Document as WordDocument

    claim = services.chronology_export_claim(export_id=export_id)
    if claim is None:
        return None
    export = export_for_build(export_id)
    user, case = export.requested_by, export.case
    if not may_read(user, case):
        services.chronology_export_fail(export=export, reason="no_access")
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
    services.chronology_export_progress(export=export, progress_total=total)
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
                services.chronology_export_progress(export=export, progress_done=done)
        with tempfile.TemporaryFile() as handle:
            document.save(handle)
            handle.seek(0)
            upload = File(handle, name=f"chronology-{case.reference}.docx")
            if not services.chronology_export_finish(export=export, upload=upload, rows=done, claim=claim):
                return None  # `tick` re-queued it meanwhile and a later build took it over
    except (ValidationError, OSError, ValueError):
        services.chronology_export_fail(export=export, reason="build_failed")
    except Exception:
        services.chronology_export_fail(export=export, reason="build_failed")
        raise  # the worker records the task as failed, with its traceback (no personal data in it)
    export.refresh_from_db()
    return export


# --- Retention and stuck exports (run by chronology.tasks.chronology_exports_tidy from `tick`) -------------


def chronology_exports_tidy() -> dict[str, int]:
    """Expire every export finished more than the retention period ago, and fail every stuck one. Each
    export in its own transaction with its own audit event; running it twice, or on two workers at once,
    expires each export once."""
    now = clock.now()
    due = exports_due(finished_before=now - dt.timedelta(days=services.export_retention_days()))
    stuck = exports_stuck(created_before=now - services.EXPORT_STALE_AFTER)
    expired = sum(services.chronology_export_expire(export_id=pk) for pk in due)
    failed = sum(services.chronology_export_fail_stale(export_id=pk) for pk in stuck)
    return {"expired": expired, "failed": failed}
