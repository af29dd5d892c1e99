"""The stored unread-alert counts, counted again on the task worker: `manage.py tick` enqueues this every
minute. Safe to run from several workers at once (each person's count row is locked while counted)."""

from __future__ import annotations

from django_tasks import task


@task()
def alert_counts_refresh_task() -> int:
    from .services import alert_counts_refresh_stale

    return alert_counts_refresh_stale()
