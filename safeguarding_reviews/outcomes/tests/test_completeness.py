"""The completeness rule as table tests (pure: no database)."""

from __future__ import annotations

import pytest

from safeguarding_reviews.outcomes.completeness import (
    COMPLETED,
    INCOMPLETE,
    NOT_STARTED,
    OPTIONAL,
    OutcomeFacts,
    decision_gaps,
    outcome_gaps,
    section_status,
)
from safeguarding_reviews.outcomes.criteria import HAVE_REGARD_FACTORS, REG11_CRITERIA

ALL_CODES = [c.code for c in REG11_CRITERIA + HAVE_REGARD_FACTORS]
FULL_ANSWERS = {code: ("yes", "reason") for code in ALL_CODES}
COMPLETE = OutcomeFacts(
    facts_summary="f",
    lived_context="c",
    answers=FULL_ANSWERS,
    decision="lcspr",
    national_review_appropriate="no",
    national_review_reason="r",
    rationale="why",
    learning_points=1,
)


@pytest.mark.parametrize(
    ("slug", "facts", "expected"),
    [
        ("facts", OutcomeFacts(), NOT_STARTED),
        ("facts", OutcomeFacts(facts_summary="  "), NOT_STARTED),
        ("facts", OutcomeFacts(facts_summary="x"), COMPLETED),
        ("context", OutcomeFacts(lived_context="x"), COMPLETED),
        ("actions", OutcomeFacts(), OPTIONAL),
        ("actions", OutcomeFacts(immediate_actions=2), COMPLETED),
        ("actions", OutcomeFacts(immediate_actions=2, actions_missing_safety_check=1), INCOMPLETE),
        ("learning", OutcomeFacts(), NOT_STARTED),
        ("learning", OutcomeFacts(learning_points=1), COMPLETED),
        ("assessment", OutcomeFacts(), NOT_STARTED),
        ("assessment", OutcomeFacts(answers={"a": ("yes", "r")}), INCOMPLETE),
        ("assessment", OutcomeFacts(answers={**FULL_ANSWERS, "d": ("yes", " ")}), INCOMPLETE),
        ("assessment", OutcomeFacts(answers=FULL_ANSWERS), COMPLETED),
        ("decision", OutcomeFacts(), NOT_STARTED),
        ("decision", COMPLETE, COMPLETED),
    ],
)
def test_section_status(slug, facts, expected):
    assert section_status(slug, facts) == expected


@pytest.mark.parametrize(
    ("changes", "gaps"),
    [
        ({}, []),
        ({"rationale": "  "}, ["rationale"]),
        ({"decision": ""}, ["decision"]),
        ({"decision": "other_learning_review"}, ["other_learning_review"]),
        ({"decision": "other_learning_review", "other_learning_review": "local_learning_event"}, []),
        ({"national_review_appropriate": ""}, ["national_review_appropriate"]),
        ({"national_review_reason": ""}, ["national_review_reason"]),
    ],
)
def test_decision_gaps(changes, gaps):
    values = {**COMPLETE.__dict__, **changes}
    assert decision_gaps(OutcomeFacts(**values)) == gaps


def test_a_complete_outcome_has_no_gaps_and_an_empty_one_lists_every_required_section():
    assert outcome_gaps(COMPLETE) == []
    assert len(outcome_gaps(OutcomeFacts())) == 5  # every section but the optional immediate actions


def test_an_unknown_section_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown section: nope"):
        section_status("nope", COMPLETE)
