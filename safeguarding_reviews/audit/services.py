"""The only way to write an audit event."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from safeguarding_reviews.core import clock
from safeguarding_reviews.core.logging import request_id_var

from .chain import GENESIS_HASH, canonical_payload, link_hash
from .event_types import EventType
from .models import AuditEvent

# Any fixed 64-bit number: the advisory lock every writer of the chain takes on PostgreSQL, so that
# several gunicorn processes append one after another and can never fork the chain.
_CHAIN_LOCK_KEY = 7_301_202_611


def _take_chain_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: the connection runs BEGIN IMMEDIATE (settings), so the write lock is already held by
    # the time we read the chain head; a second writer waits at BEGIN.


def _json_safe(data: dict[str, Any]) -> dict[str, Any]:
    # Round-trip through JSON so the hash is computed over exactly what the database will return.
    return json.loads(json.dumps(data, default=str))


def record_event(
    *,
    event_type: EventType,
    actor: Any = None,
    case: Any = None,
    partnership: Any = None,
    target: Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction (or its own)."""
    if event_type not in EventType.values:
        raise ValueError(f"Unregistered audit event type: {event_type}")
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", True) else None
    case_id = case.pk if case is not None else None
    partnership_id = partnership.pk if partnership is not None else None
    if case is not None and partnership is None:
        partnership_id = case.lead_partnership_id
    object_type = target._meta.label_lower if target is not None else ""
    object_id = str(target.pk) if target is not None else ""
    payload_data = _json_safe(data or {})
    request_id = request_id_var.get()
    if request_id == "-":
        request_id = ""

    with transaction.atomic():
        _take_chain_lock()
        head = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
        sequence, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
        occurred_at = clock.now()
        payload = canonical_payload(
            sequence=sequence,
            occurred_at=occurred_at,
            event_type=str(event_type),
            actor_id=actor_id,
            partnership_id=partnership_id,
            case_id=case_id,
            object_type=object_type,
            object_id=object_id,
            data=payload_data,
            request_id=request_id,
        )
        return AuditEvent.objects.create(
            sequence=sequence,
            occurred_at=occurred_at,
            event_type=str(event_type),
            actor_id=actor_id,
            partnership_id=partnership_id,
            case_id=case_id,
            object_type=object_type,
            object_id=object_id,
            data=payload_data,
            request_id=request_id,
            prev_hash=prev_hash,
            hash=link_hash(prev_hash, payload),
        )
