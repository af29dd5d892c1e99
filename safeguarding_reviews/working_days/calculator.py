"""Working-day arithmetic. Pure: no database, no clock. Callers pass the non-working days.

The convention, used by every clock in the service:

    N working days after date D is the Nth working day strictly after D.

D itself never counts, whether or not it is a working day. So 5 working days after Thursday
24 December 2026 is Tuesday 5 January 2027: Friday 25 December (Christmas Day), the weekend, Monday
28 December (Boxing Day, substitute day) and 1 January are skipped, and the working days are 29, 30,
31 December, 4 and 5 January.

A working day is a Monday to Friday that is not in `non_working`. `non_working` holds the England and
Wales bank holidays (working_days.selectors.statutory_non_working_days) and, for a partnership's local
clocks only, its closure days (working_days.selectors.local_non_working_days). Weekends are always
non-working whatever the set says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set

ONE_DAY = dt.timedelta(days=1)


def is_working_day(d: dt.date, *, non_working: Set[dt.date]) -> bool:
    """Monday to Friday and not a bank holiday (or closure day) in `non_working`."""
    return d.weekday() < 5 and d not in non_working


def next_working_day(d: dt.date, *, non_working: Set[dt.date]) -> dt.date:
    """The first working day strictly after `d`."""
    d += ONE_DAY
    while not is_working_day(d, non_working=non_working):
        d += ONE_DAY
    return d


def add_working_days(start: dt.date, n: int, *, non_working: Set[dt.date]) -> dt.date:
    """The Nth working day strictly after `start` (n >= 0); n = 0 returns `start` unchanged."""
    if n < 0:
        raise ValueError("n must be 0 or more")
    d = start
    for _ in range(n):
        d = next_working_day(d, non_working=non_working)
    return d


def working_days_between(start: dt.date, end: dt.date, *, non_working: Set[dt.date]) -> int:
    """How many working days d there are with start < d <= end; negative (the same count, from the
    other side) when end is before start. So working_days_between(D, add_working_days(D, n)) == n."""
    if end < start:
        return -working_days_between(end, start, non_working=non_working)
    total_days = (end - start).days
    full_weeks, extra = divmod(total_days, 7)
    count = full_weeks * 5
    d = start + dt.timedelta(days=full_weeks * 7)
    for _ in range(extra):
        d += ONE_DAY
        if d.weekday() < 5:
            count += 1
    # Bank holidays and closure days inside (start, end] that fall on weekdays.
    count -= sum(1 for h in non_working if start < h <= end and h.weekday() < 5)
    return count
