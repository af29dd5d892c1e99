"""When is a rapid review outcome complete enough to sign off? Pure: takes plain values, no database code.

The outcome is written as a task list of sections. Each section is "completed" or "incomplete"; the
immediate actions section is optional (a case may need none) but every action recorded must say whether
other children are confirmed safe. Sign-off (signoffs app) and the report need every required section.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .criteria import Decision, assessment_gaps, criteria_for


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    required: bool = True


SECTIONS: tuple[Section, ...] = (
    Section("facts", "Summary of the facts"),
    Section("context", "The child's and family's lived experience and context"),
    Section("actions", "Immediate actions", required=False),
    Section("learning", "Learning identified"),
    Section("assessment", "Assessment against the criteria"),
    Section("decision", "Decision and rationale"),
)
SECTION_SLUGS = frozenset(s.slug for s in SECTIONS)
# The sections edited with one form of outcome fields (the others are lists of rows).
FIELD_SECTIONS = ("facts", "context", "assessment", "decision")

COMPLETED = "completed"
INCOMPLETE = "incomplete"
NOT_STARTED = "not_started"
OPTIONAL = "optional"


@dataclass(frozen=True)
class OutcomeFacts:
    """What the rule needs to know, read off an outcome and its rows."""

    facts_summary: str = ""
    lived_context: str = ""
    answers: Mapping[str, tuple[str, str]] | None = None  # criterion code -> (answer, reason)
    decision: str = ""
    other_learning_review: str = ""
    national_review_appropriate: str = ""
    national_review_reason: str = ""
    rationale: str = ""
    learning_points: int = 0
    actions_missing_safety_check: int = 0
    immediate_actions: int = 0
    criteria_version: str = ""  # the outcome's criteria version (criteria.version_of)


def decision_gaps(facts: OutcomeFacts) -> list[str]:
    """The decision fields still to answer, by field name."""
    gaps = []
    if not facts.decision:
        gaps.append("decision")
    if facts.decision == Decision.OTHER_LEARNING_REVIEW and not facts.other_learning_review:
        gaps.append("other_learning_review")
    if not facts.national_review_appropriate:
        gaps.append("national_review_appropriate")
    elif not facts.national_review_reason.strip():
        gaps.append("national_review_reason")
    if not facts.rationale.strip():
        gaps.append("rationale")
    return gaps


def section_status(slug: str, facts: OutcomeFacts) -> str:
    answers = dict(facts.answers or {})
    if slug == "facts":
        return COMPLETED if facts.facts_summary.strip() else NOT_STARTED
    if slug == "context":
        return COMPLETED if facts.lived_context.strip() else NOT_STARTED
    if slug == "actions":
        if facts.actions_missing_safety_check:
            return INCOMPLETE
        return COMPLETED if facts.immediate_actions else OPTIONAL
    if slug == "learning":
        return COMPLETED if facts.learning_points else NOT_STARTED
    if slug == "assessment":
        gaps = assessment_gaps(answers, facts.criteria_version)
        if not gaps:
            return COMPLETED
        total = len(criteria_for(facts.criteria_version))
        return (
            NOT_STARTED if len(gaps) == total and not any(a or r for a, r in answers.values()) else INCOMPLETE
        )
    if slug == "decision":
        if not decision_gaps(facts):
            return COMPLETED
        touched = facts.decision or facts.national_review_appropriate or facts.rationale.strip()
        return INCOMPLETE if touched else NOT_STARTED
    raise ValueError(f"Unknown section: {slug}")


def outcome_gaps(facts: OutcomeFacts) -> list[str]:
    """The titles of the sections that stop the outcome being signed off; empty when it is complete."""
    return [s.title for s in SECTIONS if section_status(s.slug, facts) not in (COMPLETED, OPTIONAL)]
