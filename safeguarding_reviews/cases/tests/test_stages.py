"""Every (from, to) pair of stages against the transition table."""

import pytest
from django.core.exceptions import ValidationError

from safeguarding_reviews.cases import services
from safeguarding_reviews.cases.stages import ALLOWED_TRANSITIONS, Stage, may_move, needs_business_manager

ALLOWED = {
    ("referral", "screening"),
    ("referral", "closed"),
    ("screening", "notification"),
    ("screening", "closed"),
    ("notification", "rapid_review"),
    ("notification", "closed"),
    ("rapid_review", "decision"),
    ("rapid_review", "lcspr"),
    ("decision", "rapid_review"),
    ("decision", "lcspr"),
    ("decision", "action_plan"),
    ("decision", "closed"),
    ("lcspr", "publication"),
    ("publication", "action_plan"),
    ("action_plan", "closed"),
    # Reopening: back to the stage the case closed from.
    ("closed", "screening"),
    ("closed", "notification"),
    ("closed", "rapid_review"),
    ("closed", "decision"),
    ("closed", "lcspr"),
    ("closed", "publication"),
    ("closed", "action_plan"),
}
MANAGER_ONLY = {("decision", "rapid_review")} | {pair for pair in ALLOWED if pair[0] == "closed"}


@pytest.mark.parametrize("from_stage", list(Stage))
@pytest.mark.parametrize("to_stage", list(Stage))
def test_every_pair(from_stage, to_stage):
    assert may_move(from_stage, to_stage) is ((from_stage.value, to_stage.value) in ALLOWED)


@pytest.mark.parametrize("from_stage", list(Stage))
@pytest.mark.parametrize("to_stage", list(Stage))
def test_which_moves_need_the_business_manager(from_stage, to_stage):
    expected = (from_stage.value, to_stage.value) in MANAGER_ONLY
    assert needs_business_manager(from_stage, to_stage) is expected


def test_table_covers_every_stage():
    assert set(ALLOWED_TRANSITIONS) == set(Stage)


def test_advance_records_the_move_and_refuses_a_jump(world):
    officer = world.people["business_unit_officer"]
    case = services.case_stage_advance(
        actor=officer, case=world.case, to_stage=Stage.SCREENING, reason="submitted"
    )
    assert case.stage == Stage.SCREENING
    with pytest.raises(ValidationError, match="A case cannot move from Screening to Decision"):
        services.case_stage_advance(actor=officer, case=case, to_stage=Stage.DECISION, reason="jump")
