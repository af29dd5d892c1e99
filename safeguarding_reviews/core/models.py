"""Shared model bases: optimistic versioning, and the worker heartbeat /healthz reports."""

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
