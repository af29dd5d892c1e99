"""The stages of a case and the moves between them (process-and-glossary.md). Pure: no database code.

Each allowed move is a named decision. Backward moves are not allowed: a case that needs revisiting is
handled inside its stage (an outcome edit supersedes sign-offs, and so on), never by moving back.
"""

from __future__ import annotations

from django.db import models


class Stage(models.TextChoices):
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
    # Once the notification is sent the rapid review runs.
    Stage.NOTIFICATION: frozenset({Stage.RAPID_REVIEW}),
    Stage.RAPID_REVIEW: frozenset({Stage.DECISION}),
    # The decision: an LCSPR, or another learning route / no further review (action plan or close).
    Stage.DECISION: frozenset({Stage.LCSPR, Stage.ACTION_PLAN, Stage.CLOSED}),
    Stage.LCSPR: frozenset({Stage.PUBLICATION}),
    Stage.PUBLICATION: frozenset({Stage.ACTION_PLAN}),
    Stage.ACTION_PLAN: frozenset({Stage.CLOSED}),
    Stage.CLOSED: frozenset(),
}


def may_move(from_stage: str, to_stage: str) -> bool:
    return Stage(to_stage) in ALLOWED_TRANSITIONS[Stage(from_stage)]
