"""Two OS processes appending at the same moment leave one unbroken, gapless chain."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from safeguarding_reviews.audit.models import AuditEvent

WRITER = Path(__file__).with_name("chain_writer.py")
PER_PROCESS = 200


def _env(tmp_path: Path) -> dict[str, str]:
    # Never the developer's var/ checkpoint: the subprocesses read settings from the environment.
    return {**os.environ, "AUDIT_CHECKPOINT_PATH": str(tmp_path / "checkpoint.json")}


def _run(tmp_path: Path, db_name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(WRITER), db_name, *args],
        capture_output=True,
        text=True,
        timeout=240,  # generous: two test workers share the cores
        env=_env(tmp_path),
    )


@pytest.mark.django_db(transaction=True)
def test_two_processes_writing_at_once_leave_one_gapless_chain(tmp_path):
    # Given a database both processes can reach: a migrated SQLite file (WAL, BEGIN IMMEDIATE as in
    # production), or the PostgreSQL test database itself (transactional test, so nothing is hidden).
    if connection.vendor == "sqlite":
        db_name = str(tmp_path / "chain.sqlite3")
        migrated = _run(tmp_path, db_name, "migrate")
        assert migrated.returncode == 0, migrated.stderr
    else:
        db_name = connection.settings_dict["NAME"]

    # When two writers start together and append 200 events each
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                str(WRITER),
                db_name,
                "write",
                str(PER_PROCESS),
                tag,
                str(tmp_path / tag),
                str(go),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(tmp_path),
        )
        for tag in ("a", "b")
    ]
    deadline = time.monotonic() + 30
    while not all((tmp_path / tag).exists() for tag in ("a", "b")):
        assert time.monotonic() < deadline, "writers did not start"
        assert all(w.poll() is None for w in writers), [w.communicate() for w in writers]
        time.sleep(0.01)
    go.touch()
    for writer in writers:
        _, stderr = writer.communicate(timeout=240)
        assert writer.returncode == 0, stderr

    # Then there is one chain 1..400 with each writer's events in its own order, and it verifies
    if connection.vendor == "sqlite":
        with sqlite3.connect(db_name) as db:
            rows = db.execute(
                "SELECT sequence, json_extract(data, '$.writer') FROM audit_auditevent ORDER BY sequence"
            ).fetchall()
    else:
        rows = list(AuditEvent.objects.order_by("sequence").values_list("sequence", "data__writer"))
    assert [sequence for sequence, _ in rows] == list(range(1, 2 * PER_PROCESS + 1))
    writers_in_order = [writer for _, writer in rows]
    assert writers_in_order.count("a") == writers_in_order.count("b") == PER_PROCESS
    switches = sum(1 for x, y in zip(writers_in_order, writers_in_order[1:], strict=False) if x != y)
    assert switches >= 2, "the two writers did not overlap, so this run proved nothing"
    verified = _run(tmp_path, db_name, "verify")
    assert verified.returncode == 0, verified.stderr
    assert f"{2 * PER_PROCESS} rows checked" in verified.stdout

    # And the command's exit status shows a break (as the table owner would cause it)
    if connection.vendor == "sqlite":
        with sqlite3.connect(db_name) as db:
            db.execute("DELETE FROM audit_auditevent WHERE sequence = 200")
    else:
        AuditEvent.objects.filter(sequence=200).delete()
    broken = _run(tmp_path, db_name, "verify")
    assert broken.returncode == 1
    assert "sequence 200: row missing" in broken.stderr
