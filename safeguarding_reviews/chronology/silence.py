"""Silent periods: stretches with no entry from any agency. A pure rule (no database).

Each entry covers days (`spans.coverage`): an exact or approximate date covers that day; an entry with a span
(month, season, part of a year, year: `date` to `date_to`) covers every day of it, since we do not know which
day it was and so do not claim silence inside it. A month-only entry without a stored span covers its month.
Walking the entries in date order, a **silent period** runs from the last day covered so far to the next day
an entry covers, when those two days are more than `silence_days` apart (the partnership setting, default 28).
Its length is the difference in days: contact on 3 Feb and next on 20 Mar is "No agency contact for 45 days:
3 Feb 2025 to 20 Mar 2025". Overlapping or repeated dates never make a gap; nothing is reported before the
first or after the last entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .spans import coverage

DEFAULT_SILENCE_DAYS = 28


@dataclass(frozen=True)
class SilentPeriod:
    start: dt.date  # the last day with contact before the silence
    end: dt.date  # the next day with contact

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def silent_periods(dates: Iterable[tuple], silence_days: int) -> list[SilentPeriod]:
    """`dates`: (date, precision) or (date, precision, date_to) of every entry the viewer may see, in any
    order."""
    spans = sorted(coverage(*item) for item in dates)
    periods: list[SilentPeriod] = []
    reached: dt.date | None = None
    for first, last in spans:
        if reached is not None and (first - reached).days > silence_days:
            periods.append(SilentPeriod(start=reached, end=first))
        if reached is None or last > reached:
            reached = last
    return periods
