"""The test suite's SQLite backend: Django's, with one difference for the in-memory test database.

The suite's SQLite database is in memory with a shared cache (Django's default for tests). There, a
statement can meet another connection's table lock and fail at once with "database table is locked"
(SQLITE_LOCKED: the busy timeout does not apply to it). It happens about once in a full run, always on
`django_session`, and only when the browser journeys (a live server) run in the same process; the other
connection has not been found. Production SQLite is a file in WAL mode, which has no such table locks, so this
backend is for the tests only: the failed statement (which changed nothing) is tried again, after collecting
garbage (a connection nobody holds any more closes and lets go of its lock) and a short wait. Any other error,
or the lock still held after about three seconds, is raised as before.
"""

from __future__ import annotations

import gc
import sqlite3
import time
from typing import Any

from django.db.backends.sqlite3 import base

TRIES = 12


def _locked(exc: sqlite3.OperationalError) -> bool:
    return "database table is locked" in str(exc)


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def execute(self, query: str, params: Any = None) -> Any:
        for attempt in range(TRIES):
            try:
                return super().execute(query, params)
            except sqlite3.OperationalError as exc:
                if not _locked(exc) or attempt == TRIES - 1:
                    raise
                _wait(attempt)
        raise AssertionError("unreachable")

    def executemany(self, query: str, param_list: Any) -> Any:
        param_list = list(param_list)  # it may be a generator: a second try needs it again
        for attempt in range(TRIES):
            try:
                return super().executemany(query, param_list)
            except sqlite3.OperationalError as exc:
                if not _locked(exc) or attempt == TRIES - 1:
                    raise
                _wait(attempt)
        raise AssertionError("unreachable")


def _wait(attempt: int) -> None:
    gc.collect()
    time.sleep(0.05 * (attempt + 1))


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name: Any = None) -> Any:
        return self.connection.cursor(factory=SQLiteCursorWrapper)
