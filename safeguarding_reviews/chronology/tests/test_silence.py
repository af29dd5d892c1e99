"""Silent periods (chronology.silence): a table of cases and Hypothesis properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding_reviews.chronology.silence import SilentPeriod, silent_periods


def d(text):
    return dt.date.fromisoformat(text)


TABLE = [
    ("no entries", [], 28, []),
    ("one entry", [(d("2025-02-03"), "exact")], 28, []),
    (
        "the example: 45 days",
        [(d("2025-02-03"), "exact"), (d("2025-03-20"), "exact")],
        28,
        [SilentPeriod(d("2025-02-03"), d("2025-03-20"))],
    ),
    ("exactly the setting is not silent", [(d("2025-01-01"), "exact"), (d("2025-01-29"), "exact")], 28, []),
    (
        "one day more is",
        [(d("2025-01-01"), "exact"), (d("2025-01-30"), "exact")],
        28,
        [SilentPeriod(d("2025-01-01"), d("2025-01-30"))],
    ),
    (
        "a month-only entry covers its month",
        [(d("2025-01-10"), "exact"), (d("2025-02-01"), "month"), (d("2025-03-20"), "exact")],
        28,
        [],
    ),
    (
        "silence counted from the end of a month-only entry",
        [(d("2025-01-01"), "month"), (d("2025-03-15"), "exact")],
        28,
        [SilentPeriod(d("2025-01-31"), d("2025-03-15"))],
    ),
    (
        "order of the input does not matter; repeated dates are no gap",
        [(d("2025-06-01"), "exact"), (d("2025-01-01"), "approximate"), (d("2025-01-01"), "exact")],
        10,
        [SilentPeriod(d("2025-01-01"), d("2025-06-01"))],
    ),
    (
        "Spring 2024 (a season span) makes no silence within it",
        [
            (d("2024-01-10"), "exact"),
            (d("2024-03-01"), "season", d("2024-05-31")),
            (d("2024-06-20"), "exact"),
        ],
        28,
        [SilentPeriod(d("2024-01-10"), d("2024-03-01"))],
    ),
    (
        "silence counted from the end of a span",
        [(d("2024-01-01"), "year", d("2024-12-31")), (d("2025-03-01"), "exact")],
        28,
        [SilentPeriod(d("2024-12-31"), d("2025-03-01"))],
    ),
    (
        "an exact date inside a part-year span is no gap",
        [
            (d("2024-01-01"), "part_year", d("2024-04-30")),
            (d("2024-02-15"), "exact"),
            (d("2024-05-10"), "exact"),
        ],
        28,
        [],
    ),
    (
        "an approximate date with no span covers its day only",
        [(d("2025-01-01"), "approximate", None), (d("2025-02-01"), "exact", None)],
        28,
        [SilentPeriod(d("2025-01-01"), d("2025-02-01"))],
    ),
    (
        "a setting of 60 hides a 45-day gap",
        [(d("2025-02-03"), "exact"), (d("2025-03-20"), "exact")],
        60,
        [],
    ),
]


@pytest.mark.parametrize(("why", "dates", "days", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_silence_table(why, dates, days, expected):
    assert silent_periods(dates, days) == expected


def test_days():
    assert SilentPeriod(d("2025-02-03"), d("2025-03-20")).days == 45


dated = st.tuples(st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31)), st.sampled_from(["exact", "month"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(dated, max_size=30), st.integers(1, 90))
def test_periods_are_longer_than_the_setting_ordered_and_empty_of_entries(dates, days):
    periods = silent_periods(dates, days)
    assert periods == silent_periods(list(reversed(dates)), days)
    assert all(p.days > days for p in periods)
    assert all(a.end <= b.start for a, b in zip(periods, periods[1:], strict=False))
    for period in periods:
        for date, precision in dates:
            first = date.replace(day=1) if precision == "month" else date
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            last = last if precision == "month" else date
            # no entry's days fall strictly inside a silent period
            assert last <= period.start or first >= period.end


spanned = st.tuples(
    st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31)),
    st.sampled_from(["exact", "season", "year"]),
    st.integers(0, 120),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(spanned, max_size=30), st.integers(1, 90))
def test_no_silence_inside_any_span(items, days):
    dates = [
        (date, precision, date + dt.timedelta(days=n) if precision != "exact" else None)
        for date, precision, n in items
    ]
    for period in silent_periods(dates, days):
        for first, _, last in dates:
            last = last or first
            assert last <= period.start or first >= period.end
