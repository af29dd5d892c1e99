"""manage.py backup: the database and the stored documents in one file, with a SHA-256 manifest,
encrypted with BACKUP_ENCRYPTION_KEY. Run it nightly and copy the file off the machine
(docs/operations.md "Backups")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguarding_reviews.backups.sealing import key_from_text
from safeguarding_reviews.backups.services import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup API, or pg_dump --format=custom on PostgreSQL) and every "
        "stored document into one file with a SHA-256 manifest, encrypted with BACKUP_ENCRYPTION_KEY."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output-dir", default=settings.BACKUP_DIR, help="Folder for the backup file (BACKUP_DIR)."
        )
        parser.add_argument(
            "--unencrypted",
            action="store_true",
            help="Write the backup without encryption when no BACKUP_ENCRYPTION_KEY is set (on purpose).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = None
        if settings.BACKUP_ENCRYPTION_KEY:
            try:
                key = key_from_text(settings.BACKUP_ENCRYPTION_KEY)
            except ValueError as error:
                raise CommandError(str(error)) from error
        elif not options["unencrypted"]:
            raise CommandError(
                "Set BACKUP_ENCRYPTION_KEY (the backup holds special-category data), or pass --unencrypted."
            )
        try:
            result = backup_create(destination=Path(options["output_dir"]), key=key)
        except BackupError as error:
            raise CommandError(f"Backup FAILED: {error}") from error
        self.stdout.write(
            f"Backup written: {result.path} ({result.engine}, {result.documents} documents, "
            f"{result.bytes:,} bytes, {'encrypted' if result.encrypted else 'NOT encrypted'})."
        )
