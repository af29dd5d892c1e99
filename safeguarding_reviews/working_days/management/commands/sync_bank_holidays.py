"""`manage.py sync_bank_holidays [--apply]`: after upgrading the `holidays` package, show how the
installed package differs from the published bank-holiday table (2015-2035) and, with --apply, apply it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safeguarding_reviews.working_days.services import bank_holidays_sync, package_diff


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Compare the bank-holiday table with the installed holidays package; --apply to update it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        changes = bank_holidays_sync(actor=None) if options["apply"] else package_diff()
        if changes.is_empty:
            self.stdout.write("The bank-holiday table matches the holidays package: nothing to do.")
            return
        for line in changes.lines():
            self.stdout.write(line)
        if options["apply"]:
            self.stdout.write("Applied. Running deadlines were recomputed.")
        else:
            self.stdout.write("Run again with --apply to make these changes.")
