"""actions/lifecycle.py (pure): the allowed moves between statuses, and overdue derived, never stored."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.actions.lifecycle import (
    INITIAL_STATUSES,
    OPEN_STATUSES,
    ActionStatus,
    Move,
    days_overdue,
    is_overdue,
    move,
    next_statuses,
    shown_status,
)

S = ActionStatus
D = dt.date


@pytest.mark.parametrize(
    ("current", "new", "expected"),
    [
        (S.NOT_STARTED, S.IN_PROGRESS, Move.WORK),
        (S.IN_PROGRESS, S.NOT_STARTED, Move.WORK),
        (S.NOT_STARTED, S.AWAITING_EVIDENCE, Move.COMPLETE),
        (S.IN_PROGRESS, S.AWAITING_EVIDENCE, Move.COMPLETE),
        (S.AWAITING_EVIDENCE, S.EVIDENCE_ACCEPTED, Move.ACCEPT),
        (S.AWAITING_EVIDENCE, S.IN_PROGRESS, Move.RETURN),
        (S.NOT_STARTED, S.WITHDRAWN, Move.WITHDRAW),
        (S.AWAITING_EVIDENCE, S.WITHDRAWN, Move.WITHDRAW),
        (S.IN_PROGRESS, S.SUPERSEDED, Move.SUPERSEDE),
        # Accepted only from awaiting evidence: the evidence is what is accepted.
        (S.NOT_STARTED, S.EVIDENCE_ACCEPTED, None),
        (S.IN_PROGRESS, S.EVIDENCE_ACCEPTED, None),
        # Final statuses go nowhere: "impact not shown" adds a new action instead.
        (S.EVIDENCE_ACCEPTED, S.IN_PROGRESS, None),
        (S.EVIDENCE_ACCEPTED, S.WITHDRAWN, None),
        (S.WITHDRAWN, S.NOT_STARTED, None),
        (S.SUPERSEDED, S.IN_PROGRESS, None),
        (S.NOT_STARTED, S.NOT_STARTED, None),
        ("done", S.IN_PROGRESS, None),  # the old status is no status now
        (S.NOT_STARTED, "overdue", None),  # overdue is never a stored status
    ],
)
def test_moves(current, new, expected):
    assert move(current, new) == expected


def test_next_statuses_by_kind():
    assert next_statuses(S.NOT_STARTED, frozenset({Move.WORK})) == [S.IN_PROGRESS]
    assert next_statuses(S.AWAITING_EVIDENCE) == [
        S.IN_PROGRESS,
        S.EVIDENCE_ACCEPTED,
        S.WITHDRAWN,
        S.SUPERSEDED,
    ]
    assert next_statuses(S.WITHDRAWN) == []
    assert INITIAL_STATUSES <= OPEN_STATUSES


@pytest.mark.parametrize(
    ("status", "due_on", "today", "overdue", "days"),
    [
        (S.NOT_STARTED, D(2026, 3, 16), D(2026, 3, 16), False, 0),  # due today is not overdue
        (S.NOT_STARTED, D(2026, 3, 16), D(2026, 3, 17), True, 1),
        (S.IN_PROGRESS, D(2026, 1, 1), D(2026, 3, 16), True, 74),
        (S.AWAITING_EVIDENCE, D(2026, 1, 1), D(2026, 3, 16), False, 0),  # the agency said it is done
        (S.EVIDENCE_ACCEPTED, D(2026, 1, 1), D(2026, 3, 16), False, 0),
        (S.WITHDRAWN, D(2026, 1, 1), D(2026, 3, 16), False, 0),
        (S.SUPERSEDED, D(2026, 1, 1), D(2026, 3, 16), False, 0),
        (S.NOT_STARTED, None, D(2026, 3, 16), False, 0),
    ],
)
def test_overdue_is_derived(status, due_on, today, overdue, days):
    assert is_overdue(status, due_on, today) is overdue
    assert days_overdue(status, due_on, today) == days


def test_shown_status():
    assert shown_status(S.IN_PROGRESS, D(2026, 1, 1), D(2026, 3, 16)) == "Overdue (in progress)"
    assert shown_status(S.AWAITING_EVIDENCE, D(2026, 1, 1), D(2026, 3, 16)) == "Completed: awaiting evidence"
