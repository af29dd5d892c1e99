"""core.dates and the date field built on it: what people type, read day first; errors that name the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_reviews.core.dates import DATE_HINT, format_date, month_number, parse_date
from safeguarding_reviews.core.forms import GovukDateField

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO, as tests and browser date pickers send it
        ("2026-12-02", D(2026, 12, 2)),
        ("2026/12/2", D(2026, 12, 2)),
        # numbers, day first, any of / - . or spaces, two- or four-digit years
        ("2/12/26", D(2026, 12, 2)),
        ("02/12/2026", D(2026, 12, 2)),
        ("2-12-2026", D(2026, 12, 2)),
        ("2.12.26", D(2026, 12, 2)),
        ("2 12 2026", D(2026, 12, 2)),
        ("27 3 2026", D(2026, 3, 27)),
        (" 27 / 3 / 2026 ", D(2026, 3, 27)),
        ("1/1/00", D(2000, 1, 1)),
        ("31/12/99", D(2099, 12, 31)),
        ("29/2/2028", D(2028, 2, 29)),
        # the month as a word
        ("1 December 2026", D(2026, 12, 1)),
        ("1 december 2026", D(2026, 12, 1)),
        ("1 Dec 2026", D(2026, 12, 1)),
        ("1 Dec. 2026", D(2026, 12, 1)),
        ("1st December 2026", D(2026, 12, 1)),
        ("22nd Sept 2026", D(2026, 9, 22)),
        ("1-Dec-26", D(2026, 12, 1)),
        ("December 1 2026", D(2026, 12, 1)),
        ("December 1, 2026", D(2026, 12, 1)),
        ("Dec 1st 2026", D(2026, 12, 1)),
        ("3 May 2026", D(2026, 5, 3)),
        # not a real date: None, so the field says "<label> must be a real date"
        ("31/2/2026", None),
        ("29/2/2027", None),
        ("0/1/2026", None),
        ("1/13/2026", None),
        ("12/31/2026", None),  # month-first is not read: 31 is not a month
        ("2026-02-30", None),
        ("0000-01-01", None),
        ("1/1/2026/1", None),
        ("1/1/202", None),
        ("1/1/6", None),
        ("1 Decembre 2026", None),
        ("1 De 2026", None),
        ("1 the 2026", None),
        ("December 2026", None),
        ("soon", None),
        ("", None),
        ("   ", None),
        ("١/١/٢٠٢٦", None),  # Arabic-Indic digits are not read as numbers
        ("1/1/2026" + " " * 100, D(2026, 1, 1)),
        ("1" * 1000, None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("word", "number"),
    [("jan", 1), ("January", 1), ("sept", 9), ("sep", 9), ("jun", 6), ("jul", 7), ("ju", None), ("x", None)],
)
def test_month_number(word, number):
    assert month_number(word) == number


def test_format_date_is_the_hints_shape():
    assert format_date(D(2026, 3, 27)) == "27/3/2026"
    assert "27/3/2026" in DATE_HINT


FORMATS = [
    lambda d: d.isoformat(),
    lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}-{d.month}-{d.year}",
    lambda d: f"{d.day}.{d.month}.{d.year}",
    lambda d: f"{d.day} {d.month} {d.year}",
    lambda d: d.strftime("%-d %B %Y"),
    lambda d: d.strftime("%-d %b %Y"),
    lambda d: d.strftime("%B %-d %Y"),
    lambda d: d.strftime("%B %-d, %Y"),
    format_date,
]


@given(day=st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)), shape=st.sampled_from(FORMATS))
def test_any_date_written_in_an_accepted_shape_reads_back_to_itself(day, shape):
    assert parse_date(shape(day)) == day


@given(day=st.dates(min_value=D(1000, 1, 1), max_value=D(9999, 12, 31)))
def test_four_digit_years_read_back_in_any_century(day):
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day


@given(st.text(max_size=60))
def test_any_text_is_a_date_or_none_never_an_exception(text):
    assert parse_date(text) is None or isinstance(parse_date(text), dt.date)


# --- the field ----------------------------------------------------------------------------------


class _Form(forms.Form):
    incident = GovukDateField(label="Date of the incident")
    birth = GovukDateField(label="Date of birth (optional if not known)", required=False)
    start = GovukDateField(label="From", required=False, error_name="The from date")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"incident": ""}, "incident", "Enter the date of the incident"),
        ({"incident": "31/2/2026"}, "incident", "Date of the incident must be a real date"),
        ({"incident": "soon"}, "incident", "Date of the incident must be a real date"),
        ({"incident": "1/1/2026", "birth": "30 Feb 2020"}, "birth", "Date of birth must be a real date"),
        ({"incident": "1/1/2026", "start": "99/99/99"}, "start", "The from date must be a real date"),
    ],
)
def test_field_errors_name_the_field(data, field, message):
    form = _Form(data)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_field_reads_typed_dates_and_keeps_what_was_typed_on_error():
    form = _Form({"incident": "1 December 2026", "birth": "2/12/26"})
    assert form.is_valid()
    assert form.cleaned_data["incident"] == D(2026, 12, 1)
    assert form.cleaned_data["birth"] == D(2026, 12, 2)
    bad = _Form({"incident": "31 Feb 2026"})
    assert not bad.is_valid()
    assert bad["incident"].field.widget.format_value(bad["incident"].value()) == "31 Feb 2026"


def test_field_prefills_as_the_hint_shows_and_the_hint_is_the_default():
    form = _Form(initial={"incident": D(2026, 3, 27)})
    rendered = str(form["incident"])
    assert 'value="27/3/2026"' in rendered and 'type="text"' in rendered
    assert form.fields["incident"].help_text == DATE_HINT
