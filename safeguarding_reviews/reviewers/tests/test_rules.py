"""Table tests for the reviewer's pure rules (reviewers/rules.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.reviewers.rules import (
    CommitteeSees,
    Sees,
    State,
    commission_errors,
    committee_sees,
    declaration_errors,
    declares_conflict,
    may_appoint,
    may_decide,
    may_declare,
    reviewer_sees,
    task_row,
)

NO = (False, "")


@pytest.mark.parametrize(
    ("state", "granted", "expected"),
    [
        (State.INVITED, False, set()),
        (State.INVITED, True, set()),
        (State.AWAITING_DECLARATION, False, {Sees.DECLARATION, Sees.FAMILY_NAMES}),
        (State.AWAITING_DECLARATION, True, {Sees.DECLARATION, Sees.FAMILY_NAMES}),
        (State.DECLARED, False, {Sees.DECLARATION}),
        (State.DECLARED, True, {Sees.DECLARATION}),
        (State.ACCEPTED, False, {Sees.DECLARATION, Sees.CASE}),
        (State.ACCEPTED, True, {Sees.DECLARATION, Sees.CASE, Sees.IDENTITY}),
        (State.REFUSED, False, set()),
        (State.REFUSED, True, set()),
    ],
)
def test_what_a_reviewer_sees(state, granted, expected):
    assert reviewer_sees(state, identity_granted=granted) == expected


@pytest.mark.parametrize(
    ("state", "declare", "decide"),
    [
        (State.INVITED, False, False),
        (State.AWAITING_DECLARATION, True, False),
        (State.DECLARED, False, True),
        (State.ACCEPTED, False, False),
        (State.REFUSED, False, False),
    ],
)
def test_independence_outcomes(state, declare, decide):
    assert may_declare(state) is declare
    assert may_decide(state) is decide


@pytest.mark.parametrize(
    ("has_local_review", "states", "refused"),
    [
        (False, [], True),
        (False, [State.REFUSED], True),
        (True, [], False),
        (True, [State.REFUSED], False),
        (True, [State.REFUSED, State.REFUSED], False),
        (True, [State.INVITED], True),
        (True, [State.AWAITING_DECLARATION], True),
        (True, [State.REFUSED, State.DECLARED], True),
        (True, [State.ACCEPTED], True),
    ],
)
def test_may_appoint(has_local_review, states, refused):
    assert (may_appoint(has_local_review=has_local_review, active_states=states) is not None) is refused


@pytest.mark.parametrize(
    ("answers", "errors", "conflict"),
    [
        ({}, {"family", "agencies", "services", "other"}, False),
        ({"family": NO, "agencies": NO, "services": NO, "other": NO}, set(), False),
        ({"family": (True, ""), "agencies": NO, "services": NO, "other": NO}, {"family_details"}, True),
        ({"family": (True, "  "), "agencies": NO, "services": NO, "other": NO}, {"family_details"}, True),
        ({"family": (True, "Met the mother"), "agencies": NO, "services": NO, "other": NO}, set(), True),
        (
            {"family": NO, "agencies": NO, "services": NO, "other": (True, "A relative works there")},
            set(),
            True,
        ),
        ({"family": NO, "agencies": (None, ""), "services": NO, "other": NO}, {"agencies"}, False),
    ],
)
def test_declaration_completeness_and_conflict(answers, errors, conflict):
    assert set(declaration_errors(answers)) == errors
    assert declares_conflict(answers) is conflict


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 6, 1), {}),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1), {}),
        (dt.date(2026, 6, 1), dt.date(2026, 1, 1), {"end_date"}),
        (None, dt.date(2026, 1, 1), {}),
    ],
)
def test_commission_dates(start, end, errors):
    assert set(commission_errors(start, end)) == set(errors)


@pytest.mark.parametrize(
    ("member", "listed", "named", "restricted", "expected"),
    [
        (False, True, True, False, set()),
        (True, False, False, False, set()),
        (True, True, False, False, {CommitteeSees.CASE, CommitteeSees.COMMENTS}),
        (True, True, False, True, set()),
        (True, False, True, False, {CommitteeSees.CASE}),
        (True, True, True, True, {CommitteeSees.CASE, CommitteeSees.COMMENTS}),
    ],
)
def test_what_a_committee_member_sees(member, listed, named, restricted, expected):
    assert (
        committee_sees(committee_member=member, listed=listed, named=named, restricted=restricted) == expected
    )


@pytest.mark.parametrize(
    ("state", "status", "hint"),
    [
        (None, "not_started", "No reviewer appointed yet"),
        (State.INVITED, "in_progress", "Ann invited: has not accepted the invitation yet"),
        (
            State.AWAITING_DECLARATION,
            "in_progress",
            "Ann appointed: waiting for their independence declaration",
        ),
        (State.DECLARED, "in_progress", "Ann has declared: waiting for the business manager's decision"),
        (State.ACCEPTED, "completed", "Accepted: Ann"),
        (State.REFUSED, "not_started", "Ann was refused: appoint another reviewer"),
    ],
)
def test_task_row(state, status, hint):
    assert task_row(state, "Ann") == (status, hint)
