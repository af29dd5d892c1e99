"""The worker heartbeat: stamped by the task worker for /healthz (`tick` enqueues it)."""

from __future__ import annotations

from django_tasks import task

from . import clock
from .models import WorkerHeartbeat


@task()
def worker_heartbeat() -> None:
    """Stamped by whichever worker runs it, so /healthz can say when the task worker last ran."""
    WorkerHeartbeat.objects.update_or_create(name="default", defaults={"last_ran_at": clock.now()})
