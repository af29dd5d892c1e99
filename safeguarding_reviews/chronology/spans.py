"""The days an entry's date stands for. A pure rule (no database), shared by silence.py and duplicates.py.

An entry's date is a span: `date` is its first day and `date_to` its last. Month, season, part-year and year
precision carry `date_to` (the service fills the month's or year's end when it is not given; the migration
filled it for month entries written before spans existed). An exact date, and an approximate date with no
span, cover their one day for silent periods; for possible duplicates an approximate date with no span
reaches `APPROXIMATE_DAYS` either side (we do not know the day, so a nearby report may be the same event).
"""

from __future__ import annotations

import datetime as dt

APPROXIMATE_DAYS = 3


def month_end(date: dt.date) -> dt.date:
    first = date.replace(day=1)
    return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def default_date_to(date: dt.date, precision: str) -> dt.date | None:
    """The end of the span when only its start is known: a month's or a year's last day."""
    if precision == "month":
        return month_end(date)
    if precision == "year":
        return dt.date(date.year, 12, 31)
    return None


def coverage(date: dt.date, precision: str, date_to: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The days an entry covers for silent periods (no silence is claimed inside a span)."""
    if date_to is not None:
        return date, max(date, date_to)
    if precision == "month":
        return date.replace(day=1), month_end(date)
    return date, date


def duplicate_span(date: dt.date, precision: str, date_to: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The days an entry may stand for when looking for the same event reported twice."""
    if date_to is None and precision == "approximate":
        reach = dt.timedelta(days=APPROXIMATE_DAYS)
        return date - reach, date + reach
    return coverage(date, precision, date_to)
