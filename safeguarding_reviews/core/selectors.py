"""Reads of the service's own state for the health check: the worker's heartbeat, the task queue."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min

from .models import WorkerHeartbeat


def worker_last_ran(name: str = "default") -> dt.datetime | None:
    """When the named task worker last beat, or None if it never has."""
    return WorkerHeartbeat.objects.filter(name=name).values_list("last_ran_at", flat=True).first()


def database_queue() -> tuple[int, dt.datetime | None]:
    """How many jobs wait in the database task queue, and when the oldest of them was enqueued."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready().aggregate(depth=Count("pk"), oldest=Min("enqueued_at"))
    return waiting["depth"], waiting["oldest"]
