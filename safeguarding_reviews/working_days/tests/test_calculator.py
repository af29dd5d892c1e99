"""The working-day functions: table tests for the cases people argue about, and property tests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding_reviews.working_days.calculator import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)
from safeguarding_reviews.working_days.sources import package_holidays

D = dt.date
ENG = frozenset(package_holidays(range(2015, 2036)))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # The convention: the Nth working day strictly after the start.
        (D(2026, 12, 24), 5, D(2027, 1, 5)),  # Christmas, weekend, Boxing Day (substitute), New Year
        (D(2026, 12, 24), 1, D(2026, 12, 29)),
        (D(2026, 12, 24), 0, D(2026, 12, 24)),
        (D(2026, 11, 27), 1, D(2026, 11, 30)),  # Friday -> Monday
        (D(2026, 11, 28), 1, D(2026, 11, 30)),  # a Saturday start: day 1 is Monday
        (D(2026, 11, 28), 5, D(2026, 12, 4)),
        (D(2026, 4, 2), 1, D(2026, 4, 7)),  # Good Friday and Easter Monday
        (D(2022, 9, 16), 1, D(2022, 9, 20)),  # state funeral Monday 19 September 2022
        (D(2023, 5, 5), 1, D(2023, 5, 9)),  # coronation Monday 8 May 2023
        (D(2020, 5, 7), 1, D(2020, 5, 11)),  # VE Day Friday 8 May 2020
        (D(2020, 5, 1), 2, D(2020, 5, 5)),  # Monday 4 May 2020 was a working day that year
        (D(2022, 6, 1), 1, D(2022, 6, 6)),  # jubilee Thursday and Friday
        (D(2027, 12, 24), 1, D(2027, 12, 29)),  # 27 and 28 December 2027 substitute days
        (D(2026, 11, 20), 15, D(2026, 12, 11)),
    ],
)
def test_add_working_days_table(start, n, expected):
    assert add_working_days(start, n, non_working=ENG) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 12, 24), D(2027, 1, 5), 5),
        (D(2027, 1, 5), D(2026, 12, 24), -5),
        (D(2026, 12, 24), D(2026, 12, 28), 0),
        (D(2026, 11, 27), D(2026, 11, 27), 0),
        (D(2026, 11, 27), D(2026, 11, 28), 0),
        (D(2026, 11, 27), D(2026, 11, 30), 1),
        # 2 Jan-31 Dec 2026: 260 weekdays less 7 bank holidays (1 January is the start, so not counted)
        (D(2026, 1, 1), D(2026, 12, 31), 253),
    ],
)
def test_working_days_between_table(start, end, expected):
    assert working_days_between(start, end, non_working=ENG) == expected


def test_is_and_next_working_day():
    assert not is_working_day(D(2026, 12, 28), non_working=ENG)
    assert not is_working_day(D(2026, 11, 28), non_working=ENG)
    assert is_working_day(D(2026, 12, 29), non_working=ENG)
    assert next_working_day(D(2026, 12, 24), non_working=ENG) == D(2026, 12, 29)
    assert next_working_day(D(2026, 11, 27), non_working=frozenset()) == D(2026, 11, 30)


def test_negative_n_is_refused():
    with pytest.raises(ValueError, match="n must be"):
        add_working_days(D(2026, 1, 1), -1, non_working=ENG)


def test_weekend_in_the_set_changes_nothing():
    assert add_working_days(D(2026, 11, 27), 1, non_working=frozenset({D(2026, 11, 28)})) == D(2026, 11, 30)
    assert (
        working_days_between(D(2026, 11, 27), D(2026, 11, 30), non_working=frozenset({D(2026, 11, 29)})) == 1
    )


# --- properties ---------------------------------------------------------------------------------------

dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2034, 6, 30))
small_n = st.integers(min_value=0, max_value=400)
holiday_sets = st.one_of(
    st.just(ENG),
    st.frozensets(st.dates(min_value=D(2015, 1, 1), max_value=D(2036, 12, 31)), max_size=60).map(
        lambda extra: ENG | extra
    ),
)
EXAMPLES = settings(max_examples=1000, deadline=None)


@EXAMPLES
@given(start=dates, n=small_n, non_working=holiday_sets)
def test_between_inverts_add(start, n, non_working):
    end = add_working_days(start, n, non_working=non_working)
    assert working_days_between(start, end, non_working=non_working) == n


@EXAMPLES
@given(start=dates, n=st.integers(min_value=1, max_value=400), non_working=holiday_sets)
def test_add_lands_on_a_working_day_strictly_after(start, n, non_working):
    end = add_working_days(start, n, non_working=non_working)
    assert end > start
    assert is_working_day(end, non_working=non_working)
    # and the day before it still had only n - 1 working days
    assert working_days_between(start, end - dt.timedelta(days=1), non_working=non_working) == n - 1


@EXAMPLES
@given(start=dates, a=small_n, b=small_n, non_working=holiday_sets)
def test_add_composes(start, a, b, non_working):
    once = add_working_days(start, a + b, non_working=non_working)
    twice = add_working_days(add_working_days(start, a, non_working=non_working), b, non_working=non_working)
    assert once == twice


@EXAMPLES
@given(a=dates, b=dates, non_working=holiday_sets)
def test_between_is_antisymmetric_and_matches_a_naive_count(a, b, non_working):
    forward = working_days_between(a, b, non_working=non_working)
    assert working_days_between(b, a, non_working=non_working) == -forward
    lo, hi = min(a, b), max(a, b)
    naive = sum(
        1
        for i in range(1, (hi - lo).days + 1)
        if is_working_day(lo + dt.timedelta(days=i), non_working=non_working)
    )
    assert abs(forward) == naive


@EXAMPLES
@given(d=dates, non_working=holiday_sets)
def test_next_working_day_is_add_one(d, non_working):
    nxt = next_working_day(d, non_working=non_working)
    assert nxt == add_working_days(d, 1, non_working=non_working)
    assert working_days_between(d, nxt, non_working=non_working) == 1


@EXAMPLES
@given(start=dates, n=small_n, extra=st.dates(min_value=D(2015, 1, 1), max_value=D(2036, 12, 31)))
def test_more_non_working_days_never_bring_a_due_date_forward(start, n, extra):
    assert add_working_days(start, n, non_working=ENG | {extra}) >= add_working_days(
        start, n, non_working=ENG
    )
