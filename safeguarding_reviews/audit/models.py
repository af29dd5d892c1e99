"""The append-only, hash-chained audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .event_types import EventType


class AuditEvent(models.Model):
    """Who did or saw what, when. Ids and event types only: never names, emails or case content.

    Rows are written only by audit.services.record_event, in the same transaction as the change,
    and chained: hash = sha256(prev_hash + canonical JSON of the row). `sequence` is gapless.
    """

    sequence = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    # A code from EventType. Deliberately no `choices=`: registering a new event type (event_types.py,
    # append only) must not need a migration of this append-only table.
    event_type = models.CharField(max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    partnership = models.ForeignKey(
        "organisations.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_constraint=False
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["case", "sequence"]),
            models.Index(fields=["actor", "sequence"]),
            # Refusals name a case by id only (it may not exist): the case access page looks them up.
            models.Index(fields=["object_type", "object_id", "sequence"], name="audit_object_seq_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sequence} {self.event_type}"

    @property
    def event_type_label(self) -> str:
        # The enum's own lookup by value: `EventType.values` builds a list of its hundreds of members on every
        # read (a tenth of the case page's time, which labels its last ten events).
        try:
            return str(EventType(self.event_type).label)
        except ValueError:
            return self.event_type
