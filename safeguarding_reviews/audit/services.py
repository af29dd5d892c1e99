"""The only way to write an audit event."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Model

from safeguarding_reviews.core import clock
from safeguarding_reviews.core.logging import request_id_var

from .chain import GENESIS_HASH, canonical_payload, link_hash
from .event_types import EventType
from .models import AuditEvent

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

# Any fixed 64-bit number: the advisory lock every writer of the chain takes on PostgreSQL, so that
# several gunicorn processes append one after another and can never fork the chain.
_CHAIN_LOCK_KEY = 7_301_202_611


def _take_chain_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: the connection runs BEGIN IMMEDIATE (settings), so the write lock is already held by
    # the time we read the chain head; a second writer waits at BEGIN.


# Every event type's value, once (EventType.values builds the list again on each read).
_EVENT_TYPES = frozenset(EventType.values)


def _json_safe(data: dict[str, Any]) -> dict[str, Any]:
    # Round-trip through JSON so the hash is computed over exactly what the database will return.
    return json.loads(json.dumps(data, default=str))


def record_event(
    *,
    event_type: EventType,
    actor: User | None = None,
    case: Any = None,
    partnership: Any = None,
    target: Model | None = None,
    data: dict[str, Any] | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction (or its own).

    `object_type`/`object_id` name the object without loading it (for example a case id from a
    refused URL, where the case may not exist); they override what `target` would give.
    """
    if event_type not in _EVENT_TYPES:
        raise ValueError(f"Unregistered audit event type: {event_type}")
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", True) else None
    case_id = case.pk if case is not None else None
    partnership_id = partnership.pk if partnership is not None else None
    if case is not None and partnership is None:
        partnership_id = case.lead_partnership_id
    if object_type is None:
        object_type = target._meta.label_lower if target is not None else ""
    if object_id is None:
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


# --- Services that record the audit trail's own events ------------------------------------------------

MAX_AUDITED_PATH = 200


def access_refused_record(
    *, actor: User | None, status: int, path: str, case_id: str | None = None
) -> AuditEvent:
    """A 403 or 404 was served. Path only (never the query string), cut to a fixed length; the case is
    named by id only, because it may not exist (so the case column stays empty)."""
    with transaction.atomic(durable=True):
        return record_event(
            event_type=EventType.ACCESS_REFUSED,
            actor=actor,
            data={"status": int(status), "path": path[:MAX_AUDITED_PATH]},
            object_type="cases.case" if case_id else "",
            object_id=str(case_id) if case_id else "",
        )


def job_rate_limited_record(*, actor: User, kind: str) -> AuditEvent:
    """A job-creating POST was refused by the rate limit (core.throttle, through core.signals.job_refused).
    The kind of job only: no case, no path, no query string."""
    with transaction.atomic(durable=True):
        return record_event(event_type=EventType.JOB_RATE_LIMITED, actor=actor, data={"kind": kind[:40]})


def case_audit_view_record(
    *, actor: User, case: Any, event_type: str = "", before: int | None = None
) -> None:
    """Somebody read the case's access record (which page and filter: codes only)."""
    with transaction.atomic(durable=True):
        record_event(
            event_type=EventType.CASE_AUDIT_VIEWED,
            actor=actor,
            case=case,
            data={"event_type": event_type, "before": before},
        )


def audit_verification_record(*, rows_checked: int, head_sequence: int | None) -> AuditEvent:
    """The daily verification passed (manage.py verify_audit --checkpoint). Counts only."""
    with transaction.atomic(durable=True):
        return record_event(
            event_type=EventType.AUDIT_VERIFIED,
            data={"rows_checked": rows_checked, "head_sequence": head_sequence},
        )
