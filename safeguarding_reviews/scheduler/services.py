"""Housekeeping of the task queue's own records (scheduler.tasks.housekeeping runs it from `tick`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.core import clock


def task_results_prune(*, older_than_days: int) -> int:
    """Delete the database queue's rows for tasks that finished (succeeded or failed) more than
    `older_than_days` ago. Their arguments hold what each job was given, an email's rendered body and its
    link among them, so they are not kept. Waiting and running tasks are never touched. One system audit
    event with the count. With RQ (REDIS_URL) the table stays empty and RQ expires its own results."""
    cutoff = clock.now() - dt.timedelta(days=older_than_days)
    with transaction.atomic(durable=True):
        deleted, _ = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=cutoff
        ).delete()
        record_event(
            event_type=EventType.TASK_RESULTS_PRUNED,
            data={"deleted": deleted, "older_than_days": older_than_days},
        )
    return deleted
