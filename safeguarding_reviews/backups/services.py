"""Taking a backup and restoring one (manage.py backup / restore; docs/operations.md "Backups").

A backup is one tar file (sealed with settings.BACKUP_ENCRYPTION_KEY when given, backups.sealing):

    manifest.json         format, engine, when, and every other member's size and SHA-256
    database.sqlite3      SQLite: a consistent copy through the online backup API
    database.pgdump       PostgreSQL: `pg_dump --format=custom` (one snapshot)
    documents/...         every file under MEDIA_ROOT, by its path relative to it

The database is copied first and the documents after it. A document's file is written before its row is
committed (documents.services), so every row in the copy has its file; a file erased between the two steps
is missing from the backup, as it is meant to be gone.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.core import clock

from .sealing import is_sealed, seal, unseal

FORMAT = 1
MANIFEST = "manifest.json"
DOCUMENTS = "documents"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_READ = 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why (never data from the backup)."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    encrypted: bool
    documents: int
    bytes: int


@dataclass(frozen=True)
class RestoreResult:
    engine: str
    documents: int
    created_at: str


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_READ), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_tool(name: str) -> str:
    folder = settings.BACKUP_PG_BIN_DIR
    found = str(Path(folder) / name) if folder else shutil.which(name)
    if not found or not Path(found).exists():
        raise BackupError(f"{name} not found: install the PostgreSQL client or set BACKUP_PG_BIN_DIR.")
    return found


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for a Django database dict: the password never goes on a command line."""
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        value = db.get(key)
        if value not in (None, ""):
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    return env


# Lines of PostgreSQL's messages that can quote row values (a duplicate key's value, a COPY line's column).
_ROW_DATA_MARKERS = ("DETAIL:", "CONTEXT:", "LINE ", "Key (", "COPY ")


def tool_errors(stderr: str) -> str:
    """What pg_dump/pg_restore said, without the lines that can quote rows (so no personal data reaches
    the command's output or the logs)."""
    kept = [line for line in stderr.splitlines() if not any(m in line for m in _ROW_DATA_MARKERS)]
    return "\n".join(kept).strip()[-2000:]


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {tool_errors(result.stderr)}")


def _dump_database(target: Path) -> str:
    engine = connection.vendor
    if engine == "sqlite":
        connection.ensure_connection()
        # The online backup API copies a consistent snapshot while the service keeps running.
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    elif engine == "postgresql":
        _run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"],
            _pg_env(connection.settings_dict),
        )
    else:
        raise BackupError(f"backups are not supported on {engine}")
    return engine


def _entry(path: Path, name: str) -> dict[str, Any]:
    return {"path": name, "size": path.stat().st_size, "sha256": file_sha256(path)}


def backup_create(*, destination: Path, key: bytes | None) -> BackupResult:
    """Write one backup file into `destination` (owner-only permissions) and record `backup.created`."""
    destination.mkdir(mode=0o700, parents=True, exist_ok=True)
    created_at = clock.now()
    name = f"safeguarding-reviews-{created_at:%Y%m%dT%H%M%SZ}.tar" + (".enc" if key else "")
    final = destination / name
    if final.exists():
        raise BackupError(f"{final} already exists")
    # The plain copies are made outside the backup folder (which is copied off the machine), and the backup
    # reaches its final name only once complete: a crash never leaves plain data or a half file there.
    work = Path(tempfile.mkdtemp(dir=settings.BACKUP_WORK_DIR or None, prefix="sr-backup-"))
    os.chmod(work, 0o700)
    partial = destination / f".{name}.partial"
    try:
        engine = connection.vendor
        database_file = work / DATABASE_FILES.get(engine, "database")
        _dump_database(database_file)
        members: list[tuple[Path, dict[str, Any]]] = [
            (database_file, _entry(database_file, database_file.name))
        ]
        root = Path(settings.MEDIA_ROOT)
        if root.exists():
            for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
                try:
                    members.append((path, _entry(path, f"{DOCUMENTS}/{path.relative_to(root).as_posix()}")))
                except FileNotFoundError:
                    continue  # erased after the database copy was taken
        manifest = {
            "format": FORMAT,
            "created_at": created_at.isoformat(),
            "engine": engine,
            "database": members[0][1],
            "documents": [entry for _, entry in members[1:]],
        }
        manifest_path = work / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
        plain = work / "backup.tar"
        with tarfile.open(plain, "w", format=tarfile.PAX_FORMAT) as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            for path, entry in members:
                tar.add(path, arcname=entry["path"])
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(plain, "rb") as source, os.fdopen(fd, "wb") as target:
            if key:
                seal(source, target, key)
            else:
                shutil.copyfileobj(source, target)
            target.flush()
            os.fsync(target.fileno())
        os.replace(partial, final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        partial.unlink(missing_ok=True)

    size = final.stat().st_size
    result = BackupResult(
        path=final, engine=engine, encrypted=bool(key), documents=len(members) - 1, bytes=size
    )
    with transaction.atomic(durable=True):
        record_event(
            event_type=EventType.BACKUP_CREATED,
            data={"engine": engine, "encrypted": bool(key), "documents": result.documents, "bytes": size},
        )
    return result


# --- Restore --------------------------------------------------------------------------------------------


def _open_archive(
    archive: Path, key: bytes | None, work: Path, *, allow_unencrypted: bool = False
) -> dict[str, Any]:
    """Unpack the archive into `work` and check every member against the manifest. Returns the manifest.
    With a key set, an unencrypted archive is refused unless asked for: its manifest is inside it, so it
    proves nothing about who made it."""
    tar_path = archive
    if not is_sealed(archive) and key and not allow_unencrypted:
        raise BackupError(
            "the backup is not encrypted but BACKUP_ENCRYPTION_KEY is set: "
            "pass --unencrypted to restore it anyway"
        )
    if is_sealed(archive):
        if not key:
            raise BackupError("the backup is encrypted: set BACKUP_ENCRYPTION_KEY")
        tar_path = work / "backup.tar"
        with open(archive, "rb") as source, open(tar_path, "wb") as target:
            try:
                unseal(source, target, key)
            except ValueError as error:
                raise BackupError(f"cannot decrypt the backup: {error}") from error
    unpacked = work / "unpacked"
    unpacked.mkdir()
    try:
        with tarfile.open(tar_path, "r") as tar:
            for member in tar.getmembers():
                # A backup holds plain files and folders only: no links, devices, absolute or ".." names
                # (checked here as well as by the "data" filter, which has had bypasses).
                name = Path(member.name)
                if not (member.isfile() or member.isdir()) or name.is_absolute() or ".." in name.parts:
                    raise BackupError(f"the backup holds a member it should not: {member.name!r}")
            tar.extractall(unpacked, filter="data")
    except tarfile.TarError as error:
        raise BackupError(f"not a readable backup: {error}") from error
    try:
        manifest = json.loads((unpacked / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError("the backup has no readable manifest") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    entries = [manifest["database"], *manifest["documents"]]
    listed = {entry["path"] for entry in entries}
    present = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()} - {MANIFEST}
    if present != listed:
        raise BackupError(
            f"the backup's files do not match its manifest ({len(present - listed)} unlisted, "
            f"{len(listed - present)} missing)"
        )
    for entry in entries:
        if file_sha256(unpacked / entry["path"]) != entry["sha256"]:
            raise BackupError(f"{entry['path']} does not match its SHA-256 in the manifest")
    return manifest


def _sqlite_is_empty(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return True
    with sqlite3.connect(path) as db:
        count = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    db.close()
    return count == 0


def _pg_is_empty(db: dict[str, Any]) -> bool:
    import psycopg

    with psycopg.connect(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    ) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%'"
        ).fetchone()
    return row is not None and row[0] == 0


def _engine_of(db: dict[str, Any]) -> str:
    engine = db["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite" in engine:
        return "sqlite"
    return engine


def _pg_restore(source: Path, database: dict[str, Any]) -> None:
    """Restore a custom-format dump in two steps. The tables and their rows go in one transaction, so a
    damaged dump leaves the database empty. The indexes, constraints and triggers then go in statement by
    statement: in one transaction they would hold a lock on every relation at once (about 2,400 for this
    schema, more as it grows) and exhaust a stock server's shared lock table (max_locks_per_transaction 64
    x max_connections 100) whenever anything else runs alongside."""
    # No owner or grants from the source: the restoring role owns everything (it must, for the audit
    # table's trigger); the application role's grants are applied afterwards, as after a migration
    # (docs/operations.md "PostgreSQL: two roles").
    common = [
        _pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--no-password",
        f"--dbname={database['NAME']}",
    ]
    env = _pg_env(database)
    _run([*common, "--section=pre-data", "--section=data", "--single-transaction", str(source)], env)
    try:
        _run([*common, "--section=post-data", str(source)], env)
    except BackupError as error:
        raise BackupError(
            f"{error}. The tables and rows were restored but not all of their indexes, constraints and "
            "triggers: drop the database and create it empty before trying again"
        ) from error


def backup_restore(
    *,
    archive: Path,
    key: bytes | None,
    database: dict[str, Any],
    documents: Path,
    allow_unencrypted: bool = False,
) -> RestoreResult:
    """Restore `archive` into `database` (a Django database settings dict) and `documents`, both empty.
    Everything is checked against the manifest before either is touched. On PostgreSQL, run it as the role
    that should own the tables (sr_owner): the audit table's trigger lets only its owner change it."""
    engine = _engine_of(database)
    if documents.exists() and any(documents.iterdir()):
        raise BackupError(f"the document folder {documents} is not empty")
    if engine == "sqlite":
        if not _sqlite_is_empty(Path(database["NAME"])):
            raise BackupError("the target SQLite database is not empty")
    elif engine == "postgresql":
        _pg_tool("pg_restore")
        if not _pg_is_empty(database):
            raise BackupError("the target PostgreSQL database is not empty")
    else:
        raise BackupError(f"restoring into {engine} is not supported")

    with tempfile.TemporaryDirectory(prefix="sr-restore-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o700)
        manifest = _open_archive(archive, key, work, allow_unencrypted=allow_unencrypted)
        if manifest["engine"] != engine:
            raise BackupError(f"the backup is of a {manifest['engine']} database, the target is {engine}")
        unpacked = work / "unpacked"
        source = unpacked / manifest["database"]["path"]
        if engine == "sqlite":
            target = Path(database["NAME"])
            target.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
            src.close()
            dst.close()
        else:
            _pg_restore(source, database)
        documents.mkdir(mode=0o700, parents=True, exist_ok=True)
        for entry in manifest["documents"]:
            relative = entry["path"].removeprefix(f"{DOCUMENTS}/")
            target_file = documents / relative
            target_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copyfile(unpacked / entry["path"], target_file)
            os.chmod(target_file, 0o600)
            if file_sha256(target_file) != entry["sha256"]:
                raise BackupError(f"{entry['path']} changed while it was restored")
    return RestoreResult(
        engine=engine, documents=len(manifest["documents"]), created_at=manifest["created_at"]
    )
