"""`manage.py import_bank_holidays FILE`: load GOV.UK's bank-holidays.json (https://www.gov.uk/bank-holidays.json).

Only the "england-and-wales" division is read. The whole file is checked first; a malformed file is
reported (every problem) and nothing changes. For each year the file covers, the published list becomes
exactly the file's list; running deadlines are recomputed and moved dates recorded on each case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguarding_reviews.working_days.services import bank_holidays_import
from safeguarding_reviews.working_days.sources import HolidayFileError, parse_govuk


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Import England and Wales bank holidays from a GOV.UK bank-holidays.json file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="show the changes without applying them")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            holidays = parse_govuk(text)
        except HolidayFileError as exc:
            raise CommandError(
                "The file was not imported; nothing changed.\n" + "\n".join(f"  {p}" for p in exc.problems)
            ) from exc
        if options["dry_run"]:
            from safeguarding_reviews.working_days.selectors import published_holidays
            from safeguarding_reviews.working_days.sources import diff

            years = {d.year for d in holidays}
            current = {d: t for d, t in published_holidays().items() if d.year in years}
            changes = diff(current, holidays)
        else:
            changes = bank_holidays_import(actor=None, holidays=holidays)
        for line in changes.lines():
            self.stdout.write(line)
        covered = sorted({d.year for d in holidays})
        verb = "would change" if options["dry_run"] else "imported"
        self.stdout.write(
            f"{len(holidays)} bank holidays for {covered[0]}-{covered[-1]} {verb}: "
            f"{len(changes.add)} added, {len(changes.remove)} removed, {len(changes.retitle)} renamed"
        )
