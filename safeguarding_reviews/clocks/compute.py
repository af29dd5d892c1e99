"""Due dates from a start, a rule and the calendar. Pure: no database, no clock.

Hour clocks run in Europe/London. When only the date of the start event is known, an hour clock runs
from the end of that day (midnight), so nobody loses hours to an unknown time.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Set
from zoneinfo import ZoneInfo

from safeguarding_reviews.working_days.calculator import add_working_days

LONDON = ZoneInfo("Europe/London")


def add_calendar_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later; the last day of the month when that month is shorter."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def hour_clock_start(start_on: dt.date, start_at: dt.datetime | None) -> dt.datetime:
    if start_at is not None:
        return start_at
    return dt.datetime.combine(start_on + dt.timedelta(days=1), dt.time(0, 0), tzinfo=LONDON)


def base_due(
    *,
    unit: str,
    duration: int,
    start_on: dt.date,
    start_at: dt.datetime | None,
    non_working: Set[dt.date],
) -> tuple[dt.date, dt.datetime | None]:
    """(due date, due date-time for hour clocks) before any pause or extension."""
    if unit == "working_days":
        return add_working_days(start_on, duration, non_working=non_working), None
    if unit == "hours":
        # Elapsed hours: add in UTC (adding to a London wall-clock time would gain or lose the hour the
        # clocks change by).
        due_at = hour_clock_start(start_on, start_at).astimezone(dt.UTC) + dt.timedelta(hours=duration)
        return due_at.astimezone(LONDON).date(), due_at
    if unit == "calendar_months":
        return add_calendar_months(start_on, duration), None
    raise ValueError(f"Unknown clock unit: {unit}")


def adjusted_due(
    *,
    base_on: dt.date,
    base_at: dt.datetime | None,
    extended_to: dt.date | None,
    paused_working_days: int,
    non_working: Set[dt.date],
) -> tuple[dt.date, dt.datetime | None]:
    """An approved extension replaces the due date; approved pauses then move it by the working days
    the clock was stopped."""
    due_on, due_at = base_on, base_at
    if extended_to is not None:
        due_on, due_at = extended_to, None
    if paused_working_days:
        moved = add_working_days(due_on, paused_working_days, non_working=non_working)
        if due_at is not None:  # the same London time of day, on the moved date
            local = due_at.astimezone(LONDON)
            due_at = dt.datetime.combine(moved, local.time().replace(tzinfo=None), tzinfo=LONDON)
        due_on = moved
    return due_on, due_at
