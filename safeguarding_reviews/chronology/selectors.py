"""Reads of a case's chronology that depend on who is asking. Every list starts from visible_entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from safeguarding_reviews.cases.models import Case

from .models import ChronologyEntry
from .ordering import ORDER_BY
from .policies import lead_roles

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
    return ".".join(
        [
            entry.sort_date.strftime("%Y%m%d"),
            "1" if entry.has_time else "0",
            entry.sort_time.strftime("%H%M%S"),
            str(entry.agency_id),
            str(entry.agency_order),
            str(entry.pk),
        ]
    )


def parse_cursor(text: str) -> tuple[Any, ...] | None:
    parts = text.split(".")
    if len(parts) != 6 or not all(p.isdigit() for p in parts):
        return None
    try:
        return (
            dt.datetime.strptime(parts[0], "%Y%m%d").date(),  # noqa: DTZ007
            parts[1] == "1",
            dt.datetime.strptime(parts[2], "%H%M%S").time(),  # noqa: DTZ007
            int(parts[3]),
            int(parts[4]),
            int(parts[5]),
        )
    except ValueError:
        return None


def after(qs: QuerySet[ChronologyEntry], key: tuple[Any, ...]) -> QuerySet[ChronologyEntry]:
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
