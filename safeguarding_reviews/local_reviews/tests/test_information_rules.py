"""The pure rules for requests for information: the task list's row, the due date and the clock mapping."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.local_reviews.information import clock_status, due_on_error, row_label, row_status

TODAY = dt.date(2026, 3, 16)
PAST = dt.date(2026, 3, 13)
FUTURE = dt.date(2026, 3, 20)


@pytest.mark.parametrize(
    ("requests", "expected"),
    [
        ([], ("none", 0)),
        ([("withdrawn", PAST)], ("none", 0)),
        ([("open", FUTURE)], ("open", 1)),
        ([("open", TODAY), ("asked_again", FUTURE)], ("open", 2)),
        ([("open", PAST), ("open", FUTURE)], ("overdue", 1)),
        ([("asked_again", PAST), ("open", PAST), ("answered", PAST)], ("overdue", 2)),
        ([("answered", PAST), ("accepted", PAST)], ("all_answered", 2)),
        ([("answered", FUTURE), ("withdrawn", PAST)], ("all_answered", 1)),
        ([("withdrawn", PAST), ("open", PAST)], ("overdue", 1)),
    ],
)
def test_row_status(requests, expected):
    assert row_status(requests, today=TODAY) == expected


@pytest.mark.parametrize(
    ("code", "count", "label"),
    [
        ("none", 0, "None"),
        ("open", 2, "Open 2"),
        ("overdue", 1, "Overdue 1"),
        ("all_answered", 3, "All answered"),
    ],
)
def test_row_label(code, count, label):
    assert row_label(code, count) == label


@pytest.mark.parametrize(
    ("due_on", "error"),
    [
        (None, "Enter the due date"),
        (PAST, "The due date must be today or in the future"),
        (TODAY, None),
        (FUTURE, None),
    ],
)
def test_due_on_error(due_on, error):
    assert due_on_error(due_on, today=TODAY) == error


@pytest.mark.parametrize(
    ("status", "clock"),
    [
        ("open", "requested"),
        ("asked_again", "requested"),
        ("answered", "submitted"),
        ("accepted", "submitted"),
        ("withdrawn", "withdrawn"),
    ],
)
def test_clock_status(status, clock):
    assert clock_status(status) == clock
