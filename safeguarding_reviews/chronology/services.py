"""Every write to a chronology: keyword-only, owns the transaction, checks the policy, one audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F as models_F
from django.db.models import Max
from django.db.models import Q as models_Q

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_lock
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.outbox import enqueue_with_write
from safeguarding_reviews.core.signals import answers
from safeguarding_reviews.core.versioning import update_versioned
from safeguarding_reviews.documents.inspection import TYPES, FileType
from safeguarding_reviews.documents.services import (
    document_erase,
    document_store,
    documents_attach_to_case,
)
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import active_agencies_of_partnership

from . import layout
from .duplicates import REACH_BEFORE, ROW_FIELDS, candidate_from_row, duplicate_flags, pair_key, span
from .importer import WHO_SEEN_MAX, ParsedRow
from .models import (
    CORRECTABLE_FIELDS,
    IMPORT_DRAFT_HOURS,
    IN_FLIGHT,
    SPAN_PRECISIONS,
    ChronologyEntry,
    ChronologyEntryVersion,
    ChronologyEventType,
    ChronologyExport,
    ChronologyImportBatch,
    ChronologyImportDraft,
    ChronologyLayoutMapping,
    DatePrecision,
    DuplicateDecision,
    DuplicateDecisionKind,
    ExportStatus,
    PossibleDuplicate,
    VersionKind,
)
from .ordering import sort_columns
from .policies import ChronologyAction, may, restriction_key
from .reading import MAX_UPLOAD_BYTES, read_file
from .selectors import Filters, export_in_flight, latest_export
from .signals import chronology_changed, entries_cited
from .spans import default_date_to

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

DATE_AS_WRITTEN_MAX = 100


def _check(actor: User, case: Case, agency_request: Any = None) -> None:
    """The business unit writes any agency's entries. With `agency_request` (a rapid_review.AgencyRequest)
    the actor writes as that request's author instead: only while the return is editable, only for that
    request's agency on that case (rapid_review.policies.may_write_return)."""
    if agency_request is None:
        if not may(actor, ChronologyAction.WRITE, case):
            raise PermissionDenied("You may not write this case's chronology")
        return
    from safeguarding_reviews.rapid_review.policies import may_write_return

    if agency_request.case_id != case.pk or not may_write_return(actor, agency_request):
        raise PermissionDenied("Only the request's author writes its entries, while the return can change")


def _request_data(agency_request: Any) -> dict[str, Any]:
    return {"request_id": agency_request.pk} if agency_request is not None else {}


def _next_orders(case: Case, agency_ids: set[int]) -> dict[int, int]:
    rows = (
        ChronologyEntry.objects.filter(case=case, agency_id__in=agency_ids)
        .values("agency_id")
        .annotate(top=Max("agency_order"))
        .order_by()
    )
    found = {row["agency_id"]: row["top"] for row in rows}
    return {agency_id: found.get(agency_id, 0) or 0 for agency_id in agency_ids}


def _create_numbered(**fields: Any) -> ChronologyEntry:
    """Create an entry at the end of its agency's chronology. The next number is read without a lock: if
    someone adds an entry for the same agency at the same moment, the unique constraint refuses this insert
    (inside a savepoint) and it is tried once more with a fresh number, so neither add is lost."""
    case, agency = fields["case"], fields["agency"]
    for attempt in (1, 2):
        fields["agency_order"] = _next_orders(case, {agency.pk})[agency.pk] + 1
        try:
            with transaction.atomic():
                return ChronologyEntry.objects.create(**fields)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _clean_entry_fields(
    errors: dict[str, str],
    *,
    date: dt.date,
    date_precision: str,
    date_to: dt.date | None,
    date_as_written: str,
    time: dt.time | None,
    event_type: str,
    what_happened: str,
    who_seen: str,
) -> dict[str, Any]:
    """The date span and the checked text fields shared by adding and correcting an entry. A month starts
    on its 1st; a month or year with no end is given its last day; a season or part of a year needs its end
    (chronology.dates works it out from what the agency wrote); exact and approximate dates have no span."""
    if date_precision not in DatePrecision.values:
        errors["date_precision"] = "Select how precise the date is"
    if event_type not in ChronologyEventType.values:
        errors["event_type"] = "Select the type of event"
    if not what_happened.strip():
        errors["what_happened"] = "Enter what happened"
    if len(who_seen.strip()) > WHO_SEEN_MAX:
        errors["who_seen"] = (
            f"Who was seen must be {WHO_SEEN_MAX} characters or fewer: initials or roles only"
        )
    if len(date_as_written.strip()) > DATE_AS_WRITTEN_MAX:
        errors["date_as_written"] = f"The date as written must be {DATE_AS_WRITTEN_MAX} characters or fewer"
    if date_precision == DatePrecision.MONTH:
        date = date.replace(day=1)
    if date_precision in SPAN_PRECISIONS:
        date_to = date_to or default_date_to(date, date_precision)
        if date_to is None:
            errors["date_to"] = "Enter the last day the date could be, for example 31/5/2024"
        elif date_to < date:
            errors["date_to"] = "The end of the date must be the same as or after its start"
    else:
        date_to = None
    return {
        "date": date,
        "date_to": date_to,
        "date_precision": date_precision,
        "date_as_written": date_as_written.strip(),
        "time": time,
        "event_type": event_type,
        "what_happened": what_happened.strip(),
        "who_seen": who_seen.strip(),
    }


def _case_agencies(case: Case) -> set[int]:
    return set(active_agencies_of_partnership(case.lead_partnership_id).values_list("pk", flat=True))


def chronology_entry_add(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    date: dt.date,
    date_precision: str = DatePrecision.EXACT,
    date_to: dt.date | None = None,
    date_as_written: str = "",
    time: dt.time | None = None,
    source_record: str = "",
    event_type: str,
    what_happened: str,
    action_taken: str = "",
    outcome: str = "",
    who_seen: str = "",
    practitioner_role: str = "",
    is_key_episode: bool = False,
    analysis: str = "",
    restricted_to_roles: Sequence[str] = (),
    agency_request: Any = None,
) -> ChronologyEntry:
    """Add one entry to the end of its agency's chronology for the case. With `agency_request`, the
    request's author adds an entry for their own agency (never a restricted one)."""
    _check(actor, case, agency_request)
    errors: dict[str, str] = {}
    if agency.pk not in _case_agencies(case):
        errors["agency"] = "Select one of the partnership's agencies"
    elif agency_request is not None and agency.pk != agency_request.agency_id:
        errors["agency"] = "Add entries for your own agency only"
    if agency_request is not None and restricted_to_roles:
        errors["restricted_to_roles"] = "Ask the business unit to restrict an entry"
    roles = sorted(set(restricted_to_roles))
    if set(roles) - set(Role.values):
        errors["restricted_to_roles"] = "Select roles from the list"
    fields = _clean_entry_fields(
        errors,
        date=date,
        date_precision=date_precision,
        date_to=date_to,
        date_as_written=date_as_written,
        time=time,
        event_type=event_type,
        what_happened=what_happened,
        who_seen=who_seen,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        entry = _create_numbered(
            case=case,
            agency=agency,
            **fields,
            source_record=source_record.strip(),
            action_taken=action_taken.strip(),
            outcome=outcome.strip(),
            practitioner_role=practitioner_role.strip(),
            is_key_episode=is_key_episode,
            analysis=analysis.strip(),
            restricted_to_roles=roles,
            restricted_roles_key=restriction_key(roles),
            created_by=actor,
            **sort_columns(fields["date"], fields["date_precision"], fields["time"]),
        )
        duplicate_pairs_store(case=case, entry_ids=[entry.pk])
        record_event(
            event_type=EventType.CHRONOLOGY_ENTRY_ADDED,
            actor=actor,
            case=case,
            partnership=case.lead_partnership,
            target=entry,
            data={
                "entry_id": entry.pk,
                "agency_id": agency.pk,
                "restricted": bool(roles),
                **_request_data(agency_request),
            },
        )
    return entry


def chronology_import(
    *,
    actor: User,
    case: Case,
    rows: Sequence[ParsedRow],
    agency_request: Any = None,
    file_name: str = "",
    date_warnings_accepted: int = 0,
) -> int:
    """Import a whole validated file (importer.parse with no problems), in file order per agency. With
    `agency_request`, the request's author imports entries for their own agency only. The entries belong to
    a new ChronologyImportBatch, so the whole import can be undone (chronology_import_undo).
    `date_warnings_accepted`: dates outside the period to cover the importer confirmed (audited)."""
    _check(actor, case, agency_request)
    _check_import_rows(case, rows, agency_request)
    with transaction.atomic(durable=True):
        batch = _import_rows(
            actor=actor, case=case, rows=rows, agency_request=agency_request, file_name=file_name
        )
        _record_imported(actor=actor, batch=batch, rows=rows, date_warnings_accepted=date_warnings_accepted)
    return batch.rows


def _check_import_rows(case: Case, rows: Sequence[ParsedRow], agency_request: Any) -> None:
    if not rows:
        raise ValidationError({"file": "The file has no entries to import"})
    agencies = _case_agencies(case)
    if agency_request is not None:
        agencies &= {agency_request.agency_id}
    if {row.agency_id for row in rows} - agencies:
        raise ValidationError({"file": "The file names an agency that is not the partnership's"})
    # The readers make these problems at their row and column; never cut short here.
    long = [row.row for row in rows if len(row.who_seen) > WHO_SEEN_MAX]
    if long:
        raise ValidationError(
            {
                "file": f"Row {long[0]}: who was seen must be {WHO_SEEN_MAX} characters or fewer: "
                "initials or roles only"
            }
        )


def _record_imported(
    *, actor: User, batch: ChronologyImportBatch, rows: Sequence[ParsedRow], **more: Any
) -> None:
    """The one `chronology.imported` event of an import (template or mapped: `more` adds the draft's ids and
    the date warnings accepted), inside the import's transaction."""
    case = batch.case
    record_event(
        event_type=EventType.CHRONOLOGY_IMPORTED,
        actor=actor,
        case=case,
        partnership=case.lead_partnership,
        target=batch,
        data={
            "rows": batch.rows,
            "batch_id": batch.pk,
            "agency_ids": sorted({row.agency_id for row in rows}),
            **more,
            **_request_data(batch.agency_request),
        },
    )


def _import_rows(
    *, actor: User, case: Case, rows: Sequence[ParsedRow], agency_request: Any, file_name: str
) -> ChronologyImportBatch:
    """Building block inside the caller's transaction: the batch and its entries, in file order per agency."""
    # Two imports into one case at once would read the same last numbers and the second would fail on
    # chronology_agency_order_unique (a 500 under load): hold the case row until this transaction ends, so
    # imports into a case take turns (PostgreSQL; SQLite already runs one writer at a time).
    case_lock(case=case)
    batch = ChronologyImportBatch.objects.create(
        case=case,
        agency_request=agency_request,
        file_name=file_name[:200],
        rows=len(rows),
        created_by=actor,
    )
    orders = _next_orders(case, {row.agency_id for row in rows})
    entries = []
    for row in rows:
        orders[row.agency_id] += 1
        # Rows from the richer reader (chronology.dates and the mapping: MappedRow) carry a span and the
        # new fields; the template's rows do not.
        date_to = getattr(row, "date_to", None)
        if row.precision in SPAN_PRECISIONS:
            date_to = date_to or default_date_to(row.date, row.precision)
        else:
            date_to = None
        entries.append(
            ChronologyEntry(
                case=case,
                agency_id=row.agency_id,
                import_batch=batch,
                date=row.date,
                date_to=date_to,
                date_precision=row.precision,
                date_as_written=str(getattr(row, "date_as_written", "") or "")[:DATE_AS_WRITTEN_MAX],
                time=row.time,
                source_record=row.source_record,
                event_type=row.event_type,
                event_type_as_written=str(getattr(row, "event_type_as_written", "") or "")[:200],
                what_happened=row.what_happened,
                action_taken=str(getattr(row, "action_taken", "") or ""),
                outcome=str(getattr(row, "outcome", "") or ""),
                who_seen=row.who_seen,
                practitioner_role=row.practitioner_role,
                is_key_episode=row.is_key_episode,
                analysis=row.analysis,
                restricted_to_roles=[],
                restricted_roles_key="",
                agency_order=orders[row.agency_id],
                created_by=actor,
                **sort_columns(row.date, row.precision, row.time),
            )
        )
    ChronologyEntry.objects.bulk_create(entries, batch_size=500)
    duplicate_pairs_store(case=case, entry_ids=[entry.pk for entry in entries])
    return batch


def chronology_record_export(*, actor: User, case: Case, rows: int) -> None:
    """The export is a read: one audit event with the number of rows it held."""
    with transaction.atomic():
        record_event(
            event_type=EventType.CHRONOLOGY_EXPORTED,
            actor=actor,
            case=case,
            partnership=case.lead_partnership,
            data={"rows": rows, "format": "xlsx"},
        )


# --- Corrections, withdrawals, undoing an import, duplicate decisions ------------------------------------


def _check_entry(actor: User, entry: ChronologyEntry, agency_request: Any) -> None:
    """The business unit may change any entry; a request's author (while their return is open) only their
    own agency's unrestricted entries on that case."""
    _check(actor, entry.case, agency_request)
    if agency_request is not None and (entry.agency_id != agency_request.agency_id or entry.is_restricted):
        raise PermissionDenied


def _reason(errors: dict[str, str], reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        errors["reason"] = f"Enter why you are {what} this entry"
    elif len(reason) > 2_000:
        errors["reason"] = "The reason must be 2,000 characters or fewer"
    return reason


def _stored(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.time) else value


def _snapshot(entry: ChronologyEntry) -> dict[str, Any]:
    return {name: _stored(getattr(entry, name)) for name in CORRECTABLE_FIELDS}


def _raise_outcome(actor: User, case: Case, cause: str, data: dict[str, Any]) -> int | None:
    """At the rapid review, a change to the chronology makes the outcome (and any report made from it) out of
    date: its version is raised and its sign-offs superseded, without making the actor one of its drafters.
    Once the report has been sent to the Panel nothing is raised (the outcome is fixed). The outcome listens
    (chronology.signals.chronology_changed)."""
    sent = answers(chronology_changed, sender=ChronologyEntry, actor=actor, case=case, cause=cause, data=data)
    versions: list[int] = [version for version in sent if version is not None]
    return versions[0] if versions else None


def chronology_entry_correct(
    *,
    actor: User,
    entry: ChronologyEntry,
    expected_version: int,
    changes: dict[str, Any],
    reason: str,
    agency_request: Any = None,
) -> ChronologyEntry:
    """Correct an entry: any of CORRECTABLE_FIELDS, with a reason. The values it held are kept as a
    ChronologyEntryVersion (who, when, why); the update is conditional on `expected_version` (a stale one
    raises core.versioning.StaleVersionError and nothing changes). At the rapid review the outcome's version
    is raised (chronology.signals.chronology_changed). The audit event holds ids, versions and the names of
    the fields changed, never the text."""
    case = entry.case
    _check_entry(actor, entry, agency_request)
    if entry.is_withdrawn:
        raise ValidationError("This entry has been withdrawn: it can no longer be corrected")
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    errors: dict[str, str] = {}
    reason = _reason(errors, reason, "correcting")
    merged = {name: getattr(entry, name) for name in CORRECTABLE_FIELDS} | changes
    fields = _clean_entry_fields(
        errors,
        date=merged["date"],
        date_precision=merged["date_precision"],
        date_to=merged["date_to"]
        if "date_to" in changes or merged["date_precision"] in SPAN_PRECISIONS
        else None,
        date_as_written=merged["date_as_written"] or "",
        time=merged["time"],
        event_type=merged["event_type"],
        what_happened=merged["what_happened"] or "",
        who_seen=merged["who_seen"] or "",
    )
    if errors:
        raise ValidationError(errors)
    new = merged | fields
    for name in ("source_record", "action_taken", "outcome", "practitioner_role", "analysis"):
        new[name] = (new[name] or "").strip()
    changed = [name for name in CORRECTABLE_FIELDS if new[name] != getattr(entry, name)]
    if not changed:
        raise ValidationError("Nothing has changed: change the entry, or cancel")
    now = clock.now()
    with transaction.atomic(durable=True):
        old = _snapshot(entry)
        old_version = expected_version
        entry = update_versioned(
            entry,
            expected_version=expected_version,
            changes={
                **{name: new[name] for name in changed},
                **sort_columns(new["date"], new["date_precision"], new["time"]),
                "corrected_at": now,
                "correction_reason": reason,
            },
        )
        if set(changed) & _PAIR_RULE_FIELDS:
            duplicate_pairs_store(case=case, entry_ids=[entry.pk])
        ChronologyEntryVersion.objects.create(
            entry=entry,
            version=old_version,
            kind=VersionKind.CORRECTED,
            values=old,
            changed_fields=changed,
            reason=reason,
            changed_by=actor,
            changed_at=now,
        )
        outcome_version = _raise_outcome(
            actor, case, "chronology.entry_corrected", {"entry_id": entry.pk, "entry_version": entry.version}
        )
        record_event(
            event_type=EventType.CHRONOLOGY_ENTRY_CORRECTED,
            actor=actor,
            case=case,
            partnership=case.lead_partnership,
            target=entry,
            data={
                "entry_id": entry.pk,
                "version": entry.version,
                "fields": changed,
                "outcome_version": outcome_version,
                **_request_data(agency_request),
            },
        )
    return entry


def _cited(entry_ids: Sequence[int]) -> set[int]:
    """The entries cited as evidence (chronology.signals.entries_cited: the outcome answers)."""
    cited: set[int] = set()
    for ids in answers(entries_cited, sender=ChronologyEntry, entry_ids=list(entry_ids)):
        cited |= set(ids)
    return cited


def chronology_entry_withdraw(
    *,
    actor: User,
    entry: ChronologyEntry,
    reason: str,
    expected_version: int | None = None,
    agency_request: Any = None,
) -> ChronologyEntry:
    """Withdraw an entry with a reason: it leaves the merged chronology, exports and reports, and stays
    (with its reason) for the business unit and the auditor under "show withdrawn". An entry cited as
    evidence in the rapid review outcome cannot be withdrawn while it is cited."""
    case = entry.case
    _check_entry(actor, entry, agency_request)
    errors: dict[str, str] = {}
    reason = _reason(errors, reason, "withdrawing")
    if entry.is_withdrawn:
        errors["__all__"] = "This entry has already been withdrawn"
    elif _cited([entry.pk]):
        errors["reason"] = (
            "This entry is cited as evidence in the rapid review outcome: remove it from the outcome's "
            "evidence before withdrawing it"
        )
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic(durable=True):
        old_version = entry.version if expected_version is None else expected_version
        old = _snapshot(entry)
        entry = update_versioned(
            entry,
            expected_version=old_version,
            changes={"withdrawn_at": now, "withdrawn_by": actor, "withdrawal_reason": reason},
        )
        ChronologyEntryVersion.objects.create(
            entry=entry,
            version=old_version,
            kind=VersionKind.WITHDRAWN,
            values=old,
            changed_fields=[],
            reason=reason,
            changed_by=actor,
            changed_at=now,
        )
        outcome_version = _raise_outcome(actor, case, "chronology.entry_withdrawn", {"entry_id": entry.pk})
        record_event(
            event_type=EventType.CHRONOLOGY_ENTRY_WITHDRAWN,
            actor=actor,
            case=case,
            partnership=case.lead_partnership,
            target=entry,
            data={
                "entry_id": entry.pk,
                "version": entry.version,
                "outcome_version": outcome_version,
                **_request_data(agency_request),
            },
        )
    return entry


def chronology_import_undo(*, actor: User, batch: ChronologyImportBatch, reason: str) -> int:
    """Undo a whole import in one step (the business unit only): every entry of the batch that is still
    active is withdrawn with the reason. Refused, and nothing changes, while any of them is cited as
    evidence in the outcome. Returns how many entries were withdrawn."""
    case = batch.case
    _check(actor, case)
    errors: dict[str, str] = {}
    reason = _reason(errors, reason, "undoing the import of")
    if batch.undone_at is not None:
        errors["__all__"] = "This import has already been undone"
    active = list(
        ChronologyEntry.objects.filter(import_batch=batch, withdrawn_at__isnull=True).order_by("pk")
    )
    cited = _cited([e.pk for e in active])
    if cited and "__all__" not in errors:
        errors["reason"] = (
            f"{len(cited)} of this import's entries {'is' if len(cited) == 1 else 'are'} cited as "
            "evidence in "
            "the rapid review outcome: remove them from the outcome's evidence first"
        )
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic(durable=True):
        claimed = ChronologyImportBatch.objects.filter(pk=batch.pk, undone_at__isnull=True).update(
            undone_at=now, undone_by=actor, undo_reason=reason
        )
        if not claimed:
            raise ValidationError({"__all__": "This import has already been undone"})
        ChronologyEntryVersion.objects.bulk_create(
            [
                ChronologyEntryVersion(
                    entry=entry,
                    version=entry.version,
                    kind=VersionKind.WITHDRAWN,
                    values=_snapshot(entry),
                    changed_fields=[],
                    reason=reason,
                    changed_by=actor,
                    changed_at=now,
                )
                for entry in active
            ],
            batch_size=500,
        )
        withdrawn = ChronologyEntry.objects.filter(
            pk__in=[e.pk for e in active], withdrawn_at__isnull=True
        ).update(
            withdrawn_at=now,
            withdrawn_by=actor,
            withdrawal_reason=reason,
            version=models_F("version") + 1,
        )
        outcome_version = None
        if withdrawn:
            outcome_version = _raise_outcome(actor, case, "chronology.import_undone", {"batch_id": batch.pk})
        record_event(
            event_type=EventType.CHRONOLOGY_IMPORT_UNDONE,
            actor=actor,
            case=case,
            partnership=case.lead_partnership,
            target=batch,
            data={"batch_id": batch.pk, "withdrawn": withdrawn, "outcome_version": outcome_version},
        )
    return withdrawn


# --- possible duplicates, stored (PossibleDuplicate) ------------------------------------------------------

# How far apart two entries' stored dates may be and still be compared: the approximate reach and the adjacent
# day after, and a month's span before (an old month entry may have no date_to; spans.coverage).
_PAIR_REACH_AFTER = REACH_BEFORE
_PAIR_REACH_BEFORE = dt.timedelta(days=35)


def duplicate_pairs_store(*, case: Case, entry_ids: Collection[int] | None = None) -> int:
    """Store the possible-duplicate pairs (duplicates.py's rule) that involve `entry_ids`, or every pair of
    the case when None, replacing those stored before: after an entry is added, imported or corrected, inside
    that transaction, and after a bulk insert that bypassed the services (the scale generator, tests). Every
    entry counts, withdrawn and restricted ones too: readers filter by what the viewer is shown. No audit
    event of its own: derived from entries whose writes are audited. Returns how many pairs are stored."""
    entries = ChronologyEntry.objects.filter(case=case)
    if entry_ids is None:
        changed = None
        candidates = entries
    else:
        changed = set(entry_ids)
        if not changed:
            return 0
        spans = [span(candidate_from_row(row)) for row in entries.filter(pk__in=changed).values(*ROW_FIELDS)]
        if not spans:
            return 0
        low = min(first for first, _ in spans) - _PAIR_REACH_AFTER
        high = max(last for _, last in spans) + _PAIR_REACH_AFTER
        candidates = entries.filter(date__lte=high).filter(
            models_Q(date_to__gte=low) | models_Q(date_to__isnull=True, date__gte=low - _PAIR_REACH_BEFORE)
        )
    flags = duplicate_flags(candidate_from_row(row) for row in candidates.values(*ROW_FIELDS))
    pairs = {
        pair_key(entry_id, flag.other_id): flag
        for entry_id, found in flags.items()
        for flag in found
        if changed is None or entry_id in changed or flag.other_id in changed
    }
    stored = PossibleDuplicate.objects.filter(case=case)
    if changed is not None:
        stored = stored.filter(models_Q(entry_low_id__in=changed) | models_Q(entry_high_id__in=changed))
    stored.delete()
    PossibleDuplicate.objects.bulk_create(
        [
            PossibleDuplicate(case=case, entry_low_id=low_id, entry_high_id=high_id, why=f.why, words=f.words)
            for (low_id, high_id), f in sorted(pairs.items())
        ],
        batch_size=2000,
    )
    return len(pairs)


# A correction of any of these can change the entry's pairs.
_PAIR_RULE_FIELDS = frozenset(ROW_FIELDS) - {"id"}


def chronology_duplicate_decide(
    *, actor: User, case: Case, entry_a: ChronologyEntry, entry_b: ChronologyEntry, decision: str
) -> DuplicateDecision:
    """Record the business unit's decision on a flagged pair: "same" (the first entry given becomes the
    primary; the other is shown as "also recorded by") or "different". Kept for the unordered pair, so the
    pair is never flagged again; deciding a pair twice is refused."""
    _check(actor, case)
    errors: dict[str, str] = {}
    if decision not in DuplicateDecisionKind.values:
        errors["decision"] = "Select whether these are the same event"
    if entry_a.pk == entry_b.pk or entry_a.case_id != case.pk or entry_b.case_id != case.pk:
        errors["__all__"] = "Choose two entries of this case"
    elif entry_a.agency_id == entry_b.agency_id:
        errors["__all__"] = "Entries of one agency are never duplicates of each other"
    elif entry_a.is_withdrawn or entry_b.is_withdrawn:
        errors["__all__"] = "One of these entries has been withdrawn"
    if errors:
        raise ValidationError(errors)
    low, high = sorted((entry_a, entry_b), key=lambda e: e.pk)
    try:
        with transaction.atomic(durable=True):
            decided = DuplicateDecision.objects.create(
                case=case,
                entry_low=low,
                entry_high=high,
                decision=decision,
                primary=entry_a if decision == DuplicateDecisionKind.SAME else None,
                decided_by=actor,
                decided_at=clock.now(),
            )
            record_event(
                event_type=EventType.CHRONOLOGY_DUPLICATE_DECIDED,
                actor=actor,
                case=case,
                partnership=case.lead_partnership,
                target=decided,
                data={
                    "decision_id": decided.pk,
                    "entry_ids": [low.pk, high.pk],
                    "primary_id": decided.primary_id,
                    "decision": decision,
                },
            )
    except IntegrityError as exc:
        raise ValidationError({"__all__": "This pair has already been decided"}) from exc
    return decided


# --- Mapping any layout: the uploaded file kept as a draft, its choices, the import -------------------------

CSV_TYPE = FileType("csv", "text/csv", "csv", "CSV")


def _check_draft(actor: User, draft: ChronologyImportDraft) -> None:
    """Only the person who uploaded a draft may use it, and only while they may still import for its case
    (or, for an author's draft, while their return can be changed)."""
    if draft.uploaded_by_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the person who uploaded this import uses it")
    _check(actor, draft.case, draft.agency_request)
    if draft.import_batch_id is not None:
        raise ValidationError({"__all__": "This file has already been imported"})
    if draft.expires_at <= clock.now():
        raise ValidationError({"__all__": "This upload has expired: upload the file again"})


def chronology_import_draft_create(
    *, actor: User, case: Case, uploaded_file: Any, agency_request: Any = None
) -> ChronologyImportDraft:
    """Keep an uploaded agency file (CSV or XLSX) as a draft import, after its content is checked by the
    reader (chronology.reading: a real spreadsheet, the size, row and unpacked limits). The document store
    keeps the file; the draft holds the choices to come (sheet, agency, mapping, value table). An author's
    draft is for their own agency, fixed."""
    _check(actor, case, agency_request)
    name = str(getattr(uploaded_file, "name", "") or "file")
    size = getattr(uploaded_file, "size", None) or 0
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": "The file must be smaller than 10 MB"})
    uploaded_file.seek(0)
    data = uploaded_file.read()
    read = read_file(name, data)
    if not read.sheets:
        message = read.problems[0].message if read.problems else "The file could not be read"
        raise ValidationError({"file": message})
    uploaded_file.seek(0)
    with transaction.atomic(durable=True):
        # An agency's author does not see the case itself (only their request), so their file is stored
        # without one and given the case straight away (the policy was checked above).
        document = document_store(
            actor=actor,
            case=case if agency_request is None else None,
            uploaded_file=uploaded_file,
            purpose="chronology_import",
            partnership=case.lead_partnership,
            checked_type=TYPES["xlsx"] if read.kind == "xlsx" else CSV_TYPE,
        )
        if agency_request is not None:
            documents_attach_to_case(document_ids=[document.pk], case=case)
        draft = ChronologyImportDraft.objects.create(
            case=case,
            agency_request=agency_request,
            document=document,
            file_name=(name.rsplit("/", 1)[-1])[:200],
            uploaded_by=actor,
            expires_at=clock.now() + dt.timedelta(hours=IMPORT_DRAFT_HOURS),
            visible_sheets=list(read.visible_sheets),
            skipped_sheets=list(read.skipped_sheets),
            sheet=read.visible_sheets[0] if len(read.visible_sheets) == 1 else "",
            agency_id=agency_request.agency_id if agency_request is not None else None,
        )
        record_event(
            event_type=EventType.CHRONOLOGY_IMPORT_DRAFT_CREATED,
            actor=actor,
            case=case,
            partnership=case.lead_partnership,
            target=draft,
            data={
                "draft_id": str(draft.pk),
                "document_id": str(document.pk),
                "kind": read.kind,
                **_request_data(agency_request),
            },
        )
    return draft


def chronology_import_draft_choose(
    *, actor: User, draft: ChronologyImportDraft, sheet: str, agency: Agency | None
) -> ChronologyImportDraft:
    """The sheet (when the file has more than one visible) and the agency for the whole file. Choosing
    another sheet or agency starts the mapping afresh (the saved mapping for that agency is offered)."""
    _check_draft(actor, draft)
    errors: dict[str, str] = {}
    if len(draft.visible_sheets) > 1 and sheet not in draft.visible_sheets:
        errors["sheet"] = "Select the sheet that holds the chronology"
    if draft.agency_request is not None:
        agency = draft.agency_request.agency
    elif agency is None or agency.pk not in _case_agencies(draft.case):
        errors["agency"] = "Select the agency whose chronology this is"
    if errors:
        raise ValidationError(errors)
    assert agency is not None
    sheet = sheet if len(draft.visible_sheets) > 1 else (draft.visible_sheets or [""])[0]
    changes: dict[str, Any] = {"sheet": sheet, "agency": agency, "chosen": True}
    if sheet != draft.sheet or agency.pk != draft.agency_id:
        changes |= {"mapping": {}, "event_types": {}, "mapping_confirmed": False, "saved_mapping": None}
    with transaction.atomic(durable=True):
        for name, value in changes.items():
            setattr(draft, name, value)
        draft.save(update_fields=[*changes])
        _record_draft_change(actor, draft, "chosen")
    return draft


def _record_draft_change(actor: User, draft: ChronologyImportDraft, step: str) -> None:
    record_event(
        event_type=EventType.CHRONOLOGY_IMPORT_DRAFT_CHANGED,
        actor=actor,
        case=draft.case,
        partnership=draft.case.lead_partnership,
        target=draft,
        data={
            "draft_id": str(draft.pk),
            "step": step,
            "agency_id": draft.agency_id,
            **_request_data(draft.agency_request),
        },
    )


def chronology_import_draft_map(
    *,
    actor: User,
    draft: ChronologyImportDraft,
    mapping: dict[str, str],
    event_types: dict[str, str],
    headings: Sequence[str],
) -> ChronologyImportDraft:
    """The person's mapping: every heading of the file to a field or "ignore", and the value table (each
    type of event as written to a managed type). One column at most for a one-column field; the date must
    be mapped, and something to what happened (or another narrative field)."""
    _check_draft(actor, draft)
    errors: dict[str, str] = {}
    fields = set(layout.FIELDS)
    if draft.agency_request is not None:
        fields.discard("agency")
    for index, heading in enumerate(headings):
        name = mapping.get(heading, "")
        if name not in fields:
            errors[f"column_{index}"] = f"Select what “{heading[:60]}” holds, or “Do not import”"
    for index, (value, code) in enumerate(event_types.items()):
        if code not in ChronologyEventType.values:
            errors[f"type_{index}"] = f"Select the type of event for “{value[:60]}”"
    chosen = [mapping.get(heading) for heading in headings]
    if not errors:
        if "date" not in chosen:
            errors["__all__"] = "Select the column that holds the date"
        elif not set(chosen) & set(layout.NARRATIVE_FIELDS):
            errors["__all__"] = "Select the column that holds what happened"
        for name in layout.SINGLE_FIELDS:
            if chosen.count(name) > 1:
                for index, heading in enumerate(headings):
                    if mapping.get(heading) == name:
                        errors[f"column_{index}"] = (
                            f"Only one column can be the {layout.FIELDS[name].lower()}"
                        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        draft.mapping = {heading: mapping[heading] for heading in headings}
        draft.event_types = dict(event_types)
        draft.mapping_confirmed = True
        draft.save(update_fields=["mapping", "event_types", "mapping_confirmed"])
        _record_draft_change(actor, draft, "mapped")
    return draft


def chronology_import_from_draft(
    *,
    actor: User,
    draft: ChronologyImportDraft,
    problem_count: int,
    rows: Sequence[ParsedRow],
    headings: Sequence[str],
    date_warnings: int = 0,
    dates_checked: bool = False,
) -> int:
    """Import a checked draft, all or nothing (the caller checked the file with the draft's choices and
    found no problem: selectors.import_draft_check). `date_warnings` dates are outside the period the agency
    was asked to cover: the person must say they checked them (`dates_checked`), and the count accepted is
    audited. The entries belong to a new import batch (undo works); the confirmed mapping and value table
    are saved for the agency's layout and offered next time."""
    _check_draft(actor, draft)
    case = draft.case
    if not draft.mapping_confirmed or draft.agency_id is None:
        raise ValidationError({"__all__": "Confirm the columns before importing"})
    if problem_count:
        raise ValidationError(
            {"__all__": "The file has problems: nothing was imported. Correct them and upload it again"}
        )
    if date_warnings and not dates_checked:
        raise ValidationError(
            {
                "dates_checked": "Check the dates outside the period to cover, then tick "
                "“I have checked these dates” to import them"
            }
        )
    _check_import_rows(case, rows, draft.agency_request)
    signature = layout.heading_signature(list(headings))
    with transaction.atomic(durable=True):
        batch = _import_rows(
            actor=actor, case=case, rows=rows, agency_request=draft.agency_request, file_name=draft.file_name
        )
        saved, _ = ChronologyLayoutMapping.objects.update_or_create(
            partnership_id=case.lead_partnership_id,
            agency_id=draft.agency_id,
            signature=signature,
            defaults={
                "headings": list(headings),
                "mapping": dict(draft.mapping),
                "event_types": dict(draft.event_types),
                "saved_by": actor,
                "saved_at": clock.now(),
            },
        )
        # Claimed after the insert: a second import of the same draft at the same moment finds it taken
        # and rolls back, so the file is never imported twice.
        if not ChronologyImportDraft.objects.filter(pk=draft.pk, import_batch__isnull=True).update(
            import_batch=batch
        ):
            raise ValidationError({"__all__": "This file has already been imported"})
        draft.import_batch = batch
        _record_imported(
            actor=actor,
            batch=batch,
            rows=rows,
            draft_id=str(draft.pk),
            layout_mapping_id=saved.pk,
            date_warnings_accepted=date_warnings,
        )
    return batch.rows


def chronology_import_drafts_tidy() -> int:
    """The task worker's tidy (chronology.tasks.chronology_exports_tidy, every minute): the stored file of
    every draft import that has been imported or has expired is erased (the draft and the document's record
    stay, for the audit trail). Each in its own transaction with its own audit event; claimed by a
    conditional update, so two workers erase each once. Returns how many were erased."""
    from safeguarding_reviews.documents.models import Document

    now = clock.now()
    due = ChronologyImportDraft.objects.filter(
        models_Q(import_batch__isnull=False) | models_Q(expires_at__lte=now),
        document__removed_at__isnull=True,
    ).values_list("pk", "document_id")
    erased = 0
    for draft_id, document_id in list(due[:500]):
        with transaction.atomic(durable=True):
            claimed = Document.objects.filter(pk=document_id, removed_at__isnull=True).update(removed_at=now)
            if not claimed:
                continue
            draft = ChronologyImportDraft.objects.select_related("case", "document").get(pk=draft_id)
            document_erase(document=draft.document)
            record_event(
                event_type=EventType.CHRONOLOGY_IMPORT_DRAFT_ERASED,
                case=draft.case,
                partnership=draft.case.lead_partnership,
                target=draft,
                data={
                    "draft_id": str(draft.pk),
                    "document_id": str(document_id),
                    "imported": draft.import_batch_id is not None,
                },
            )
            erased += 1
    return erased


# --- The Word export's writes (chronology.exports builds the document and calls these) --------------------

# Its stored file's purpose: documents.policies refuses it on the general download URL.
EXPORT_PURPOSE = "chronology_export"

# An export still queued or running after this long is failed by the tidy task (a worker died mid-build),
# so the one-in-flight rule cannot keep its requester waiting for ever. A build takes seconds (O9: 30 s).
EXPORT_STALE_AFTER = dt.timedelta(hours=1)


def _export_event(event_type: EventType, export: ChronologyExport, *, actor: Any = None, **data: Any) -> None:
    """An export's audit event: its case and partnership, the export as target, its id first in the data."""
    record_event(
        event_type=event_type,
        actor=actor,
        case=export.case,
        partnership=export.case.lead_partnership,
        target=export,
        data={"export_id": str(export.pk), **data},
    )


class ExportInFlight(Exception):
    """The requester already has an export of this case waiting or being built: that one, not a new one."""

    def __init__(self, export: ChronologyExport):
        super().__init__(f"export {export.pk} is in flight")
        self.export = export


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

    existing = export_in_flight(actor, case)
    if existing is not None:
        raise ExportInFlight(existing)
    try:
        with transaction.atomic(durable=True):
            export = ChronologyExport.objects.create(
                case=case, requested_by=actor, filters=filters.as_data(), status=ExportStatus.QUEUED
            )
            _export_event(EventType.CHRONOLOGY_EXPORT_REQUESTED, export, actor=actor, format="docx")
            enqueue_with_write(chronology_export_build, export_id=str(export.pk))
    except IntegrityError as exc:
        # Another request of the same person and case committed between our check and our insert: the
        # constraint refused ours (nothing was written). Show theirs (it may even have finished by now).
        if not _is_in_flight_conflict(exc):
            raise
        existing = export_in_flight(actor, case) or latest_export(actor, case)
        if existing is None:
            raise
        raise ExportInFlight(existing) from None
    return export


def chronology_export_claim(*, export_id: Any) -> dt.datetime | None:
    """Take a queued export for building. The conditional update lets one worker claim it: None for the
    others, and for an export already built or failed. The claim is its start time: the build finishes
    only under it (chronology_export_finish)."""
    claim = clock.now()
    claimed = ChronologyExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=claim
    )
    return claim if claimed else None


def chronology_export_progress(*, export: ChronologyExport, **changes: Any) -> None:
    """Save how far the build has got (rows counted, rows written): a progress counter, not audited."""
    ChronologyExport.objects.filter(pk=export.pk).update(**changes)


def chronology_export_fail(*, export: ChronologyExport, reason: str) -> None:
    with transaction.atomic():
        chronology_export_progress(export=export, status=ExportStatus.FAILED, finished_at=clock.now())
        _export_event(EventType.CHRONOLOGY_EXPORT_FAILED, export, actor=export.requested_by, reason=reason)


class _Superseded(Exception):
    """This build's claim was taken over by a later one (chronology_export_requeue)."""


def chronology_export_finish(*, export: ChronologyExport, upload: Any, rows: int, claim: dt.datetime) -> bool:
    """Store the built file as the requester's (documents.services.document_store records its event) and
    mark the export done, together; only under the claim this build started with. False (and nothing kept)
    when `tick` re-queued the export meanwhile (this worker looked dead) and another build claimed it."""
    case = export.case
    try:
        with transaction.atomic(durable=True):
            stored = document_store(
                actor=export.requested_by,
                case=case,
                uploaded_file=upload,
                purpose=EXPORT_PURPOSE,
                partnership=case.lead_partnership,
            )
            finished = ChronologyExport.objects.filter(
                pk=export.pk, status=ExportStatus.RUNNING, started_at=claim
            ).update(status=ExportStatus.DONE, progress_done=rows, document=stored, finished_at=clock.now())
            if not finished:
                raise _Superseded  # rolls the stored document back
    except _Superseded:
        return False
    return True


def requeue_after() -> dt.timedelta:
    """settings.STALE_JOB_REQUEUE_SECONDS (default 600): how long a build may run before `tick` takes its
    worker for dead and queues it again. Longer than any real build (O9: 30 s)."""
    return dt.timedelta(seconds=max(1, int(getattr(settings, "STALE_JOB_REQUEUE_SECONDS", 600))))


def chronology_export_requeue(*, export_id: Any) -> bool:
    """Queue again an export whose build has been running for longer than requeue_after(): its worker died
    mid-build (a killed RQ worker's job is never retried, and a running export would never be claimed
    again). The conditional UPDATE lets one caller do it; the old build, should it still be alive, can no
    longer finish (its claim is gone), so the export is built and stored once."""
    from .tasks import chronology_export_build

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
        enqueue_with_write(chronology_export_build, export_id=str(export_id))
    return True


def chronology_exports_requeue_stale() -> int:
    """`tick`: queue again every export left running by a dead worker (chronology_export_requeue)."""
    stale = ChronologyExport.objects.filter(
        status=ExportStatus.RUNNING, started_at__lt=clock.now() - requeue_after()
    ).values_list("pk", flat=True)
    return sum(chronology_export_requeue(export_id=pk) for pk in list(stale))


def chronology_export_record_download(*, actor: Any, export: ChronologyExport) -> None:
    """The one read event of a Word export's download."""
    with transaction.atomic():
        _export_event(
            EventType.CHRONOLOGY_EXPORTED,
            export,
            actor=actor,
            document_id=str(export.document_id),
            rows=export.progress_done,
            format="docx",
        )


def export_retention_days() -> int:
    """settings.CHRONOLOGY_EXPORT_RETENTION_DAYS (default 7), at least 1."""
    return max(1, int(getattr(settings, "CHRONOLOGY_EXPORT_RETENTION_DAYS", 7)))


def chronology_export_expire(*, export_id: Any) -> bool:
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
        _export_event(
            EventType.CHRONOLOGY_EXPORT_EXPIRED,
            export,
            document_id=str(export.document_id) if export.document_id else None,
            retention_days=export_retention_days(),
        )
    return True


def chronology_export_fail_stale(*, export_id: Any) -> bool:
    """Fail an export that has been waiting or running for longer than EXPORT_STALE_AFTER (a worker died)."""
    with transaction.atomic(durable=True):
        failed = ChronologyExport.objects.filter(
            pk=export_id, status__in=IN_FLIGHT, created_at__lt=clock.now() - EXPORT_STALE_AFTER
        ).update(status=ExportStatus.FAILED, finished_at=clock.now())
        if not failed:
            return False
        export = ChronologyExport.objects.select_related("case", "requested_by").get(pk=export_id)
        _export_event(
            EventType.CHRONOLOGY_EXPORT_FAILED, export, actor=export.requested_by, reason="timed_out"
        )
    return True
