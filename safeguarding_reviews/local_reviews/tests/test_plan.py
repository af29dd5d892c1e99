"""The plan's pure rules: default target dates from the initiation date, RAG, time against plan, the next
target. Table tests."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.local_reviews import plan
from safeguarding_reviews.local_reviews.plan import Rag, Target

D = dt.date


@pytest.mark.parametrize(
    ("initiated", "target", "due"),
    [
        (D(2026, 3, 16), Target.TERMS_AGREED, D(2026, 4, 13)),
        (D(2026, 3, 16), Target.REVIEWER_APPOINTED, D(2026, 4, 13)),
        (D(2026, 3, 16), Target.PRACTITIONER_EVENT, D(2026, 5, 25)),
        (D(2026, 3, 16), Target.FIRST_DRAFT, D(2026, 7, 6)),
        (D(2026, 3, 16), Target.FINAL_REPORT, D(2026, 8, 3)),
        (D(2026, 3, 16), Target.SIGN_OFF, D(2026, 8, 17)),
        (D(2026, 3, 16), Target.PUBLICATION, D(2026, 9, 16)),
        # Six calendar months to a shorter month: its last day.
        (D(2026, 8, 31), Target.PUBLICATION, D(2027, 2, 28)),
        (D(2027, 8, 31), Target.PUBLICATION, D(2028, 2, 29)),
        # Across the year end.
        (D(2026, 12, 1), Target.PUBLICATION, D(2027, 6, 1)),
    ],
)
def test_default_target_dates(initiated, target, due):
    assert plan.default_targets(initiated)[target] == due


@pytest.mark.parametrize("initiated", [D(2026, 1, 1), D(2026, 8, 31), D(2026, 12, 31)])
def test_every_local_target_is_within_the_statutory_six_months_and_in_order(initiated):
    targets = plan.default_targets(initiated)
    assert list(targets) == list(plan.ORDER)
    dues = list(targets.values())
    assert dues == sorted(dues)
    assert all(due <= targets[Target.PUBLICATION] for due in dues)
    assert all(o.source for o in plan.OFFSETS)


TODAY = D(2026, 3, 16)  # a Monday


@pytest.mark.parametrize(
    ("due", "achieved", "non_working", "expected"),
    [
        (D(2026, 3, 1), D(2026, 3, 2), frozenset(), Rag.DONE),
        (D(2026, 4, 1), D(2026, 3, 2), frozenset(), Rag.DONE),
        (D(2026, 3, 13), None, frozenset(), Rag.RED),
        (TODAY, None, frozenset(), Rag.AMBER),
        (D(2026, 3, 30), None, frozenset(), Rag.AMBER),  # 10 working days ahead
        (D(2026, 3, 31), None, frozenset(), Rag.GREEN),  # 11 working days ahead
        (D(2026, 3, 31), None, frozenset({D(2026, 3, 20)}), Rag.AMBER),  # a bank holiday in between
    ],
)
def test_rag(due, achieved, non_working, expected):
    assert plan.rag(due_on=due, achieved_on=achieved, today=TODAY, non_working=non_working) == expected


@pytest.mark.parametrize(
    ("targets", "on", "late"),
    [
        ([], TODAY, []),
        ([("terms_agreed", D(2026, 3, 1), None)], TODAY, ["terms_agreed"]),
        ([("terms_agreed", D(2026, 3, 1), D(2026, 2, 28))], TODAY, []),
        ([("terms_agreed", D(2026, 3, 1), D(2026, 3, 5))], TODAY, ["terms_agreed"]),  # achieved late
        ([("terms_agreed", TODAY, None)], TODAY, []),  # due today is not yet late
        (
            [("publication", D(2026, 3, 1), None), ("terms_agreed", D(2026, 3, 2), None)],
            TODAY,
            ["terms_agreed", "publication"],
        ),
    ],
)
def test_late_targets(targets, on, late):
    assert plan.late_targets(targets, on=on) == late


@pytest.mark.parametrize(
    ("targets", "expected"),
    [
        ([], None),
        ([("terms_agreed", D(2026, 3, 1), D(2026, 3, 1))], None),
        (
            [("reviewer_appointed", D(2026, 4, 1), None), ("terms_agreed", D(2026, 4, 1), None)],
            ("terms_agreed", D(2026, 4, 1)),
        ),
        (
            [("terms_agreed", D(2026, 4, 1), D(2026, 3, 1)), ("publication", D(2026, 9, 1), None)],
            ("publication", D(2026, 9, 1)),
        ),
    ],
)
def test_next_target(targets, expected):
    assert plan.next_target(targets) == expected
