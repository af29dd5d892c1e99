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


def current_submission_sent(case: Any) -> PanelSubmission | None:
    """The current submission's when-sent facts only (no related records): for saying what changed since."""
    return (
        PanelSubmission.objects.filter(case=case, superseded_at__isnull=True)
        .only("pk", "recorded_at", "sent_on", "report_id")
        .first()
    )
