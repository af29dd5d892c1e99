"""A deadline in plain words: "due in 3 working days", "20 working days overdue", "met late on 9 November
2026 (2 working days late)". Pure: no database, no clock (callers pass today and the non-working days).

Pages show these words instead of signed numbers ("-20") and internal state names (issue 18, item 2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set

from safeguarding_reviews.working_days.calculator import working_days_between

from . import states

# What started the clock, as the banner says it: "15 working days after the notification on 16 October".
# Keyed by MilestoneEvent value (the models module imports django.db, so not imported here).
START_PHRASES = {
    "referral_received": "the referral",
    "written_confirmation_received": "the written confirmation",
    "la_became_aware": "the local authority became aware",
    "decision_recorded": "the decision to notify",
    "notification_sent": "the notification",
    "local_partners_told": "the local partners were told",
    "rapid_review_sent": "the rapid review was sent",
    "agency_returns_requested": "the agency returns were requested",
    "agency_returns_received": "the agency returns were received",
    "lcspr_initiated": "the local review started",
    "lcspr_published": "the local review was published",
}
UNIT_WORDS = {"hours": ("hour", "hours"), "working_days": ("working day", "working days")}
UNIT_WORDS["calendar_months"] = ("month", "months")


def _date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _count(n: int, unit: str = "working_days") -> str:
    one, many = UNIT_WORDS[unit]
    return f"{n} {one if n == 1 else many}"


def status_words(
    *,
    state: str,
    due_on: dt.date,
    today: dt.date,
    non_working: Set[dt.date],
    met_on: dt.date | None = None,
) -> str:
    """The status of a deadline in words, for the dashboard's Status column and the case banner."""
    if state == states.MET and met_on is not None:
        return f"met on {_date(met_on)}"
    if state == states.MET_LATE and met_on is not None:
        late = working_days_between(due_on, met_on, non_working=non_working)
        # An hour clock met late on its due date is late by hours, not working days.
        return f"met late on {_date(met_on)}" + (f" ({_count(late)} late)" if late > 0 else "")
    if state == states.PAUSED:
        return "paused"
    if state == states.DUE_TODAY:
        return "due today"
    left = working_days_between(today, due_on, non_working=non_working)
    if state == states.OVERDUE:
        # Past an hour clock's time on its due date, or a weekend after a Friday due date: no whole day yet.
        return f"{_count(-left)} overdue" if left < 0 else "overdue"
    if left > 0:
        return f"due in {_count(left)}"
    return f"due {_date(due_on)}"


def due_words(*, due_on: dt.date, today: dt.date, met_on: dt.date | None = None) -> str:
    """ "due 6 November 2026", or "was due 6 November 2026" once the date has passed or the clock stopped."""
    verb = "was due" if met_on is not None or due_on < today else "due"
    return f"{verb} {_date(due_on)}"


def basis_words(*, duration: int, unit: str, start_event: str, start_on: dt.date, due_on: dt.date) -> str:
    """ "15 working days after the notification on 16 October" (the year only when it differs from the due
    date's)."""
    start = f"{start_on.day} {start_on:%B}" if start_on.year == due_on.year else _date(start_on)
    what = START_PHRASES.get(start_event, start_event.replace("_", " "))
    return f"{_count(duration, unit)} after {what} on {start}"


def sentence(
    *,
    name: str,
    state: str,
    due_on: dt.date,
    today: dt.date,
    non_working: Set[dt.date],
    duration: int,
    unit: str,
    start_event: str,
    start_on: dt.date,
    met_on: dt.date | None = None,
) -> str:
    """ "Report to the Panel was due 6 November 2026 (15 working days after the notification on
    16 October): 20 working days overdue"."""
    basis = basis_words(
        duration=duration, unit=unit, start_event=start_event, start_on=start_on, due_on=due_on
    )
    status = status_words(state=state, due_on=due_on, today=today, non_working=non_working, met_on=met_on)
    return f"{name} {due_words(due_on=due_on, today=today, met_on=met_on)} ({basis}): {status}"
