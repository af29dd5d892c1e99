"""Reads of a case's chronology that depend on who is asking. Every list starts from visible_entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from safeguarding_reviews.cases.models import Case

from .cursor import MergeKey, format_cursor, parse_cursor
from .duplicates import SPAN_AFTER_SORT_DATE, SPAN_BEFORE_SORT_DATE, DuplicateCandidate, date_span
from .duplicates import duplicate_pairs as _duplicate_pairs
from .models import ChronologyEntry
from .ordering import ORDER_BY
from .policies import lead_roles
from .silence import SilentPeriod, silent_periods

PAGE_SIZE = 200


def visible_entries(user: Any, case: Case) -> QuerySet[ChronologyEntry]:
    """The case's entries this user may see: restricted entries only for holders of a named role."""
    allowed = Q(restricted_roles_key="")
    for role in lead_roles(user, case):
        allowed |= Q(restricted_roles_key__contains=f",{role},")
    return ChronologyEntry.objects.filter(case=case).filter(allowed)


def merged_entries(case: Case, user: Any) -> QuerySet[ChronologyEntry]:
    """All visible entries in the written merge order (chronology.ordering), sorted by the database."""
    return visible_entries(user, case).select_related("agency").order_by(*ORDER_BY)


@dataclass(frozen=True)
class Filters:
    agency_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_type: str = ""
    key_only: bool = False
    duplicates_only: bool = False

    def as_data(self) -> dict[str, Any]:
        """Ids, codes and ISO dates only (stored on an export job)."""
        return {
            "agency_id": self.agency_id,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "event_type": self.event_type,
            "key_only": self.key_only,
            "duplicates_only": self.duplicates_only,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Filters:
        def day(value: Any) -> dt.date | None:
            return dt.date.fromisoformat(value) if value else None

        return cls(
            agency_id=data.get("agency_id") or None,
            date_from=day(data.get("date_from")),
            date_to=day(data.get("date_to")),
            event_type=str(data.get("event_type") or ""),
            key_only=bool(data.get("key_only")),
            duplicates_only=bool(data.get("duplicates_only")),
        )


def filtered(qs: QuerySet[ChronologyEntry], filters: Filters) -> QuerySet[ChronologyEntry]:
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.date_from:
        qs = qs.filter(sort_date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(sort_date__lte=filters.date_to)
    if filters.event_type:
        qs = qs.filter(event_type=filters.event_type)
    if filters.key_only:
        qs = qs.filter(is_key_episode=True)
    return qs


def cursor_for(entry: ChronologyEntry) -> str:
    return format_cursor(
        (entry.sort_date, entry.has_time, entry.sort_time, entry.agency_id, entry.agency_order, entry.pk)
    )


def after(qs: QuerySet[ChronologyEntry], key: MergeKey) -> QuerySet[ChronologyEntry]:
    """Keyset: entries strictly after `key` in ORDER_BY (a row comparison spelled out for every database)."""
    condition = Q()
    for i, name in enumerate(ORDER_BY):
        step = Q(**{f"{name}__gt": key[i]})
        for j in range(i):
            step &= Q(**{ORDER_BY[j]: key[j]})
        condition |= step
    return qs.filter(condition)


def merged_page(
    case: Case, user: Any, filters: Filters, cursor: str = ""
) -> tuple[list[ChronologyEntry], str | None]:
    """One page of PAGE_SIZE entries and the cursor of the next page (None on the last page)."""
    qs = filtered(merged_entries(case, user), filters)
    key = parse_cursor(cursor) if cursor else None
    if key is not None:
        qs = after(qs, key)
    rows = list(qs[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (cursor_for(rows[-1]) if more and rows else None)


# --- flags: possible duplicates and silent periods -------------------------------------------------------

_CANDIDATE_FIELDS = (
    "id",
    "agency_id",
    "agency__name",
    "agency_order",
    "event_type",
    "date",
    "date_precision",
    "time",
    "what_happened",
    "sort_date",
    "has_time",
    "sort_time",
    "is_key_episode",
)


@dataclass(frozen=True)
class DuplicateOf:
    """What the page says about the other entry: "Possible duplicate of Police entry 3"."""

    entry_id: int
    agency_name: str
    agency_order: int


@dataclass
class MergedPage:
    entries: list[ChronologyEntry]
    next_cursor: str | None
    duplicates: dict[int, list[DuplicateOf]]
    silent_periods: list[SilentPeriod]
    silences_before: dict[int, list[SilentPeriod]]


def _candidate(row: dict[str, Any]) -> DuplicateCandidate:
    return DuplicateCandidate(
        id=row["id"],
        agency_id=row["agency_id"],
        event_type=row["event_type"],
        date=row["date"],
        precision=row["date_precision"],
        time=row["time"],
        text=row["what_happened"],
    )


def _row_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name] for name in ORDER_BY)


def row_matches(row: dict[str, Any], filters: Filters) -> bool:
    """The Python twin of `filtered`, for the possible-duplicates-only page (rows already in memory)."""
    return not (
        (filters.agency_id and row["agency_id"] != filters.agency_id)
        or (filters.date_from and row["sort_date"] < filters.date_from)
        or (filters.date_to and row["sort_date"] > filters.date_to)
        or (filters.event_type and row["event_type"] != filters.event_type)
        or (filters.key_only and not row["is_key_episode"])
    )


def _described(pairs: dict[int, list[int]], rows: dict[int, dict[str, Any]], ids: list[int]) -> dict:
    return {
        entry_id: [
            DuplicateOf(other, rows[other]["agency__name"], rows[other]["agency_order"])
            for other in pairs.get(entry_id, [])
        ]
        for entry_id in ids
        if pairs.get(entry_id)
    }


def duplicate_map(case: Case, user: Any) -> tuple[dict[int, list[int]], dict[int, dict[str, Any]]]:
    """Possible duplicates among every entry this user may see (one query): (pairs, rows by id)."""
    rows = {row["id"]: row for row in visible_entries(user, case).order_by().values(*_CANDIDATE_FIELDS)}
    return _duplicate_pairs(_candidate(row) for row in rows.values()), rows


def case_silent_periods(case: Case, user: Any, silence_days: int) -> list[SilentPeriod]:
    """Silent periods among the entries this user may see (one query over the distinct dates)."""
    dates = visible_entries(user, case).order_by().values_list("date", "date_precision").distinct()
    return silent_periods(list(dates), silence_days)


def _silences_before(
    entries: list[ChronologyEntry], periods: list[SilentPeriod], previous: dt.date | None
) -> dict[int, list[SilentPeriod]]:
    """Each silent period that lies wholly between two neighbouring rows goes before the later one."""
    found: dict[int, list[SilentPeriod]] = {}
    for entry in entries:
        if previous is not None:
            between = [p for p in periods if previous <= p.start and p.end <= entry.sort_date]
            if between:
                found[entry.pk] = between
        previous = entry.sort_date
    return found


def merged_page_with_flags(
    case: Case, user: Any, filters: Filters, cursor: str, silence_days: int
) -> MergedPage:
    """One page with its possible-duplicate flags and silent periods, in a fixed number of queries:
    the page, the candidates for its flags (entries on nearby dates: one query bounded by the page's dates;
    every visible entry when only possible duplicates are asked for) and the distinct dates for silences."""
    key = parse_cursor(cursor) if cursor else None
    if filters.duplicates_only:
        pairs, rows = duplicate_map(case, user)
        keys = sorted(
            _row_key(row)
            for entry_id, row in rows.items()
            if pairs.get(entry_id) and row_matches(row, filters) and (key is None or _row_key(row) > key)
        )
        chosen = [k[-1] for k in keys[: PAGE_SIZE + 1]]
        page = list(
            ChronologyEntry.objects.filter(pk__in=chosen).select_related("agency").order_by(*ORDER_BY)
        )
        more = len(page) > PAGE_SIZE
        entries = page[:PAGE_SIZE]
        next_cursor = cursor_for(entries[-1]) if more and entries else None
    else:
        entries, next_cursor = merged_page(case, user, filters, cursor)
        rows = {}
        pairs = {}
        if entries:
            spans = [date_span(e.date, e.date_precision) for e in entries]
            low = min(first for first, _ in spans) - SPAN_AFTER_SORT_DATE
            high = max(last for _, last in spans) + SPAN_BEFORE_SORT_DATE
            nearby = visible_entries(user, case).filter(sort_date__gte=low, sort_date__lte=high)
            rows = {row["id"]: row for row in nearby.order_by().values(*_CANDIDATE_FIELDS)}
            pairs = _duplicate_pairs(_candidate(row) for row in rows.values())
    periods = case_silent_periods(case, user, silence_days)
    ids = [e.pk for e in entries]
    return MergedPage(
        entries=entries,
        next_cursor=next_cursor,
        duplicates=_described(pairs, rows, ids),
        silent_periods=periods,
        silences_before=_silences_before(entries, periods, key[0] if key else None),
    )
