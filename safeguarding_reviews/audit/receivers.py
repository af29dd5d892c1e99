"""The audit trail records what core refuses (core.signals.job_refused): core sits below audit."""

from __future__ import annotations

from typing import Any

from .services import job_rate_limited_record


def record_job_refused(sender: Any, *, actor: Any, kind: str, **_: Any) -> None:
    job_rate_limited_record(actor=actor, kind=kind)
