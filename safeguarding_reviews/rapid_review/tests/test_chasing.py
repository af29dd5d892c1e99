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
