"""Every write to a chronology: keyword-only, owns the transaction, checks the policy, one audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.organisations.roles import Role

from .importer import ParsedRow
from .models import ChronologyEntry, ChronologyEventType, DatePrecision
from .ordering import sort_columns
from .policies import ChronologyAction, may, restriction_key


def _check(actor: Any, case: Case, agency_request: Any = None) -> None:
    """The business unit writes any agency's entries. With `agency_request` (a rapid_review.AgencyRequest)
    the actor writes as that request's author instead: only while the return is editable, only for that
    request's agency on that case (rapid_review.policies.may_write_return)."""
    if agency_request is None:
        if not may(actor, ChronologyAction.WRITE, case):
            raise PermissionDenied
        return
    from safeguarding_reviews.rapid_review.policies import may_write_return

    if agency_request.case_id != case.pk or not may_write_return(actor, agency_request):
        raise PermissionDenied


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


def _case_agencies(case: Case) -> set[int]:
    return set(
        Agency.objects.filter(partnership_id=case.lead_partnership_id, is_active=True).values_list(
            "pk", flat=True
        )
    )


def chronology_entry_add(
    *,
    actor: Any,
    case: Case,
    agency: Agency,
    date: dt.date,
    date_precision: str = DatePrecision.EXACT,
    time: dt.time | None = None,
    source_record: str = "",
    event_type: str,
    what_happened: str,
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
    if date_precision not in DatePrecision.values:
        errors["date_precision"] = "Select how precise the date is"
    if event_type not in ChronologyEventType.values:
        errors["event_type"] = "Select the type of event"
    if not what_happened.strip():
        errors["what_happened"] = "Enter what happened"
    roles = sorted(set(restricted_to_roles))
    if set(roles) - set(Role.values):
        errors["restricted_to_roles"] = "Select roles from the list"
    if errors:
        raise ValidationError(errors)
    if date_precision == DatePrecision.MONTH:
        date = date.replace(day=1)
    with transaction.atomic(durable=True):
        entry = _create_numbered(
            case=case,
            agency=agency,
            date=date,
            date_precision=date_precision,
            time=time,
            source_record=source_record.strip(),
            event_type=event_type,
            what_happened=what_happened.strip(),
            practitioner_role=practitioner_role.strip(),
            is_key_episode=is_key_episode,
            analysis=analysis.strip(),
            restricted_to_roles=roles,
            restricted_roles_key=restriction_key(roles),
            created_by=actor,
            **sort_columns(date, date_precision, time),
        )
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
    *, actor: Any, case: Case, rows: Sequence[ParsedRow], agency_request: Any = None
) -> int:
    """Import a whole validated file (importer.parse with no problems), in file order per agency. With
    `agency_request`, the request's author imports entries for their own agency only."""
    _check(actor, case, agency_request)
    if not rows:
        raise ValidationError({"file": "The file has no entries to import"})
    agencies = _case_agencies(case)
    if agency_request is not None:
        agencies &= {agency_request.agency_id}
    if {row.agency_id for row in rows} - agencies:
        raise ValidationError({"file": "The file names an agency that is not the partnership's"})
    with transaction.atomic(durable=True):
        orders = _next_orders(case, {row.agency_id for row in rows})
        entries = []
        for row in rows:
            orders[row.agency_id] += 1
            entries.append(
                ChronologyEntry(
                    case=case,
                    agency_id=row.agency_id,
                    date=row.date,
                    date_precision=row.precision,
                    time=row.time,
                    source_record=row.source_record,
                    event_type=row.event_type,
                    what_happened=row.what_happened,
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
        record_event(
            event_type=EventType.CHRONOLOGY_IMPORTED,
            actor=actor,
            case=case,
            partnership=case.lead_partnership,
            data={
                "rows": len(entries),
                "agency_ids": sorted({row.agency_id for row in rows}),
                **_request_data(agency_request),
            },
        )
    return len(entries)


def chronology_record_export(*, actor: Any, case: Case, rows: int) -> None:
    """The export is a read: one audit event with the number of rows it held."""
    with transaction.atomic():
        record_event(
            event_type=EventType.CHRONOLOGY_EXPORTED,
            actor=actor,
            case=case,
            partnership=case.lead_partnership,
            data={"rows": rows, "format": "xlsx"},
        )
