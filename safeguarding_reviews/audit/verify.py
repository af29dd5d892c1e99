"""Walk the audit chain and say whether it is whole. Used by `manage.py verify_audit` and the benchmark.

Reads the table in sequence order in keyset batches (constant memory, no long-held cursor), so it can
run beside the live service. Problems are reported by sequence number and kind only: never data values.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .chain import GENESIS_HASH, canonical_payload, link_hash
from .models import AuditEvent

DEFAULT_BATCH_SIZE = 2000

_FIELDS = (
    "sequence",
    "occurred_at",
    "event_type",
    "actor_id",
    "partnership_id",
    "case_id",
    "object_type",
    "object_id",
    "data",
    "request_id",
    "prev_hash",
    "hash",
)


@dataclass(frozen=True)
class Break:
    """The first broken link: where, and what kind of break (no values)."""

    sequence: int
    problem: str

    def __str__(self) -> str:
        return f"sequence {self.sequence}: {self.problem}"


@dataclass(frozen=True)
class Result:
    rows_checked: int
    head_sequence: int | None
    head_hash: str | None
    seconds: float
    broken: Break | None
    checkpoint: dict[str, Any] | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    @property
    def rows_per_second(self) -> float:
        return self.rows_checked / self.seconds if self.seconds > 0 else float("inf")


def iter_chain(batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[tuple[Any, ...]]:
    """Every row as a tuple in _FIELDS order, lowest sequence first, `batch_size` rows per query."""
    last: int | None = None
    while True:
        query = AuditEvent.objects.order_by("sequence")
        if last is not None:
            query = query.filter(sequence__gt=last)
        batch = list(query.values_list(*_FIELDS)[:batch_size])
        yield from batch
        if len(batch) < batch_size:
            return
        last = batch[-1][0]


def verify_chain(*, checkpoint: dict[str, Any] | None = None, batch_size: int = DEFAULT_BATCH_SIZE) -> Result:
    """Check that sequence runs 1, 2, 3 … without a gap, that each row's prev_hash is the previous row's
    hash, that each hash recomputes from the row, and that the row the checkpoint names is still there
    with the same hash (so rows cut off the end show). Stops at the first break.

    Read the checkpoint *before* calling this: it only ever names rows that were already committed.
    """
    started = time.perf_counter()
    expected, previous_hash = 1, GENESIS_HASH
    checked = 0
    broken: Break | None = None
    checkpoint_seen = False
    for row in iter_chain(batch_size):
        (sequence, occurred_at, event_type, actor_id, partnership_id, case_id) = row[:6]
        (object_type, object_id, data, request_id, prev_hash, hash_) = row[6:]
        if sequence > expected:
            broken = Break(expected, f"row missing (the next row is sequence {sequence})")
            break
        if sequence < expected:  # only possible below 1: sequence is unique
            broken = Break(sequence, "row out of place: the chain starts at sequence 1")
            break
        if prev_hash != previous_hash:
            broken = Break(sequence, "prev_hash is not the hash of the row before")
            break
        payload = canonical_payload(
            sequence=sequence,
            occurred_at=occurred_at,
            event_type=event_type,
            actor_id=actor_id,
            partnership_id=partnership_id,
            case_id=case_id,
            object_type=object_type,
            object_id=object_id,
            data=data,
            request_id=request_id,
        )
        if link_hash(prev_hash, payload) != hash_:
            broken = Break(sequence, "hash does not match the row's contents")
            break
        if checkpoint is not None and sequence == checkpoint["sequence"]:
            checkpoint_seen = True
            if hash_ != checkpoint["hash"]:
                broken = Break(sequence, "hash differs from the checkpoint: the chain was rewritten")
                break
        checked += 1
        expected, previous_hash = sequence + 1, hash_
    if broken is None and checkpoint is not None and not checkpoint_seen:
        broken = Break(
            expected,
            f"row missing: the chain ends at sequence {expected - 1} but the checkpoint names "
            f"sequence {checkpoint['sequence']} (rows were cut off the end)",
        )
    return Result(
        rows_checked=checked,
        head_sequence=expected - 1 if checked else None,
        head_hash=previous_hash if checked else None,
        seconds=time.perf_counter() - started,
        broken=broken,
        checkpoint=checkpoint,
    )
