"""The stages of a case (process-and-glossary.md). Pure: no database code here."""

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
