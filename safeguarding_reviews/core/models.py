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
