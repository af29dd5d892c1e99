"""System checks for settings that would otherwise fail only when first used."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from .throttle import parse_rate


@checks.register(checks.Tags.security)
def job_rate_limit_readable(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """JOB_RATE_LIMIT is read on every job-creating POST: refuse to start with one that cannot be read."""
    errors: list[checks.CheckMessage] = []
    try:
        parse_rate(str(getattr(settings, "JOB_RATE_LIMIT", "10/10m")))
    except ValueError as exc:
        errors.append(checks.Error(str(exc), id="core.E001"))
    retention = getattr(settings, "CHRONOLOGY_EXPORT_RETENTION_DAYS", 7)
    if not isinstance(retention, int) or retention < 1:
        errors.append(
            checks.Error(
                "CHRONOLOGY_EXPORT_RETENTION_DAYS must be a whole number of days, 1 or more", id="core.E002"
            )
        )
    for name in (
        "TASK_RESULT_RETENTION_DAYS",
        "TASK_RESULT_PRUNE_EVERY_MINUTES",
        "SESSION_CLEAR_EVERY_MINUTES",
        "ALERT_RETENTION_DAYS",
        "ALERT_PRUNE_EVERY_MINUTES",
    ):
        value = getattr(settings, name, 1)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.append(checks.Error(f"{name} must be a whole number, 1 or more", id="core.E003"))
    return errors
