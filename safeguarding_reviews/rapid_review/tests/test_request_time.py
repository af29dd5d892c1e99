"""The request's own time as pure rules: working days allowed, the restart after a send-back, and the state
(table tests, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.rapid_review import request_time

D = dt.date
# Synthetic calendar: Monday 2 November 2026 is a closure day, Friday 6 November a bank holiday.
NON_WORKING = frozenset({D(2026, 11, 2), D(2026, 11, 6)})


@pytest.mark.parametrize(
    ("stored", "started_on", "due_on", "expected"),
    [
        (10, D(2026, 10, 26), D(2026, 10, 27), 10),  # stored wins
        (None, D(2026, 10, 30), D(2026, 11, 4), 2),  # Fri -> Wed: Mon 2 closed, Tue, Wed
        (None, D(2026, 11, 3), D(2026, 11, 9), 3),  # Tue -> Mon: Wed, Thu, (Fri holiday), Mon
        (None, D(2026, 11, 3), D(2026, 11, 3), 1),  # due the day it was sent: still at least one day
        (0, D(2026, 11, 3), D(2026, 11, 3), 1),
    ],
)
def test_allowed_working_days(stored, started_on, due_on, expected):
    assert (
        request_time.allowed_working_days(
            stored=stored, started_on=started_on, due_on=due_on, non_working=NON_WORKING
        )
        == expected
    )


@pytest.mark.parametrize(
    ("sent_back_on", "working_days", "expected"),
    [
        (D(2026, 10, 30), 1, D(2026, 11, 3)),  # Friday: the weekend and the closure day skipped
        (D(2026, 11, 3), 3, D(2026, 11, 9)),  # the bank holiday skipped
        (D(2026, 11, 7), 1, D(2026, 11, 9)),  # sent back on a Saturday: counts from the next working day
        (D(2026, 11, 9), 10, D(2026, 11, 23)),
    ],
)
def test_restart_counts_the_same_working_days_from_the_send_back(sent_back_on, working_days, expected):
    assert (
        request_time.restarted_due_on(
            sent_back_on=sent_back_on, working_days=working_days, non_working=NON_WORKING
        )
        == expected
    )


@pytest.mark.parametrize(
    ("status", "due_on", "today", "submitted_on", "expected"),
    [
        ("requested", D(2026, 11, 20), D(2026, 11, 3), None, "upcoming"),
        ("acknowledged", D(2026, 11, 4), D(2026, 11, 3), None, "due_soon"),
        ("acknowledged", D(2026, 11, 5), D(2026, 11, 3), None, "upcoming"),  # two working days left
        ("acknowledged", D(2026, 11, 9), D(2026, 11, 5), None, "due_soon"),  # holiday between: 1 day left
        ("requested", D(2026, 11, 3), D(2026, 11, 3), None, "due_today"),
        ("returned_for_more_information", D(2026, 11, 3), D(2026, 11, 4), None, "overdue"),
        ("submitted", D(2026, 11, 3), D(2026, 11, 10), D(2026, 11, 3), "met"),
        ("accepted", D(2026, 11, 3), D(2026, 11, 10), D(2026, 11, 4), "met_late"),
        ("submitted", D(2026, 11, 3), D(2026, 11, 3), None, "met"),  # no submission date kept
        ("withdrawn", D(2026, 11, 3), D(2026, 11, 30), None, "withdrawn"),
    ],
)
def test_request_state(status, due_on, today, submitted_on, expected):
    state = request_time.request_state(
        status=status,
        due_on=due_on,
        today=today,
        non_working=NON_WORKING,
        due_soon_days=1,
        submitted_on=submitted_on,
    )
    assert state == expected
    assert request_time.state_label(state)
    assert request_time.state_tag_class(state).startswith("govuk-tag--")
