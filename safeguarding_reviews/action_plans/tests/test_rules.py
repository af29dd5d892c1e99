"""The pure rules of the action plans: closing (closure.py), the impact check's schedule and result, and the
escalation ladder (escalation.py), as tables."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from safeguarding_reviews.action_plans.closure import (
    ImpactResult,
    add_months,
    check_state,
    closure_blockers,
    impact_problems,
    impact_reopens,
    impact_schedule,
)
from safeguarding_reviews.action_plans.escalation import EscalationStep, highest_step, next_step
from safeguarding_reviews.actions.lifecycle import ActionStatus
from safeguarding_reviews.working_days.calculator import add_working_days

S = ActionStatus
D = dt.date
TODAY = D(2026, 3, 16)


@pytest.mark.parametrize(
    ("statuses", "meeting", "decided_on", "expected"),
    [
        ([S.EVIDENCE_ACCEPTED], "Committee", TODAY, {}),
        ([S.EVIDENCE_ACCEPTED, S.WITHDRAWN], "Committee", TODAY, {}),
        # A superseded action counts neither way: its replacement does.
        ([S.SUPERSEDED, S.EVIDENCE_ACCEPTED], "Committee", TODAY, {}),
        ([S.SUPERSEDED, S.IN_PROGRESS], "Committee", TODAY, {"": "1 action is not yet"}),
        (
            [S.EVIDENCE_ACCEPTED, S.AWAITING_EVIDENCE, S.NOT_STARTED],
            "Committee",
            TODAY,
            {"": "2 actions are not yet"},
        ),
        ([], "Committee", TODAY, {"": "once it has actions"}),
        ([S.SUPERSEDED], "Committee", TODAY, {"": "once it has actions"}),
        ([S.EVIDENCE_ACCEPTED], " ", TODAY, {"meeting": "Enter the committee meeting"}),
        ([S.EVIDENCE_ACCEPTED], "Committee", None, {"decided_on": "Enter the date"}),
        (
            [S.EVIDENCE_ACCEPTED],
            "Committee",
            TODAY + dt.timedelta(days=1),
            {"decided_on": "today or in the past"},
        ),
    ],
)
def test_closure_blockers(statuses, meeting, decided_on, expected):
    found = closure_blockers(statuses, meeting=meeting, decided_on=decided_on, today=TODAY)
    assert set(found) == set(expected)
    for key, start in expected.items():
        assert start in found[key]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 3, 16), 6, D(2026, 9, 16)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2027, 8, 31), 6, D(2028, 2, 29)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 1, 31), 12, D(2027, 1, 31)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_impact_schedule_and_state():
    earliest, due, latest = impact_schedule(TODAY, earliest_months=6, due_months=9, latest_months=12)
    assert (earliest, due, latest) == (D(2026, 9, 16), D(2026, 12, 16), D(2027, 3, 16))
    state = partial(check_state, earliest_on=earliest, due_on=due, latest_on=latest)
    assert state(result="", today=D(2026, 9, 15)) == "scheduled"
    assert state(result="", today=earliest) == "open"
    assert state(result="", today=due) == "due"
    assert state(result="", today=latest) == "due"
    assert state(result="", today=D(2027, 3, 17)) == "overdue"
    assert state(result="shown", today=D(2027, 3, 17)) == "recorded"
    with pytest.raises(ValueError, match="in order"):
        impact_schedule(TODAY, earliest_months=9, due_months=6, latest_months=12)


@pytest.mark.parametrize(
    ("result", "new_action", "reopens", "missing"),
    [
        (ImpactResult.SHOWN, False, False, set()),
        (ImpactResult.PARTLY, False, False, set()),
        (ImpactResult.NOT_SHOWN, True, True, set()),
        (ImpactResult.NOT_SHOWN, False, True, {"new_action"}),
        ("", False, False, {"result"}),
        ("maybe", False, False, {"result"}),
    ],
)
def test_impact_results(result, new_action, reopens, missing):
    assert impact_reopens(result) is reopens
    found = impact_problems(
        result=result, what_changed="Seen", evidence="Audit", reason="Because", new_action_given=new_action
    )
    assert set(found) == missing


def test_impact_needs_every_answer():
    found = impact_problems(
        result=ImpactResult.SHOWN, what_changed=" ", evidence="", reason="", new_action_given=False
    )
    assert set(found) == {"what_changed", "evidence", "reason"}


# The escalation ladder: the rapid review's chase ladder (rapid_review.chasing), for an action.
WORKING = partial(add_working_days, non_working=frozenset())
MON, TUE, WED, THU, FRI = (D(2026, 3, d) for d in (16, 17, 18, 19, 20))
NEXT_MON, NEXT_TUE, NEXT_WED = D(2026, 3, 23), D(2026, 3, 24), D(2026, 3, 25)
E = EscalationStep


@pytest.mark.parametrize(
    ("status", "today", "done", "expected"),
    [
        (S.NOT_STARTED, MON, {}, None),  # added today
        (S.NOT_STARTED, TUE, {}, E.DUE_SOON),  # within the reminder lead of Wednesday
        (S.NOT_STARTED, TUE, {"due_soon": TUE}, None),  # once
        (S.IN_PROGRESS, WED, {"due_soon": TUE}, None),  # due today: not overdue
        (S.IN_PROGRESS, THU, {"due_soon": TUE}, E.OWNER),
        (S.IN_PROGRESS, FRI, {"owner": THU}, None),  # one working day after the owner
        (S.IN_PROGRESS, NEXT_MON, {"owner": THU}, E.SAFEGUARDING_LEAD),  # two working days
        (S.IN_PROGRESS, NEXT_TUE, {"owner": THU, "safeguarding_lead": NEXT_MON}, None),
        (S.IN_PROGRESS, NEXT_WED, {"owner": THU, "safeguarding_lead": NEXT_MON}, E.BUSINESS_MANAGER),
        (
            S.IN_PROGRESS,
            D(2026, 6, 1),
            {"owner": THU, "safeguarding_lead": NEXT_MON, "business_manager": NEXT_WED},
            None,
        ),
        # A worker down for a week takes one step at a time, never all three at once.
        (S.NOT_STARTED, D(2026, 4, 30), {}, E.OWNER),
        # Completed (awaiting evidence), accepted, withdrawn or superseded: never chased.
        (S.AWAITING_EVIDENCE, NEXT_MON, {}, None),
        (S.EVIDENCE_ACCEPTED, NEXT_MON, {}, None),
        (S.WITHDRAWN, NEXT_MON, {}, None),
        (S.SUPERSEDED, NEXT_MON, {}, None),
    ],
)
def test_escalation_ladder(status, today, done, expected):
    step = next_step(
        status=status,
        due_on=WED,
        today=today,
        done=done,
        interval=2,
        add_working_days=WORKING,
        due_soon_days=1,
        started_on=MON,
    )
    assert step == expected


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ([], None),
        (["due_soon"], None),
        (["due_soon", "owner"], E.OWNER),
        (["owner", "safeguarding_lead"], E.SAFEGUARDING_LEAD),
        (["owner", "safeguarding_lead", "business_manager"], E.BUSINESS_MANAGER),
    ],
)
def test_highest_step(steps, expected):
    assert highest_step(steps) == expected
