"""Shared model bases: optimistic versioning, and the worker heartbeat and scheduled runs /healthz reports."""

from __future__ import annotations

from django.db import models


class VersionedModel(models.Model):
    """An editable record. Saves go through core.versioning.update_versioned, a conditional UPDATE."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """One row per task worker queue; the task worker stamps it, /healthz reads it."""

    name = models.CharField(max_length=40, unique=True)
    last_ran_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class ScheduledRun(models.Model):
    """When `tick` last ran ("tick"), and when each housekeeping job last ran (its own name): /healthz
    reports the first, core.schedule.claim_run spaces out the others."""

    name = models.CharField(max_length=60, unique=True)
    last_ran_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class TaskOutbox(models.Model):
    """A task enqueued with Redis as the broker (core.outbox.OutboxRQBackend): written in the same database
    transaction as the work that asked for it, handed to Redis once that commits, or by `tick` later if
    Redis was down. Deleted once Redis has it; the id is also the RQ job's id."""

    id = models.CharField(primary_key=True, max_length=64)
    task_path = models.CharField(max_length=255)
    queue_name = models.CharField(max_length=60)
    priority = models.IntegerField(default=0)
    run_after = models.DateTimeField(null=True, blank=True)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.task_path} ({self.id})"
