"""Table tests for the chase ladder rule (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.rapid_review.chasing import next_step
from safeguarding_reviews.working_days import calculator

D = dt.date
DUE = D(2026, 3, 4)  # a Wednesday


def _add(start: dt.date, n: int) -> dt.date:
    return calculator.add_working_days(start, n, non_working=frozenset())


@pytest.mark.parametrize(
    ("today", "done", "interval", "expected"),
    [
        (D(2026, 3, 3), {}, 2, None),  # not yet due
        (DUE, {}, 2, None),  # due today is not overdue
        (D(2026, 3, 5), {}, 2, "author"),
        (D(2026, 3, 20), {}, 2, "author"),  # however late, the author first
        (D(2026, 3, 6), {"author": D(2026, 3, 5)}, 2, None),  # one working day later
        (D(2026, 3, 9), {"author": D(2026, 3, 5)}, 2, "safeguarding_lead"),  # Thu + 2 working days = Mon
        (D(2026, 3, 7), {"author": D(2026, 3, 5)}, 2, None),  # Saturday does not count
        (D(2026, 3, 10), {"author": D(2026, 3, 5), "safeguarding_lead": D(2026, 3, 9)}, 2, None),
        (
            D(2026, 3, 11),
            {"author": D(2026, 3, 5), "safeguarding_lead": D(2026, 3, 9)},
            2,
            "business_manager",
        ),
        (
            D(2026, 4, 30),
            {"author": D(2026, 3, 5), "safeguarding_lead": D(2026, 3, 9), "business_manager": D(2026, 3, 11)},
            2,
            None,
        ),  # the ladder ends
        (D(2026, 3, 6), {"author": D(2026, 3, 5)}, 1, "safeguarding_lead"),
        (D(2026, 3, 12), {"author": D(2026, 3, 5)}, 5, "safeguarding_lead"),
        (D(2026, 3, 11), {"author": D(2026, 3, 5)}, 5, None),
    ],
)
def test_next_step(today, done, interval, expected):
    assert next_step(due_on=DUE, today=today, done=done, interval=interval, add_working_days=_add) == expected


SENT = D(2026, 2, 23)  # a Monday, well before DUE


@pytest.mark.parametrize(
    ("today", "done", "lead", "started_on", "expected"),
    [
        (D(2026, 2, 27), {}, 2, SENT, None),  # Friday: Mon, Tue, Wed left - not yet within 2
        (D(2026, 3, 2), {}, 2, SENT, "due_soon"),  # Monday: Tue and Wed left
        (D(2026, 2, 28), {}, 2, SENT, None),  # Saturday is as Friday: Mon, Tue, Wed left
        (D(2026, 3, 3), {}, 2, SENT, "due_soon"),  # missed on Monday: still sent before the due date
        (DUE, {}, 2, SENT, "due_soon"),  # due today, not yet reminded
        (D(2026, 3, 3), {"due_soon": D(2026, 3, 2)}, 2, SENT, None),  # once only
        (D(2026, 3, 3), {}, 2, D(2026, 3, 3), None),  # not on the day it was sent
        (D(2026, 3, 4), {}, 2, D(2026, 3, 3), "due_soon"),  # the day after it was sent
        (D(2026, 3, 3), {}, 0, SENT, None),  # a lead of 0: only on the day itself
        (D(2026, 3, 4), {}, 0, SENT, "due_soon"),
        (D(2026, 2, 24), {}, 10, SENT, "due_soon"),  # a long lead
        (D(2026, 3, 2), {}, None, SENT, None),  # no lead: no reminder (the ladder alone)
        (D(2026, 3, 5), {}, 2, SENT, "author"),  # overdue without a reminder: the ladder starts
        (D(2026, 3, 5), {"due_soon": D(2026, 3, 2)}, 2, SENT, "author"),
    ],
)
def test_reminder_before_the_due_date(today, done, lead, started_on, expected):
    step = next_step(
        due_on=DUE,
        today=today,
        done=done,
        interval=2,
        add_working_days=_add,
        due_soon_days=lead,
        started_on=started_on,
    )
    assert step == expected
