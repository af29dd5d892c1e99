"""Deadline wording, as tables: the words pages show instead of "-20" and state names."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.clocks import states, wording

D = dt.date
NONE: frozenset[dt.date] = frozenset()
DUE = D(2026, 11, 6)  # a Friday


@pytest.mark.parametrize(
    ("state", "today", "met_on", "words"),
    [
        (states.UPCOMING, D(2026, 10, 16), None, "due in 15 working days"),
        (states.DUE_SOON, D(2026, 11, 3), None, "due in 3 working days"),
        (states.DUE_SOON, D(2026, 11, 5), None, "due in 1 working day"),
        (states.DUE_TODAY, DUE, None, "due today"),
        (states.OVERDUE, D(2026, 11, 9), None, "1 working day overdue"),
        (states.OVERDUE, D(2026, 12, 4), None, "20 working days overdue"),
        # The weekend after a Friday due date: late, but not yet by a whole working day.
        (states.OVERDUE, D(2026, 11, 7), None, "overdue"),
        (states.MET, D(2026, 12, 4), D(2026, 11, 5), "met on 5 November 2026"),
        (states.MET, D(2026, 12, 4), DUE, "met on 6 November 2026"),
        (
            states.MET_LATE,
            D(2026, 12, 4),
            D(2026, 11, 10),
            "met late on 10 November 2026 (2 working days late)",
        ),
        (states.MET_LATE, D(2026, 12, 4), D(2026, 11, 9), "met late on 9 November 2026 (1 working day late)"),
        # An hour clock met after its time on the due date: late, by hours.
        (states.MET_LATE, D(2026, 12, 4), DUE, "met late on 6 November 2026"),
        (states.PAUSED, D(2026, 12, 4), None, "paused"),
    ],
)
def test_status_words(state, today, met_on, words):
    assert (
        wording.status_words(state=state, due_on=DUE, today=today, non_working=NONE, met_on=met_on) == words
    )


def test_status_words_skip_bank_holidays():
    # Christmas Day and Boxing Day (substitute Monday 28 December) are not working days.
    holidays = frozenset({D(2026, 12, 25), D(2026, 12, 28)})
    words = wording.status_words(
        state=states.OVERDUE, due_on=D(2026, 12, 24), today=D(2026, 12, 29), non_working=holidays
    )
    assert words == "1 working day overdue"


@pytest.mark.parametrize(
    ("today", "met_on", "words"),
    [
        (D(2026, 11, 2), None, "due 6 November 2026"),
        (DUE, None, "due 6 November 2026"),
        (D(2026, 11, 9), None, "was due 6 November 2026"),
        (D(2026, 11, 2), D(2026, 11, 2), "was due 6 November 2026"),
    ],
)
def test_due_words(today, met_on, words):
    assert wording.due_words(due_on=DUE, today=today, met_on=met_on) == words


@pytest.mark.parametrize(
    ("duration", "unit", "event", "start_on", "due_on", "words"),
    [
        (
            15,
            "working_days",
            "notification_sent",
            D(2026, 10, 16),
            DUE,
            "15 working days after the notification on 16 October",
        ),
        (
            1,
            "working_days",
            "notification_sent",
            D(2026, 11, 5),
            DUE,
            "1 working day after the notification on 5 November",
        ),
        (
            48,
            "hours",
            "referral_received",
            D(2026, 12, 31),
            D(2027, 1, 4),
            "48 hours after the referral on 31 December 2026",
        ),
        (
            6,
            "calendar_months",
            "lcspr_initiated",
            D(2026, 5, 6),
            DUE,
            "6 months after the local review started on 6 May",
        ),
    ],
)
def test_basis_words(duration, unit, event, start_on, due_on, words):
    assert (
        wording.basis_words(duration=duration, unit=unit, start_event=event, start_on=start_on, due_on=due_on)
        == words
    )


def test_sentence_as_the_banner_shows_it():
    words = wording.sentence(
        name="Report to the Panel",
        state=states.OVERDUE,
        due_on=DUE,
        today=D(2026, 12, 4),
        non_working=NONE,
        duration=15,
        unit="working_days",
        start_event="notification_sent",
        start_on=D(2026, 10, 16),
    )
    assert words == (
        "Report to the Panel was due 6 November 2026 (15 working days after the notification on 16 October): "
        "20 working days overdue"
    )


def test_every_milestone_event_has_a_start_phrase():
    from safeguarding_reviews.clocks.models import MilestoneEvent

    assert set(wording.START_PHRASES) == set(MilestoneEvent.values)
