"""Each agency request's own time, as pure rules (no database, no clock: callers pass today and the calendar).

A request runs on the partnership's LOCAL calendar: the England and Wales bank holidays plus the
partnership's closure days (working_days.selectors.local_non_working_days). Its time runs from the day the
request was sent to the day the return was submitted. When the business unit sends the return back with
questions the time restarts: the new due date is the same number of working days after the day it was sent
back, and the chase ladder starts again (a new round).

The number of working days a request allows is the business unit's choice when it sends it (the due date it
sets, counted in working days from the day it was sent); requests older than this rule fall back to counting
the days between their sent date and their first due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set

from safeguarding_reviews.clocks import states
from safeguarding_reviews.working_days.calculator import add_working_days, working_days_between

# The request's status codes (rapid_review.models.RequestStatus), repeated here to keep this module pure.
OPEN = frozenset({"requested", "acknowledged", "returned_for_more_information"})
SUBMITTED = frozenset({"submitted", "accepted"})
WITHDRAWN = "withdrawn"
WITHDRAWN_LABEL = "Withdrawn"


def allowed_working_days(
    *, stored: int | None, started_on: dt.date, due_on: dt.date, non_working: Set[dt.date]
) -> int:
    """The working days the request allows: `stored` when set, otherwise those from its start to its due
    date (never fewer than 1, so a restart always gives the author at least a day)."""
    if stored:
        return stored
    return max(1, working_days_between(started_on, due_on, non_working=non_working))


def due_on_after(start: dt.date, working_days: int, *, non_working: Set[dt.date]) -> dt.date:
    """The due date `working_days` working days after `start` (the sent, or sent-back, date)."""
    return add_working_days(start, working_days, non_working=non_working)


def restarted_due_on(*, sent_back_on: dt.date, working_days: int, non_working: Set[dt.date]) -> dt.date:
    """The new due date when the return is sent back with questions: the same number of working days,
    counted from the day it was sent back."""
    return due_on_after(sent_back_on, working_days, non_working=non_working)


def request_state(
    *,
    status: str,
    due_on: dt.date,
    today: dt.date,
    non_working: Set[dt.date],
    due_soon_days: int,
    submitted_on: dt.date | None = None,
) -> str:
    """The request's clock state (clocks.states codes, or "withdrawn"): an open request is upcoming, due
    soon, due today or overdue; a submitted (or accepted) one is met or met late by its submission date."""
    if status == WITHDRAWN:
        return WITHDRAWN
    met_on = submitted_on if status in SUBMITTED else None
    if status in SUBMITTED and met_on is None:
        met_on = today  # submitted with no recorded date (rows older than the field): treat as met now
    return states.deadline_state(
        due_on=due_on, today=today, non_working=non_working, due_soon_days=due_soon_days, met_on=met_on
    )


def state_label(state: str) -> str:
    return WITHDRAWN_LABEL if state == WITHDRAWN else states.LABELS[state]


def state_tag_class(state: str) -> str:
    return "govuk-tag--grey" if state == WITHDRAWN else states.TAG_CLASSES[state]
