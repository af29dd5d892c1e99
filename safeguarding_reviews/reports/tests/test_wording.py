"""A report as people name it (issue 18, item 2): numbered in the order made, with the day it was made."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.reports.wording import numbered, report_words


@pytest.mark.parametrize(
    ("number", "made_on", "words"),
    [
        (1, dt.date(2026, 12, 4), "report version 1, made 4 December 2026"),
        (3, dt.date(2027, 1, 31), "report version 3, made 31 January 2027"),
    ],
)
def test_report_words(number, made_on, words):
    assert report_words(number=number, made_on=made_on) == words


def test_numbered_oldest_first():
    labels = numbered([("a" * 64, dt.date(2026, 12, 1)), ("b" * 64, dt.date(2026, 12, 4))])
    assert labels == {
        "a" * 64: "report version 1, made 1 December 2026",
        "b" * 64: "report version 2, made 4 December 2026",
    }


def test_numbered_empty():
    assert numbered([]) == {}
