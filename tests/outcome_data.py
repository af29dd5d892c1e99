"""Synthetic rapid review outcomes for tests: a case moved to the rapid review, and an outcome filled in
through the services (so versions, contributors and audit events are real)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.outcomes import services
from safeguarding_reviews.outcomes.criteria import Answer, Decision
from safeguarding_reviews.outcomes.models import PracticeTheme, RapidReviewOutcome
from safeguarding_reviews.outcomes.selectors import ASSESSMENT_CODES, answer_field


def a_theme() -> PracticeTheme:
    """An active practice theme. The vocabulary is seeded by a migration, but a transactional test run earlier
    (live server, task worker) flushes tables, so tests make one when it is gone."""
    theme = PracticeTheme.objects.filter(is_active=True).first()
    if theme is None:
        theme = PracticeTheme.objects.create(
            vocabulary_version="test", code="information-sharing", label="Information sharing", source="test"
        )
    return theme


def to_rapid_review(world: Any) -> None:
    actor = world.people["business_unit_officer"]
    path = [Stage.REFERRAL, Stage.SCREENING, Stage.NOTIFICATION, Stage.RAPID_REVIEW]
    if world.case.stage in path:
        for stage in path[path.index(world.case.stage) + 1 :]:
            case_stage_advance(actor=actor, case=world.case, to_stage=stage, reason="test")
    world.case.refresh_from_db()


def assessment_answers(answer: str = Answer.NO) -> dict[str, str]:
    values = {}
    for code in ASSESSMENT_CODES:
        values[answer_field(code)] = answer
        values[f"{answer_field(code)}_reason"] = f"Synthetic reason for {code}."
    return values


def decision_answers(decision: str = Decision.LCSPR) -> dict[str, str]:
    return {
        "decision": decision,
        "other_learning_review": "",
        "national_review_appropriate": Answer.NO,
        "national_review_reason": "Synthetic: local learning is enough.",
        "rationale": "Synthetic rationale: the criteria are met.",
    }


def complete_outcome(world: Any, *, actor: Any = None, decision: str = Decision.LCSPR) -> RapidReviewOutcome:
    """An outcome with every required section done, drafted by the business unit officer."""
    to_rapid_review(world)
    actor = actor or world.people["business_unit_officer"]
    outcome = services.outcome_start(actor=actor, case=world.case)
    outcome.case = world.case
    for section, changes in [
        ("facts", {"facts_summary": "Synthetic facts about Child Q."}),
        ("context", {"lived_context": "Synthetic lived context."}),
        ("assessment", assessment_answers(Answer.YES)),
        ("decision", decision_answers(decision)),
    ]:
        outcome = services.outcome_update(
            actor=actor, outcome=outcome, section=section, expected_version=outcome.version, changes=changes
        )
    theme = a_theme()
    outcome = services.learning_point_add(
        actor=actor,
        outcome=outcome,
        expected_version=outcome.version,
        text="Synthetic learning.",
        theme_ids=[theme.pk],
    )
    outcome = services.immediate_action_add(
        actor=actor,
        outcome=outcome,
        expected_version=outcome.version,
        description="Synthetic safety plan for siblings.",
        owner_agency=world.agency,
        due_on=dt.date(2026, 4, 1),
        other_children_safe=True,
        other_children_note="Synthetic: sibling seen by the social worker.",
    )
    return outcome
