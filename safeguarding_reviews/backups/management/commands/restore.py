"""manage.py restore BACKUP: into an empty database and an empty document folder, after checking every
file against the backup's manifest. Then run `manage.py verify_audit` on the restored copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from safeguarding_reviews.backups.sealing import key_from_text
from safeguarding_reviews.backups.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database and an empty document folder. "
        "On PostgreSQL run it as the owner role (sr_owner). Refuses a non-empty target."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The backup file (.tar or .tar.enc).")
        parser.add_argument(
            "--database-url",
            default=None,
            help="Restore into this database instead of the configured one (e.g. a scratch copy for the "
            "quarterly restore test): postgres://owner@host/name or sqlite:////path/db.sqlite3.",
        )
        parser.add_argument(
            "--documents",
            default=None,
            help="Restore the documents into this folder instead of MEDIA_ROOT.",
        )
        parser.add_argument(
            "--unencrypted",
            action="store_true",
            help="Restore an unencrypted backup even though BACKUP_ENCRYPTION_KEY is set.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"No backup file at {archive}.")
        key = None
        if settings.BACKUP_ENCRYPTION_KEY:
            try:
                key = key_from_text(settings.BACKUP_ENCRYPTION_KEY)
            except ValueError as error:
                raise CommandError(str(error)) from error
        database: dict[str, Any] = (
            dict(dj_database_url.parse(options["database_url"]))
            if options["database_url"]
            else dict(connection.settings_dict)
        )
        documents = Path(options["documents"] or settings.MEDIA_ROOT)
        try:
            result = backup_restore(
                archive=archive,
                key=key,
                database=database,
                documents=documents,
                allow_unencrypted=options["unencrypted"],
            )
        except BackupError as error:
            raise CommandError(f"Restore FAILED: {error}") from error
        self.stdout.write(
            f"Restored the {result.engine} backup taken at {result.created_at}, with {result.documents} "
            f"documents, into {database.get('NAME')} and {documents}. Every file matched the manifest. "
            "Now run `manage.py verify_audit` against the restored database (docs/operations.md)."
        )
