"""Housekeeping that `tick` enqueues: finished task rows, expired sessions and old alerts, each once per its
period (core.schedule.claim_run)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from safeguarding_reviews.accounts.services import sessions_clear_expired
from safeguarding_reviews.alerts.services import alerts_prune
from safeguarding_reviews.core.schedule import claim_run

from .services import task_results_prune


@task()
def housekeeping() -> dict[str, int]:
    """`tick` enqueues this every minute; each job runs when its period (a setting, in minutes) has passed
    since it last ran, and records its own system audit event. Returns the rows each job deleted."""
    done: dict[str, int] = {}
    if claim_run(name="task_results_prune", every=_minutes(settings.TASK_RESULT_PRUNE_EVERY_MINUTES)):
        done["task_results"] = task_results_prune(older_than_days=settings.TASK_RESULT_RETENTION_DAYS)
    if claim_run(name="sessions_clear_expired", every=_minutes(settings.SESSION_CLEAR_EVERY_MINUTES)):
        done["sessions"] = sessions_clear_expired()
    if claim_run(name="alerts_prune", every=_minutes(settings.ALERT_PRUNE_EVERY_MINUTES)):
        done["alerts"] = alerts_prune(older_than_days=settings.ALERT_RETENTION_DAYS)
    return done


def _minutes(value: int) -> dt.timedelta:
    return dt.timedelta(minutes=value)
