"""Typed drafts on the task worker: their retention."""

from __future__ import annotations

from django_tasks import task


@task()
def typed_drafts_tidy() -> int:
    """`tick` enqueues this every minute: delete typed drafts older than DRAFT_RETENTION_DAYS. Idempotent."""
    from .services import drafts_tidy

    return drafts_tidy()
