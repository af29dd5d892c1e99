"""Reads of the rapid review's submission to the Panel, and what the route after sending needs to know."""

from __future__ import annotations

from typing import Any

from .models import PanelSubmission


def current_submission(case: Any) -> PanelSubmission | None:
    """The case's current (not superseded) submission to the Panel, or None before it is sent."""
    return (
        PanelSubmission.objects.filter(case=case, superseded_at__isnull=True)
        .select_related(
            "report", "recorded_by", "response_recorded_by", "learning_route_recorded_by", "signoff_record"
        )
        .first()
    )


def has_open_case_actions(case: Any) -> bool:
    """Whether any action on the case is still open: the case goes to "Action plan" rather than closing.

    The one place the route asks this. Until the case action list exists (issue 11 §11), it reads the rapid
    review outcome's immediate actions; point it at the case action list when that lands."""
    from safeguarding_reviews.outcomes.criteria import ActionStatus
    from safeguarding_reviews.outcomes.models import ImmediateAction

    return ImmediateAction.objects.filter(outcome__case=case).exclude(status=ActionStatus.DONE).exists()
