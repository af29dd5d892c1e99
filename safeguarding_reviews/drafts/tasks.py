"""Drafts on the task worker: their retention."""

from __future__ import annotations

from django_tasks import task


@task()
def drafts_tidy() -> int:
    """`tick` enqueues this every minute: delete drafts older than DRAFT_RETENTION_DAYS. Idempotent."""
    from . import services

    return services.drafts_tidy()
