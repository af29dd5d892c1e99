"""The hash chain: how one audit row's hash is computed. Pure, so the writer and verifier agree."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_payload(
    *,
    sequence: int,
    occurred_at: datetime,
    event_type: str,
    actor_id: int | None,
    partnership_id: int | None,
    case_id: Any,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
    request_id: str,
) -> str:
    body = {
        "sequence": sequence,
        "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "event_type": event_type,
        "actor_id": actor_id,
        "partnership_id": partnership_id,
        "case_id": str(case_id) if case_id is not None else None,
        "object_type": object_type,
        "object_id": object_id,
        "data": data,
        "request_id": request_id,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def link_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def row_payload(row: Any) -> str:
    """The canonical payload of a stored AuditEvent (or anything with the same attributes)."""
    return canonical_payload(
        sequence=row.sequence,
        occurred_at=row.occurred_at,
        event_type=row.event_type,
        actor_id=row.actor_id,
        partnership_id=row.partnership_id,
        case_id=row.case_id,
        object_type=row.object_type,
        object_id=row.object_id,
        data=row.data,
        request_id=row.request_id,
    )
