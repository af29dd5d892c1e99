"""The PostgreSQL restore runs in two steps: the tables and rows in one transaction, then the indexes,
constraints and triggers statement by statement, so a restore never needs a lock on every relation at once
(CI once ran a stock server's shared lock table out of room with one transaction)."""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding_reviews.backups import services
from safeguarding_reviews.backups.services import BackupError

DATABASE = {"ENGINE": "django.db.backends.postgresql", "NAME": "sr_target", "HOST": "127.0.0.1"}


@pytest.fixture
def ran(monkeypatch):
    commands: list[list[str]] = []
    monkeypatch.setattr(services, "_pg_tool", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(services, "_run", lambda command, env: commands.append(command))
    return commands


def test_tables_and_rows_in_one_transaction_then_the_rest(ran):
    services._pg_restore(Path("/tmp/db.dump"), DATABASE)
    first, second = ran
    assert {"--section=pre-data", "--section=data", "--single-transaction"} <= set(first)
    assert "--section=post-data" not in first
    assert "--section=post-data" in second and "--single-transaction" not in second
    for command in ran:
        assert {"--no-owner", "--no-privileges", "--exit-on-error", "--dbname=sr_target"} <= set(command)
        assert command[-1] == "/tmp/db.dump"


def test_a_failure_after_the_rows_says_to_start_again_from_empty(monkeypatch):
    def run(command, env):
        if "--section=post-data" in command:
            raise BackupError("pg_restore failed: could not create index")

    monkeypatch.setattr(services, "_pg_tool", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(services, "_run", run)
    with pytest.raises(BackupError, match="drop the database and create it empty") as raised:
        services._pg_restore(Path("/tmp/db.dump"), DATABASE)
    assert "could not create index" in str(raised.value)
