"""Reads of the rapid review's submission to the Panel, and what the route after sending needs to know."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import PanelSubmission

if TYPE_CHECKING:
    from safeguarding_reviews.cases.models import Case


def current_submission(case: Case) -> PanelSubmission | None:
    """The case's current (not superseded) submission to the Panel, or None before it is sent."""
    return (
        PanelSubmission.objects.filter(case=case, superseded_at__isnull=True)
        .select_related(
            "report", "recorded_by", "response_recorded_by", "learning_route_recorded_by", "signoff_record"
        )
        .first()
    )
