"""The register's pure rules: the involvement period and how it reads."""

import datetime as dt

import pytest

from safeguarding_reviews.practitioners.rules import involvement_errors, period_text

TODAY = dt.date(2026, 6, 10)
D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        (None, None, set()),
        (D(2026, 1, 1), None, set()),
        (None, D(2026, 1, 1), set()),
        (D(2026, 1, 1), D(2026, 1, 1), set()),
        (D(2026, 1, 1), TODAY, set()),
        (D(2026, 2, 1), D(2026, 1, 1), {"involved_to"}),
        (TODAY + dt.timedelta(days=1), None, {"involved_from"}),
        (None, TODAY + dt.timedelta(days=1), {"involved_to"}),
        (TODAY + dt.timedelta(days=2), TODAY + dt.timedelta(days=1), {"involved_from", "involved_to"}),
    ],
)
def test_involvement_errors(start, end, errors):
    assert set(involvement_errors(start, end, today=TODAY)) == errors


def test_involvement_error_messages_say_why():
    assert involvement_errors(D(2026, 2, 1), D(2026, 1, 1), today=TODAY) == {
        "involved_to": "The date they were involved until must be the same as or after the date from"
    }


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D(2026, 3, 3), D(2026, 6, 9), "From 3 March 2026 to 9 June 2026"),
        (D(2026, 3, 3), None, "From 3 March 2026"),
        (None, D(2026, 6, 9), "Until 9 June 2026"),
        (None, None, "Not recorded"),
    ],
)
def test_period_text(start, end, text):
    assert period_text(start, end) == text
