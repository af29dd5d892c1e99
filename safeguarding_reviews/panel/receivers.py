"""The Panel fixes the outcome once the report is sent (outcomes.signals.outcome_fixed_check), and tells the
reports page when it was sent (reports.signals.report_sent_wanted)."""

from __future__ import annotations

from typing import Any

from .models import PanelSubmission


def outcome_fixed_once_sent(sender: Any, *, case: Any, **_: Any) -> bool:
    return PanelSubmission.objects.filter(case=case, superseded_at__isnull=True).exists()


def report_sent(sender: Any, *, case: Any, **_: Any) -> PanelSubmission | None:
    return (
        PanelSubmission.objects.filter(case=case, superseded_at__isnull=True)
        .only("pk", "recorded_at", "sent_on", "report_id")
        .first()
    )
