"""The date parser (chronology.dates): agencies' date forms, UK day first, spans and precisions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_reviews.chronology import dates
from safeguarding_reviews.chronology.dates import DateProblem, parse_date, parse_time

TODAY = dt.date(2026, 6, 1)
D = dt.date


def _span(value):
    parsed = parse_date(value, today=TODAY)
    return parsed.date_from, parsed.date_to, parsed.precision, parsed.time


T1430 = dt.time(14, 30)
TABLE = [
    # (as written, date_from, date_to, precision, time)
    ("03/03/2024", D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    ("3/3/24", D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    ("03/04/2024", D(2024, 4, 3), D(2024, 4, 3), "exact", None),  # 3 April: never month first
    ("03.03.2024", D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    ("03-03-2024", D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    ("3 March 2024", D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    ("3 Mar 2024", D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    ("3rd March 2024", D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    ("Monday 3 March 2024", D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    ("Mon, 3rd of March 2024", D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    ("3-Mar-24", D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    ("March 3rd, 2024", D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    ("2024-03-03", D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    ("2024-03-03T14:30:00", D(2024, 3, 3), D(2024, 3, 3), "exact", T1430),
    ("2024-03-03 14:30", D(2024, 3, 3), D(2024, 3, 3), "exact", T1430),
    ("2024-03-03 00:00:00", D(2024, 3, 3), D(2024, 3, 3), "exact", None),  # a machine export's date only
    ("04/03/2024 14:30-15:00", D(2024, 3, 4), D(2024, 3, 4), "exact", T1430),
    ("03/03/2024 14:30", D(2024, 3, 3), D(2024, 3, 3), "exact", T1430),
    ("3/3/24 2.30pm", D(2024, 3, 3), D(2024, 3, 3), "exact", T1430),
    ("3/3/2024 at 14:30", D(2024, 3, 3), D(2024, 3, 3), "exact", T1430),
    ("04/03/2025 1430hrs", D(2025, 3, 4), D(2025, 3, 4), "exact", T1430),
    ("March 2024", D(2024, 3, 1), D(2024, 3, 31), "month", None),
    ("Mar-24", D(2024, 3, 1), D(2024, 3, 31), "month", None),
    ("Sept 2023", D(2023, 9, 1), D(2023, 9, 30), "month", None),
    ("03/2024", D(2024, 3, 1), D(2024, 3, 31), "month", None),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month", None),
    ("2023", D(2023, 1, 1), D(2023, 12, 31), "year", None),
    ("early 2023", D(2023, 1, 1), D(2023, 4, 30), "part_year", None),
    ("mid 2023", D(2023, 5, 1), D(2023, 8, 31), "part_year", None),
    ("mid-2023", D(2023, 5, 1), D(2023, 8, 31), "part_year", None),
    ("late 2024", D(2024, 9, 1), D(2024, 12, 31), "part_year", None),
    ("Q2 2024", D(2024, 4, 1), D(2024, 6, 30), "part_year", None),
    ("Spring 2024", D(2024, 3, 1), D(2024, 5, 31), "season", None),
    ("Winter 2023", D(2023, 12, 1), D(2024, 2, 29), "season", None),
    ("Autumn term 2023", D(2023, 9, 1), D(2023, 12, 31), "season", None),
    ("c. 2023", D(2023, 1, 1), D(2023, 12, 31), "approximate", None),
    ("circa 2023", D(2023, 1, 1), D(2023, 12, 31), "approximate", None),
    ("approx March 2024", D(2024, 3, 1), D(2024, 3, 31), "approximate", None),
    ("about 4/3/2024", D(2024, 3, 4), D(2024, 3, 4), "approximate", None),
    ("2023?", D(2023, 1, 1), D(2023, 12, 31), "approximate", None),
    ("end of March 2024", D(2024, 3, 21), D(2024, 3, 31), "approximate", None),
    ("w/c 04/03/2024", D(2024, 3, 4), D(2024, 3, 10), "approximate", None),
    ("04/03/2024 - 06/03/2024", D(2024, 3, 4), D(2024, 3, 6), "approximate", None),
    (dt.datetime(2024, 3, 3), D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    (dt.datetime(2024, 3, 3, 14, 30), D(2024, 3, 3), D(2024, 3, 3), "exact", T1430),
    (dt.date(2024, 3, 3), D(2024, 3, 3), D(2024, 3, 3), "exact", None),
    (45292, D(2024, 1, 1), D(2024, 1, 1), "exact", None),  # an Excel serial stored as a number
    (45292.5, D(2024, 1, 1), D(2024, 1, 1), "exact", dt.time(12, 0)),
    ("45292", D(2024, 1, 1), D(2024, 1, 1), "exact", None),  # the same serial in a CSV
    (2023, D(2023, 1, 1), D(2023, 12, 31), "year", None),
]


@pytest.mark.parametrize(
    ("value", "start", "end", "precision", "time"), TABLE, ids=[str(r[0]) for r in TABLE]
)
def test_date_forms(value, start, end, precision, time):
    assert _span(value) == (start, end, precision, time)


def test_words_are_kept_as_written():
    assert parse_date("  late   2024 ", today=TODAY).date_as_written == "late 2024"
    assert parse_date("approx March 2024", today=TODAY).date_as_written == "approx March 2024"
    assert parse_date(dt.datetime(2024, 3, 3, 9, 5), today=TODAY).date_as_written == "03/03/2024 09:05"


PROBLEMS = [
    ("13/25/2024", "no month 25"),  # never read month first
    ("31/02/2025", "not a real date"),
    ("30/02/2024", "not a real date"),
    ("3 Mar", "no year"),
    ("3/3", "no year"),
    ("hello", "not a date we can read"),
    ("", "Enter the date"),
    ("3/3/123", "not a date we can read"),
    ("March 2024 14:30", "has a time but no day"),
    (dt.time(9, 0), "a time, not a date"),
    (12.5, "a number, not a date"),
    (True, "not a date"),
]


@pytest.mark.parametrize(("value", "words"), PROBLEMS, ids=[str(p[0]) for p in PROBLEMS])
def test_not_dates_say_why(value, words):
    with pytest.raises(DateProblem) as caught:
        parse_date(value, today=TODAY)
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("written", "today", "year"),
    [
        ("1/1/26", dt.date(2026, 6, 1), 2026),  # this year is not in the future
        ("1/1/27", dt.date(2026, 6, 1), 1927),  # 2027 would be: the latest 27 not after today
        ("1/1/99", dt.date(2026, 6, 1), 1999),
        ("1/1/00", dt.date(2026, 6, 1), 2000),
        ("1/1/99", dt.date(2099, 1, 1), 2099),
    ],
)
def test_two_digit_years_are_the_latest_not_in_the_future(written, today, year):
    assert parse_date(written, today=today).date_from.year == year


def test_future_dates_are_problems_and_the_window_only_warns():
    future = parse_date("17/01/2052", today=TODAY)
    problem = dates.date_problem(future, today=TODAY)
    assert problem is not None and "in the future" in problem
    this_month = parse_date("June 2026", today=TODAY)  # starts before today: not the future
    assert dates.date_problem(this_month, today=TODAY) is None
    tomorrow = parse_date("02/06/2026", today=TODAY)
    assert dates.date_problem(tomorrow, today=TODAY) is not None
    window = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    before = dates.window_warning(parse_date("2023", today=TODAY), window)
    assert before is not None and "before the review period" in before
    after = dates.window_warning(parse_date("3/1/25", today=TODAY), window)
    assert after is not None and "after the review period" in after
    assert dates.window_warning(parse_date("late 2023", today=TODAY), (dt.date(2023, 12, 1), None)) is None
    assert dates.window_warning(future, None) is None


def test_legacy_precision_mapping():
    assert {p: dates.LEGACY_PRECISION[p] for p in dates.PRECISIONS} == {
        "exact": "exact",
        "month": "month",
        "season": "approximate",
        "part_year": "approximate",
        "year": "approximate",
        "approximate": "approximate",
    }
    assert parse_date("Spring 2024", today=TODAY).legacy_precision == "approximate"


def test_1904_workbooks():
    assert parse_date(43830, today=TODAY, epoch=dates.EXCEL_1904).date_from == dt.date(2024, 1, 1)


TIMES = [
    ("14:30", T1430),
    ("14.30", T1430),
    ("14:30:00", T1430),
    ("2.30pm", T1430),
    ("2:30 PM", T1430),
    ("1430hrs", T1430),
    ("1430", T1430),
    ("2pm", dt.time(14, 0)),
    ("noon", dt.time(12, 0)),
    ("14:30 - 15:00", T1430),
    ("0930-1000", dt.time(9, 30)),
    ("14:30 (approx)", T1430),
    ("after 2pm", dt.time(14, 0)),
    ("14:30ish", T1430),
    ("n/k", None),
    ("Morning", None),  # words are no time to sort on, and not a problem
    ("All day", None),
    ("", None),
    (None, None),
    (0.5, dt.time(12, 0)),
    (dt.time(14, 30), T1430),
    (dt.datetime(1899, 12, 30, 14, 30), T1430),
]


@pytest.mark.parametrize(("value", "time"), TIMES, ids=[str(t[0]) for t in TIMES])
def test_times(value, time):
    assert parse_time(value) == time


@pytest.mark.parametrize("value", ["25:00", "14:75", "13pm", "14", "1430abc", 3])
def test_not_times(value):
    with pytest.raises(DateProblem, match="is not a time"):
        parse_time(value)


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.datetimes(), st.none()))
def test_parse_date_only_ever_raises_date_problem(value):
    try:
        parsed = parse_date(value, today=TODAY)
    except DateProblem:
        return
    assert parsed.date_from <= parsed.date_to
    assert parsed.precision in dates.PRECISIONS


@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_day_first_round_trip(day):
    for text in (day.strftime("%d/%m/%Y"), f"{day.day}/{day.month}/{day.year}", day.strftime("%d %B %Y")):
        assert parse_date(text, today=dt.date(2200, 1, 1)).date_from == day
