"""Does a write lock a case row after it has appended to the audit chain? (conftest.py, on PostgreSQL)

The order every write keeps, so that two writes never wait on each other (docs/audit.md, "Lock order"):
the case row first (FOR NO KEY UPDATE, or the UPDATE of it), then the rows it changes, the audit chain's
advisory lock last (audit.services.record_event takes it and holds it to the commit). A write that appended an
event and then locks a case row it had not locked waits for whoever holds that row, who may be waiting for the
chain: PostgreSQL kills one of the two (deadlock detected), a 500. `LockOrderWatcher`, a
`connection.execute_wrapper`, notes each case row a transaction locks or creates and the moment it takes the
chain's lock, and keeps every statement that locks a case row for the first time after that moment.

A "transaction" is the outermost atomic block that is not the test's own (Django marks those
`_from_testcase`), so a service's transaction inside a test is seen as it runs in production.
"""

from __future__ import annotations

import re
import traceback
import uuid
from dataclasses import dataclass, field

_CASE_ROW_LOCK = re.compile(
    r'^\s*(?:UPDATE\s+"cases_case"\s|SELECT\s.*\sFROM\s+"cases_case"\s.*\sFOR\s+(?:NO\s+KEY\s+)?UPDATE\b)',
    re.IGNORECASE | re.DOTALL,
)
_CASE_INSERT = re.compile(r'^\s*INSERT\s+INTO\s+"cases_case"\s', re.IGNORECASE)


@dataclass
class _Transaction:
    chain_locked: bool = False
    cases: set[str] = field(default_factory=set)


def _uuids(params) -> set[str]:
    found: set[str] = set()
    for value in params or ():
        if isinstance(value, uuid.UUID):
            found.add(str(value))
        elif isinstance(value, list | tuple):
            found |= _uuids(value)
    return found


def _where() -> str:
    """The code's own frames (not the tests', not Django's), innermost first."""
    frames = [
        f"{frame.filename.rsplit('/safeguarding_reviews/', 1)[-1]}:{frame.lineno} {frame.name}"
        for frame in traceback.extract_stack()
        if "/safeguarding_reviews/" in frame.filename and "/tests/" not in frame.filename
    ]
    return " ← ".join(reversed(frames))


class LockOrderWatcher:
    """Collects, as `violations`, each first lock of a case row taken after the chain's lock."""

    def __init__(self) -> None:
        self.violations: list[str] = []

    @staticmethod
    def _transaction(connection) -> _Transaction | None:
        # Kept on the block itself: each `transaction.atomic()` is a new block (the code uses no decorator
        # form), so what a transaction locked ends with it.
        for block in connection.atomic_blocks:
            if not getattr(block, "_from_testcase", False):
                return block.__dict__.setdefault("_lock_order", _Transaction())
        return None

    def __call__(self, execute, sql, params, many, context):
        current = self._transaction(context["connection"])
        if current is not None:
            if "pg_advisory_xact_lock" in sql:
                current.chain_locked = True
            elif _CASE_INSERT.match(sql):
                current.cases |= _uuids(params)
            elif "UPDATE" in sql and '"cases_case"' in sql and _CASE_ROW_LOCK.match(sql):
                cases = _uuids(params)
                if current.chain_locked and not cases <= current.cases:
                    self.violations.append(f"{sql[:80]}… from {_where()}")
                current.cases |= cases
        return execute(sql, params, many, context)
