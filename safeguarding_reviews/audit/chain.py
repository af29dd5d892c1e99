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
