"""Benchmark: how fast is the audit chain written and verified? Not a test.

    DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/python bench/audit_verify.py [N] [--batch-size B]

Uses a temporary SQLite file (migrated here, deleted afterwards) and a temporary checkpoint, never
var/db.sqlite3. Writes N events (default 20,000) one transaction each, as the service does, then runs
the verifier and prints rows/s for both and the ratio of verify time to write time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", nargs="?", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    workdir = Path(tempfile.mkdtemp(prefix="sr-audit-bench-"))
    db_path = workdir / "bench.sqlite3"
    os.environ["AUDIT_CHECKPOINT_PATH"] = str(workdir / "checkpoint.json")
    os.environ["DATABASE_URL"] = ""  # always SQLite, never a shared server (empty also beats a .env value)

    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = str(db_path)  # before any connection is opened
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from safeguarding_reviews.audit.event_types import EventType
    from safeguarding_reviews.audit.services import record_event
    from safeguarding_reviews.audit.verify import verify_chain

    assert connection.vendor == "sqlite" and Path(connection.settings_dict["NAME"]) == db_path
    try:
        call_command("migrate", verbosity=0, interactive=False)
        print(f"SQLite file: {db_path}")

        started = time.perf_counter()
        for i in range(args.events):
            with transaction.atomic(durable=True):
                record_event(
                    event_type=EventType.CASE_VIEWED,
                    data={"page": "case_detail", "i": i, "fields": ["pseudonym", "summary"]},
                )
        write_seconds = time.perf_counter() - started
        rate = args.events / write_seconds
        print(f"write:  {args.events:,} events in {write_seconds:.2f} s ({rate:,.0f} rows/s)")

        result = verify_chain(batch_size=args.batch_size)
        if not result.ok:
            print(f"verify FAILED at {result.broken}")
            return 1
        print(
            f"verify: {result.rows_checked:,} rows in {result.seconds:.2f} s "
            f"({result.rows_per_second:,.0f} rows/s, batch size {args.batch_size})"
        )
        print(f"verify time / write time: {result.seconds / write_seconds:.3f}")
        per_million = 1_000_000 / result.rows_per_second
        print(f"so a million-row chain verifies in about {per_million:.0f} s on this machine")
    finally:
        connection.close()
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
