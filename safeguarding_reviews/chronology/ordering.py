"""The merge order of a multi-agency chronology: written down once, independent of any database.

An entry's place is decided by, in turn:

1. its effective date: the date itself, except that an entry known only to the month sorts at the start of
   its month (the 1st); an approximate date sorts on the date given;
2. its time: entries with no time come first on their day, then entries by time;
3. the agency's id (entries of one agency stay together on a tie);
4. the entry's place in its agency's own chronology (`agency_order`), so ties keep each agency's order;
5. the entry's id (unique, so the order is total).

Never text: two entries never swap because of what they say. The database sorts on stored columns
(`sort_date`, `has_time`, `sort_time`) that `sort_columns` derives; `ORDER_BY` is the same key in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MIDNIGHT = dt.time(0, 0)
ORDER_BY = ("sort_date", "has_time", "sort_time", "agency_id", "agency_order", "id")


def effective_date(date: dt.date, precision: str) -> dt.date:
    return date.replace(day=1) if precision == "month" else date


def sort_columns(date: dt.date, precision: str, time: dt.time | None) -> dict[str, Any]:
    """The stored sort columns for an entry."""
    return {
        "sort_date": effective_date(date, precision),
        "has_time": time is not None,
        "sort_time": time if time is not None else MIDNIGHT,
    }


@dataclass(frozen=True)
class EntryKey:
    id: int
    agency_id: int
    agency_order: int
    date: dt.date
    precision: str
    time: dt.time | None


def merge_key(entry: Any) -> tuple[dt.date, bool, dt.time, int, int, int]:
    """Works on an EntryKey or a ChronologyEntry (anything with these attributes)."""
    precision = str(getattr(entry, "precision", None) or getattr(entry, "date_precision", "exact"))
    columns = sort_columns(entry.date, precision, entry.time)
    return (
        columns["sort_date"],
        columns["has_time"],
        columns["sort_time"],
        entry.agency_id,
        entry.agency_order,
        entry.id,
    )


def merge_order(entries: Iterable[Any]) -> list[Any]:
    return sorted(entries, key=merge_key)
