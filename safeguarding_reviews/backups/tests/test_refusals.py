"""What backup and restore refuse: an unencrypted backup nobody asked for, a damaged or altered backup, the
wrong key, and a target that is not empty. Each refusal comes before the target is touched."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from django.db import connection

from safeguarding_reviews.backups.sealing import new_key_text
from safeguarding_reviews.documents.services import document_store
from safeguarding_reviews.documents.tests import files

# Backups need committed data (pg_dump reads from another session), so these are transactional tests;
# SQLite keeps them fast, and the PostgreSQL round trip covers pg_dump and pg_restore.
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="exercised on SQLite; the PG round trip"
)


def test_backup_without_a_key_needs_unencrypted_on_purpose(settings, tmp_path):
    settings.BACKUP_ENCRYPTION_KEY = ""
    with pytest.raises(CommandError, match="Set BACKUP_ENCRYPTION_KEY"):
        call_command("backup", "--output-dir", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def plain_backup(world, settings, tmp_path, transactional_db) -> Path:
    document_store(
        actor=world.people["business_unit_officer"],
        case=world.case,
        uploaded_file=files.upload("a.pdf", files.PDF),
        purpose="referral",
    )
    settings.BACKUP_ENCRYPTION_KEY = ""
    call_command("backup", "--output-dir", str(tmp_path / "out"), "--unencrypted")
    (archive,) = (tmp_path / "out").iterdir()
    assert archive.name.endswith(".tar") and archive.stat().st_mode & 0o077 == 0
    return archive


def _restore(archive: Path, tmp_path: Path) -> None:
    call_command(
        "restore",
        str(archive),
        "--database-url",
        f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        "--documents",
        str(tmp_path / "restored"),
    )


def _untouched(tmp_path: Path) -> bool:
    return not (tmp_path / "restored.sqlite3").exists() and not (tmp_path / "restored").exists()


def _rewrite(archive: Path, tmp_path: Path, change) -> Path:
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    change(unpacked)
    altered = tmp_path / "altered.tar"
    with tarfile.open(altered, "w") as tar:
        for path in sorted(unpacked.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(unpacked).as_posix())
    return altered


def _flip_document(unpacked: Path) -> None:
    (document,) = [p for p in (unpacked / "documents").rglob("*") if p.is_file()]
    document.write_bytes(document.read_bytes() + b"x")


def _add_file(unpacked: Path) -> None:
    (unpacked / "documents" / "extra").write_bytes(b"not in the manifest")


def _bad_format(unpacked: Path) -> None:
    manifest = json.loads((unpacked / "manifest.json").read_text())
    (unpacked / "manifest.json").write_text(json.dumps(manifest | {"format": 99}))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_flip_document, "does not match its SHA-256"),
        (_add_file, "1 unlisted"),
        (_bad_format, "unknown backup format"),
    ],
)
def test_an_altered_backup_is_refused(plain_backup, tmp_path, change, message):
    with pytest.raises(CommandError, match=message):
        _restore(_rewrite(plain_backup, tmp_path, change), tmp_path)
    assert _untouched(tmp_path)


def test_not_a_backup_is_refused(tmp_path, transactional_db):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"junk" * 100)
    with pytest.raises(CommandError, match="not a readable backup"):
        _restore(junk, tmp_path)


def test_encrypted_backup_needs_the_right_key(world, settings, tmp_path, transactional_db):
    settings.BACKUP_ENCRYPTION_KEY = new_key_text()
    call_command("backup", "--output-dir", str(tmp_path / "out"))
    (archive,) = (tmp_path / "out").iterdir()
    settings.BACKUP_ENCRYPTION_KEY = ""
    with pytest.raises(CommandError, match="the backup is encrypted"):
        _restore(archive, tmp_path)
    settings.BACKUP_ENCRYPTION_KEY = new_key_text()
    with pytest.raises(CommandError, match="cannot decrypt"):
        _restore(archive, tmp_path)
    assert _untouched(tmp_path)


def test_a_document_folder_with_files_is_refused(plain_backup, tmp_path):
    (tmp_path / "restored").mkdir()
    (tmp_path / "restored" / "keep.txt").write_text("already here")
    with pytest.raises(CommandError, match="document folder .* is not empty"):
        _restore(plain_backup, tmp_path)
    assert not (tmp_path / "restored.sqlite3").exists()


def test_an_unreadable_key_fails_the_system_check(settings):
    settings.BACKUP_ENCRYPTION_KEY = "too-short"
    errors = [e for e in checks.run_checks(tags=[checks.Tags.security]) if e.id == "backups.E001"]
    assert len(errors) == 1


def test_an_unencrypted_backup_needs_unencrypted_when_a_key_is_set(plain_backup, settings, tmp_path):
    """Its manifest is inside it, so with a key set an unencrypted backup is refused unless asked for."""
    settings.BACKUP_ENCRYPTION_KEY = new_key_text()
    with pytest.raises(CommandError, match="pass --unencrypted"):
        _restore(plain_backup, tmp_path)
    assert _untouched(tmp_path)


def test_a_backup_holding_a_link_is_refused(plain_backup, tmp_path):
    linked = tmp_path / "linked.tar"
    with tarfile.open(plain_backup) as source, tarfile.open(linked, "w") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member) if member.isfile() else None)
        link = tarfile.TarInfo("documents/escape")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        target.addfile(link)
    with pytest.raises(CommandError, match="the backup holds a member it should not"):
        _restore(linked, tmp_path)
    assert _untouched(tmp_path)


def test_the_backup_folder_never_holds_plain_copies(world, settings, tmp_path, transactional_db):
    """The plain copies are made in BACKUP_WORK_DIR, never in the folder copied off the machine, and the
    backup reaches its final name only once complete."""
    settings.BACKUP_ENCRYPTION_KEY = new_key_text()
    settings.BACKUP_WORK_DIR = str(tmp_path / "work")
    (tmp_path / "work").mkdir()
    call_command("backup", "--output-dir", str(tmp_path / "out"))
    (archive,) = (tmp_path / "out").iterdir()  # only the finished, encrypted file
    assert archive.name.endswith(".tar.enc")
    assert list((tmp_path / "work").iterdir()) == []  # the work folder is removed


def test_tool_errors_leave_out_lines_that_can_quote_rows():
    from safeguarding_reviews.backups.services import tool_errors

    said = (
        "pg_restore: error: could not execute query: ERROR:  duplicate key value violates unique constraint\n"
        "DETAIL:  Key (email)=(someone@example.test) already exists.\n"
        "CONTEXT:  COPY accounts_user, line 3\n"
        "pg_restore: warning: errors ignored on restore: 1"
    )
    kept = tool_errors(said)
    assert "someone@example.test" not in kept and "COPY" not in kept
    assert "duplicate key value" in kept and "errors ignored on restore: 1" in kept
