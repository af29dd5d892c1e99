"""The stages of a case and the moves between them (docs/glossary.md, docs/routes.md). Pure: no database code.

Each allowed move is a named decision. Most moves go forward. Three go elsewhere (issue 11, FLOW):
- Notification → Closed: a care-leaver death, or a looked-after child's death without suspected abuse or
  neglect, closes once the Panel is notified (cases/routes.py);
- Decision → Rapid review: the partners reconsider after the Panel disagreed (business manager only);
- Closed → the stage it closed from: a reopened case (business manager only).
Anything else that needs revisiting is handled inside its stage (an outcome edit supersedes sign-offs).
"""

from __future__ import annotations

from safeguarding_reviews.core.choices import TextChoices


class Stage(TextChoices):
    REFERRAL = "referral", "Referral"
    SCREENING = "screening", "Screening"
    NOTIFICATION = "notification", "Notification"
    RAPID_REVIEW = "rapid_review", "Rapid review"
    DECISION = "decision", "Decision"
    LCSPR = "lcspr", "Local child safeguarding practice review"
    PUBLICATION = "publication", "Publication"
    ACTION_PLAN = "action_plan", "Action plan"
    CLOSED = "closed", "Closed"


OPEN_STAGES = frozenset(s for s in Stage if s != Stage.CLOSED)

ALLOWED_TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    # A referral is screened once it is submitted (or recorded by the business unit).
    Stage.REFERRAL: frozenset({Stage.SCREENING, Stage.CLOSED}),
    # Screening ends in a decision to notify the Panel, or "does not meet the criteria: other learning route".
    Stage.SCREENING: frozenset({Stage.NOTIFICATION, Stage.CLOSED}),
    # Once the notification is sent the rapid review runs; the notify-only routes close instead.
    Stage.NOTIFICATION: frozenset({Stage.RAPID_REVIEW, Stage.CLOSED}),
    # Sending the rapid review: to the LCSPR (decision to hold one), or to the decision stage where the
    # business unit records the learning route and the Panel's response.
    Stage.RAPID_REVIEW: frozenset({Stage.DECISION, Stage.LCSPR}),
    # The decision: an LCSPR, another learning route / no further review (action plan or close), or the
    # partners reconsider after the Panel disagreed.
    Stage.DECISION: frozenset({Stage.LCSPR, Stage.ACTION_PLAN, Stage.CLOSED, Stage.RAPID_REVIEW}),
    Stage.LCSPR: frozenset({Stage.PUBLICATION}),
    Stage.PUBLICATION: frozenset({Stage.ACTION_PLAN}),
    Stage.ACTION_PLAN: frozenset({Stage.CLOSED}),
    # Reopening returns a case to the stage it was closed from (the service reads which from the audit).
    Stage.CLOSED: frozenset(OPEN_STAGES - {Stage.REFERRAL}),
}

# Moves only a business manager may make (the service checks the role).
BUSINESS_MANAGER_MOVES: frozenset[tuple[Stage, Stage]] = frozenset(
    {(Stage.DECISION, Stage.RAPID_REVIEW)} | {(Stage.CLOSED, s) for s in ALLOWED_TRANSITIONS[Stage.CLOSED]}
)


def may_move(from_stage: str, to_stage: str) -> bool:
    return Stage(to_stage) in ALLOWED_TRANSITIONS[Stage(from_stage)]


def needs_business_manager(from_stage: str, to_stage: str) -> bool:
    return (Stage(from_stage), Stage(to_stage)) in BUSINESS_MANAGER_MOVES
