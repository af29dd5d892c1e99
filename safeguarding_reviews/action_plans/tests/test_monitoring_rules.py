"""Table tests of the monitoring view's figures (action_plans/monitoring.py, pure)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from safeguarding_reviews.action_plans import monitoring
from safeguarding_reviews.action_plans.monitoring import ActionFact, Quarter

TODAY = dt.date(2026, 5, 20)


def _fact(
    n: int, status: str, due_on: dt.date | None, agency: int | None = 1, **overrides: Any
) -> ActionFact:
    fact = ActionFact(
        action_id=n,
        status=status,
        due_on=due_on,
        agency_id=agency,
        agency_name=f"Agency {agency}" if agency else "",
        review_key="case:1",
        review_label="Child A",
    )
    return dataclasses.replace(fact, **overrides)


@pytest.mark.parametrize(
    ("accepted", "counted", "expected"),
    [
        (0, 0, None),
        (0, 5, 0),
        (5, 5, 100),
        (1, 3, 33),
        (2, 3, 67),
        (1, 8, 13),  # 12.5 rounds half up
        (1, 200, 1),  # 0.5 rounds half up
        (1, 201, 0),
        (3, -1, None),
    ],
)
def test_completion_rate(accepted, counted, expected):
    assert monitoring.completion_rate(accepted, counted) == expected


@pytest.mark.parametrize(
    ("rate", "words"), [(None, "No actions to count"), (0, "0%"), (67, "67%"), (100, "100%")]
)
def test_rate_words(rate, words):
    assert monitoring.rate_words(rate) == words


@pytest.mark.parametrize(
    ("statuses", "accepted", "counted", "rate"),
    [
        ([], 0, 0, None),
        (["evidence_accepted"], 1, 1, 100),
        (["evidence_accepted", "withdrawn"], 1, 1, 100),  # withdrawn neither helps nor hurts
        (["evidence_accepted", "superseded", "in_progress"], 1, 2, 50),
        (["awaiting_evidence", "evidence_accepted"], 1, 2, 50),  # awaiting evidence is not complete yet
        (["withdrawn", "superseded"], 0, 0, None),
        (["not_started", "in_progress", "awaiting_evidence"], 0, 3, 0),
    ],
)
def test_group_completion(statuses, accepted, counted, rate):
    figures = monitoring.Figures(key="k", label="K")
    for n, status in enumerate(statuses):
        figures.add(_fact(n, status, TODAY), TODAY)
    assert (figures.accepted, figures.counted, figures.completion_rate) == (accepted, counted, rate)


@pytest.mark.parametrize(
    ("status", "due_on", "overdue", "days"),
    [
        ("not_started", TODAY - dt.timedelta(days=1), 1, 1),
        ("in_progress", TODAY - dt.timedelta(days=30), 1, 30),
        ("in_progress", TODAY, 0, 0),  # due today is not overdue
        ("awaiting_evidence", TODAY - dt.timedelta(days=30), 0, 0),  # the agency said it was done
        ("evidence_accepted", TODAY - dt.timedelta(days=30), 0, 0),
        ("withdrawn", TODAY - dt.timedelta(days=30), 0, 0),
        ("not_started", None, 0, 0),
    ],
)
def test_overdue_and_days(status, due_on, overdue, days):
    figures = monitoring.Figures(key="k", label="K")
    figures.add(_fact(1, status, due_on), TODAY)
    assert (figures.overdue, figures.longest_overdue, figures.average_overdue) == (overdue, days, days)


def test_average_and_longest_overdue():
    figures = monitoring.Figures(key="k", label="K")
    for n, days in enumerate([1, 2, 10]):
        figures.add(_fact(n, "in_progress", TODAY - dt.timedelta(days=days)), TODAY)
    figures.add(_fact(9, "in_progress", TODAY + dt.timedelta(days=5)), TODAY)
    assert (figures.overdue, figures.longest_overdue, figures.average_overdue) == (3, 10, 4)  # 13/3 = 4.33
    assert figures.open == 4


def test_groups_by_agency_review_theme_and_status():
    late = TODAY - dt.timedelta(days=12)
    facts = [
        _fact(1, "in_progress", late, 1, themes=((7, "Information sharing"), (8, "Supervision"))),
        _fact(2, "evidence_accepted", late, 1, themes=((7, "Information sharing"),)),
        _fact(
            3, "not_started", TODAY - dt.timedelta(days=40), 2, review_key="case:2", review_label="Child B"
        ),
        _fact(4, "withdrawn", late, None, review_key="adopted:national", review_label="National review"),
    ]
    result = monitoring.monitoring(facts, TODAY)
    assert result.totals.total == 4
    assert result.totals.overdue == 2
    agencies = {group.label: group for group in result.by_agency}
    assert set(agencies) == {"Agency 1", "Agency 2", monitoring.NO_AGENCY}
    assert (agencies["Agency 1"].total, agencies["Agency 1"].completion_rate) == (2, 50)
    assert agencies[monitoring.NO_AGENCY].completion_rate is None
    assert [group.label for group in result.by_review] == ["Child A", "Child B", "National review"]
    themes = {group.label: group.total for group in result.by_theme}
    # An action counts once under each of its recommendation's themes.
    assert themes == {"Information sharing": 2, "Supervision": 1, monitoring.NO_THEME: 2}
    statuses = {row.status: (row.count, row.overdue) for row in result.by_status}
    assert statuses["in_progress"] == (1, 1)
    assert statuses["not_started"] == (1, 1)
    assert statuses["superseded"] == (0, 0)
    assert [row.action_id for row in result.most_overdue] == [3, 1]
    assert result.most_overdue[0].days == 40


def test_most_overdue_is_capped():
    facts = [_fact(n, "in_progress", TODAY - dt.timedelta(days=n + 1)) for n in range(15)]
    rows = monitoring.monitoring(facts, TODAY, most_overdue=5).most_overdue
    assert [row.days for row in rows] == [15, 14, 13, 12, 11]


def test_nothing_to_show():
    result = monitoring.monitoring([], TODAY)
    assert result.totals.total == 0
    assert result.by_agency == result.by_review == result.by_theme == result.most_overdue == []
    assert all(row.count == 0 for row in result.by_status)


@pytest.mark.parametrize(
    ("day", "code", "starts", "ends", "label"),
    [
        (dt.date(2026, 1, 1), "2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "January to March 2026"),
        (dt.date(2026, 5, 20), "2026-Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30), "April to June 2026"),
        (
            dt.date(2026, 9, 30),
            "2026-Q3",
            dt.date(2026, 7, 1),
            dt.date(2026, 9, 30),
            "July to September 2026",
        ),
        (
            dt.date(2026, 12, 31),
            "2026-Q4",
            dt.date(2026, 10, 1),
            dt.date(2026, 12, 31),
            "October to December 2026",
        ),
        (dt.date(2028, 2, 29), "2028-Q1", dt.date(2028, 1, 1), dt.date(2028, 3, 31), "January to March 2028"),
    ],
)
def test_quarters(day, code, starts, ends, label):
    quarter = monitoring.quarter_of(day)
    assert (quarter.code, quarter.starts_on, quarter.ends_on, quarter.label) == (code, starts, ends, label)
    assert monitoring.parse_quarter(code) == quarter


@pytest.mark.parametrize("code", ["", "2026", "2026-Q5", "2026-Q0", "26-Q1", "1999-Q1", "2026-q1x", "<b>"])
def test_parse_quarter_refuses(code):
    assert monitoring.parse_quarter(code) is None


def test_quarter_neighbours_and_choices():
    assert Quarter(2026, 4).following() == Quarter(2027, 1)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    choices = monitoring.quarter_choices(TODAY, back=2, ahead=1)
    assert [q.code for q in choices] == ["2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4"]


@pytest.mark.parametrize(
    ("facts", "rag", "next_due"),
    [
        ([], "Green", None),
        ([("in_progress", 60)], "Green", 60),
        ([("in_progress", 60), ("not_started", 28)], "Amber", 28),  # due within 28 days
        ([("in_progress", 29)], "Green", 29),
        ([("awaiting_evidence", 3)], "Green", None),  # the work is done
        ([("in_progress", 3), ("not_started", -1)], "Red", 3),  # overdue wins
        ([("evidence_accepted", -100)], "Green", None),
    ],
)
def test_review_rag_and_next_due(facts, rag, next_due):
    figures = monitoring.Figures(key="k", label="K")
    for n, (status, days) in enumerate(facts):
        figures.add(_fact(n, status, TODAY + dt.timedelta(days=days)), TODAY)
    assert figures.rag == rag
    assert figures.next_due_on == (None if next_due is None else TODAY + dt.timedelta(days=next_due))


def test_status_groups_hold_every_action_once():
    figures = monitoring.Figures(key="k", label="K")
    statuses = [
        "evidence_accepted",
        "awaiting_evidence",
        "in_progress",
        "not_started",
        "withdrawn",
        "superseded",
    ]
    for n, status in enumerate(statuses):
        figures.add(
            _fact(n, status, TODAY - dt.timedelta(days=1) if status == "not_started" else TODAY), TODAY
        )
    groups = figures.status_groups()
    assert [label for label, _ in groups] == list(monitoring.STATUS_GROUPS)
    assert [count for _, count in groups] == [1, 1, 1, 1, 2]
    assert sum(count for _, count in groups) == figures.total


def test_format_day():
    assert monitoring.format_day(dt.date(2026, 3, 1)) == "1 March 2026"
