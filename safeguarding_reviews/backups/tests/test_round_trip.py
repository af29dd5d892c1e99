"""A backup restores: every table's row count and content hash, every document's SHA-256, and the audit
chain (verify_audit on the restored copy, against the checkpoint taken before the backup)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from safeguarding_reviews.alerts.services import alert_create
from safeguarding_reviews.audit.checkpoint import read_checkpoint, write_checkpoint
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.backups.sealing import is_sealed, new_key_text
from safeguarding_reviews.backups.services import file_sha256
from safeguarding_reviews.documents.services import document_store
from safeguarding_reviews.documents.tests import files
from tests.fixtures import tool_missing

from .fingerprints import postgresql_fingerprints, sqlite_fingerprints

ROOT = Path(__file__).resolve().parents[3]
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL round trip")


def _documents(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): file_sha256(p) for p in root.rglob("*") if p.is_file()}


def _some_data(world) -> None:
    officer = world.people["business_unit_officer"]
    for name, content in [("a.pdf", files.PDF), ("notes.txt", b"Synthetic notes\n"), ("b.png", files.PNG)]:
        document_store(
            actor=officer, case=world.case, uploaded_file=files.upload(name, content), purpose="referral"
        )
    alert_create(user=officer, case=world.case, kind="referral_submitted", link="/cases/")


def _source_fingerprints() -> dict[str, tuple[int, str]]:
    if connection.vendor == "sqlite":
        return sqlite_fingerprints(connection.connection)
    with connection.cursor() as cursor:
        return postgresql_fingerprints(cursor)


def _verify_audit(database_url: str, checkpoint: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env |= {"DATABASE_URL": database_url, "AUDIT_CHECKPOINT_PATH": checkpoint}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    return subprocess.run(
        [sys.executable, "manage.py", "verify_audit"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _round_trip(world, settings, tmp_path, database_url: str, restored_fingerprints) -> None:
    _some_data(world)
    write_checkpoint()
    checkpoint = read_checkpoint()
    assert checkpoint is not None
    before = _source_fingerprints()
    documents_before = _documents(Path(settings.MEDIA_ROOT))
    assert len(documents_before) == 3

    settings.BACKUP_ENCRYPTION_KEY = new_key_text()
    call_command("backup", "--output-dir", str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").iterdir()
    assert archive.name.endswith(".tar.enc") and is_sealed(archive)
    event = AuditEvent.objects.get(event_type=EventType.BACKUP_CREATED)
    assert event.actor_id is None
    assert event.data == {
        "engine": connection.vendor,
        "encrypted": True,
        "documents": 3,
        "bytes": archive.stat().st_size,
    }

    restored_documents = tmp_path / "restored-documents"
    call_command(
        "restore", str(archive), "--database-url", database_url, "--documents", str(restored_documents)
    )

    after = restored_fingerprints()
    assert set(after) == set(before)
    assert {t: v for t, v in after.items() if v != before[t]} == {}
    assert before["audit_auditevent"][0] == checkpoint["sequence"]
    assert _documents(restored_documents) == documents_before

    result = _verify_audit(database_url, settings.AUDIT_CHECKPOINT_PATH)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Checkpoint at sequence {checkpoint['sequence']} matches." in result.stdout

    # A second restore into the now non-empty copy is refused before anything is touched.
    with pytest.raises(CommandError, match="not empty"):
        call_command(
            "restore", str(archive), "--database-url", database_url, "--documents", str(tmp_path / "x")
        )


@sqlite_only
def test_sqlite_round_trip(world, settings, tmp_path, transactional_db):
    target = tmp_path / "restored.sqlite3"

    def restored() -> dict[str, tuple[int, str]]:
        db = sqlite3.connect(target)
        try:
            return sqlite_fingerprints(db)
        finally:
            db.close()

    _round_trip(world, settings, tmp_path, f"sqlite:///{target}", restored)


@pytest.fixture
def scratch_postgres_url(transactional_db):
    """A fresh, empty database next to the test database, dropped afterwards."""
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        tool_missing(
            "pg_dump and pg_restore are needed for the backup test: apt-get install postgresql-client"
        )
    name = f"sr_restore_{uuid.uuid4().hex[:12]}"
    db = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    auth = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    yield url
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@postgres_only
def test_postgresql_round_trip(world, settings, tmp_path, scratch_postgres_url):
    def restored() -> dict[str, tuple[int, str]]:
        with psycopg.connect(scratch_postgres_url) as conn, conn.cursor() as cursor:
            return postgresql_fingerprints(cursor)

    _round_trip(world, settings, tmp_path, scratch_postgres_url, restored)
