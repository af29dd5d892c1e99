"""A separate OS process for the concurrency test (not a test module itself).

    python chain_writer.py DB_NAME migrate
    python chain_writer.py DB_NAME write COUNT TAG READY_FILE GO_FILE
    python chain_writer.py DB_NAME verify

DB_NAME replaces the NAME of the default database in config.settings.test: a file path on SQLite (the
test database of pytest-django is in memory there), the test database's name on PostgreSQL. Everything
else (IMMEDIATE transactions and WAL on SQLite, the advisory lock on PostgreSQL) is the real settings.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    db_name, action, *rest = argv
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = db_name  # before django.setup() opens any connection
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    if action == "migrate":
        call_command("migrate", verbosity=0, interactive=False)
        return 0
    if action == "verify":
        try:
            call_command("verify_audit", *rest)
        except Exception as error:
            print(error, file=sys.stderr)
            return 1
        return 0
    if action == "write":
        from safeguarding_reviews.audit.event_types import EventType
        from safeguarding_reviews.audit.services import record_event

        count, tag, ready, go = int(rest[0]), rest[1], Path(rest[2]), Path(rest[3])
        ready.touch()
        deadline = time.monotonic() + 30
        while not go.exists():  # start together, so the two writers really overlap
            if time.monotonic() > deadline:
                return 3
            time.sleep(0.005)
        for i in range(count):
            with transaction.atomic(durable=True):
                record_event(event_type=EventType.CASE_LIST_VIEWED, data={"writer": tag, "i": i})
            # Like requests, leave a moment between writes: otherwise SQLite's busy handler (which sleeps
            # with back-off) lets one process take every lock in turn and the writes never interleave.
            time.sleep(0.002)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
