"""The state of a deadline on a given day. Pure: no database, no clock (callers pass today and now)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Set

from safeguarding_reviews.working_days.calculator import working_days_between

UPCOMING = "upcoming"
DUE_SOON = "due_soon"
DUE_TODAY = "due_today"
OVERDUE = "overdue"
MET = "met"
MET_LATE = "met_late"
PAUSED = "paused"

LABELS = {
    UPCOMING: "Upcoming",
    DUE_SOON: "Due soon",
    DUE_TODAY: "Due today",
    OVERDUE: "Overdue",
    MET: "Met",
    MET_LATE: "Met late",
    PAUSED: "Paused",
}
# GOV.UK tag colours, the RAG the dashboard shows.
TAG_CLASSES = {
    UPCOMING: "govuk-tag--blue",
    DUE_SOON: "govuk-tag--yellow",
    DUE_TODAY: "govuk-tag--orange",
    OVERDUE: "govuk-tag--red",
    MET: "govuk-tag--green",
    MET_LATE: "govuk-tag--pink",
    PAUSED: "govuk-tag--grey",
}
MISSED = frozenset({OVERDUE, MET_LATE})


def working_days_left(due_on: dt.date, today: dt.date, non_working: Set[dt.date]) -> int:
    """Working days from today to the due date: 0 on the day, negative once overdue."""
    return working_days_between(today, due_on, non_working=non_working)


def deadline_state(
    *,
    due_on: dt.date,
    today: dt.date,
    non_working: Set[dt.date],
    due_soon_days: int,
    met_on: dt.date | None = None,
    paused: bool = False,
    due_at: dt.datetime | None = None,
    met_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> str:
    """upcoming, due_soon (within `due_soon_days` working days), due_today, overdue, met, met_late, paused.

    Hour clocks (`due_at` set) are late once the time has passed, even on the due date."""
    if met_on is not None:
        if due_at is not None and met_at is not None:
            return MET if met_at <= due_at else MET_LATE
        return MET if met_on <= due_on else MET_LATE
    if paused:
        return PAUSED
    if today > due_on:
        return OVERDUE
    if due_at is not None and now is not None and now > due_at:
        return OVERDUE
    if today == due_on:
        return DUE_TODAY
    if working_days_between(today, due_on, non_working=non_working) <= due_soon_days:
        return DUE_SOON
    return UPCOMING
