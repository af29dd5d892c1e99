"""Pure rules: due dates and states, as tables."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from safeguarding_reviews.clocks import states
from safeguarding_reviews.clocks.compute import add_calendar_months, adjusted_due, base_due
from safeguarding_reviews.working_days.sources import package_holidays

D = dt.date
LONDON = ZoneInfo("Europe/London")
ENG = frozenset(package_holidays(range(2015, 2036)))


@pytest.mark.parametrize(
    ("unit", "duration", "start_on", "start_at", "due_on", "due_at"),
    [
        ("working_days", 5, D(2026, 12, 24), None, D(2027, 1, 5), None),
        ("working_days", 15, D(2026, 11, 20), None, D(2026, 12, 11), None),
        ("working_days", 5, D(2026, 11, 28), None, D(2026, 12, 4), None),  # became aware on a Saturday
        # 48 hours in Europe/London, across the clocks going back (25 October 2026)
        (
            "hours",
            48,
            D(2026, 10, 24),
            dt.datetime(2026, 10, 24, 10, tzinfo=LONDON),
            D(2026, 10, 26),
            dt.datetime(2026, 10, 26, 9, tzinfo=LONDON),
        ),
        # no time known: from the end of the day
        ("hours", 48, D(2026, 11, 25), None, D(2026, 11, 28), dt.datetime(2026, 11, 28, 0, tzinfo=LONDON)),
        ("calendar_months", 6, D(2026, 8, 31), None, D(2027, 2, 28), None),
        ("calendar_months", 6, D(2027, 8, 31), None, D(2028, 2, 29), None),
        ("calendar_months", 6, D(2026, 5, 15), None, D(2026, 11, 15), None),
    ],
)
def test_base_due(unit, duration, start_on, start_at, due_on, due_at):
    got_on, got_at = base_due(
        unit=unit, duration=duration, start_on=start_on, start_at=start_at, non_working=ENG
    )
    assert got_on == due_on
    assert got_at == due_at


def test_unknown_unit():
    with pytest.raises(ValueError, match="Unknown clock unit: fortnights"):
        base_due(unit="fortnights", duration=1, start_on=D(2026, 1, 1), start_at=None, non_working=ENG)


def test_add_calendar_months_across_years():
    assert add_calendar_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_calendar_months(D(2026, 1, 31), 0) == D(2026, 1, 31)


@pytest.mark.parametrize(
    ("extended_to", "paused", "expected"),
    [
        (None, 0, D(2026, 12, 4)),
        (None, 2, D(2026, 12, 8)),
        (D(2026, 12, 18), 0, D(2026, 12, 18)),
        (D(2026, 12, 18), 3, D(2026, 12, 23)),
        (None, 5, D(2026, 12, 11)),
    ],
)
def test_adjusted_due(extended_to, paused, expected):
    on, _ = adjusted_due(
        base_on=D(2026, 12, 4),
        base_at=None,
        extended_to=extended_to,
        paused_working_days=paused,
        non_working=ENG,
    )
    assert on == expected


TODAY = D(2026, 11, 27)  # a Friday


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"due_on": D(2026, 12, 11)}, states.UPCOMING),
        ({"due_on": D(2026, 12, 1)}, states.DUE_SOON),  # 2 working days away
        ({"due_on": D(2026, 12, 2)}, states.UPCOMING),  # 3 working days away
        ({"due_on": D(2026, 11, 30)}, states.DUE_SOON),
        ({"due_on": TODAY}, states.DUE_TODAY),
        ({"due_on": D(2026, 11, 26)}, states.OVERDUE),
        ({"due_on": D(2026, 11, 26), "met_on": D(2026, 11, 26)}, states.MET),
        ({"due_on": D(2026, 11, 26), "met_on": D(2026, 11, 20)}, states.MET),
        ({"due_on": D(2026, 11, 26), "met_on": D(2026, 11, 27)}, states.MET_LATE),
        ({"due_on": D(2026, 11, 20), "paused": True}, states.PAUSED),
        ({"due_on": D(2026, 11, 20), "paused": True, "met_on": D(2026, 11, 21)}, states.MET_LATE),
        (
            {
                "due_on": TODAY,
                "due_at": dt.datetime(2026, 11, 27, 10, tzinfo=LONDON),
                "now": dt.datetime(2026, 11, 27, 11, tzinfo=LONDON),
            },
            states.OVERDUE,
        ),
        (
            {
                "due_on": TODAY,
                "due_at": dt.datetime(2026, 11, 27, 10, tzinfo=LONDON),
                "now": dt.datetime(2026, 11, 27, 9, tzinfo=LONDON),
            },
            states.DUE_TODAY,
        ),
        (
            {
                "due_on": TODAY,
                "due_at": dt.datetime(2026, 11, 27, 10, tzinfo=LONDON),
                "met_on": TODAY,
                "met_at": dt.datetime(2026, 11, 27, 10, 30, tzinfo=LONDON),
            },
            states.MET_LATE,
        ),
    ],
)
def test_deadline_state(kwargs, expected):
    assert states.deadline_state(today=TODAY, non_working=ENG, due_soon_days=2, **kwargs) == expected


def test_due_soon_counts_working_days_not_calendar_days():
    # 24 Dec 2026 to 29 Dec 2026 is one working day
    assert (
        states.deadline_state(due_on=D(2026, 12, 29), today=D(2026, 12, 24), non_working=ENG, due_soon_days=1)
        == states.DUE_SOON
    )


def test_working_days_left():
    assert states.working_days_left(D(2027, 1, 5), D(2026, 12, 24), ENG) == 5
    assert states.working_days_left(D(2026, 11, 26), TODAY, ENG) == -1
    assert states.working_days_left(TODAY, TODAY, ENG) == 0
