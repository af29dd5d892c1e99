"""`manage.py working_days add 2026-12-24 5` prints 2027-01-05;
`manage.py working_days between 2026-12-24 2027-01-05` prints 5 (statutory calendar).
`--partnership SLUG` uses that partnership's local calendar (its closure days count too)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguarding_reviews.organisations.models import Partnership
from safeguarding_reviews.working_days.calculator import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)
from safeguarding_reviews.working_days.selectors import local_non_working_days, statutory_non_working_days


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (use YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Working-day arithmetic on the effective calendar: add, between, next, is."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["add", "between", "next", "is"])
        parser.add_argument("values", nargs="+", metavar="DATE_OR_N")
        parser.add_argument("--partnership", help="slug: use the partnership's local calendar")

    def handle(self, *args: Any, **options: Any) -> None:
        operation, values = options["operation"], options["values"]
        if options["partnership"]:
            partnership = Partnership.objects.filter(slug=options["partnership"]).first()
            if partnership is None:
                raise CommandError("No partnership with that slug")
            non_working = local_non_working_days(partnership)
        else:
            non_working = statutory_non_working_days()
        expected = {"add": 2, "between": 2, "next": 1, "is": 1}[operation]
        if len(values) != expected:
            raise CommandError(f"{operation} takes {expected} argument(s)")
        if operation == "add":
            try:
                n = int(values[1])
            except ValueError as exc:
                raise CommandError("N must be a whole number of working days") from exc
            if n < 0:
                raise CommandError("N must be 0 or more")
            self.stdout.write(add_working_days(_date(values[0]), n, non_working=non_working).isoformat())
        elif operation == "between":
            self.stdout.write(
                str(working_days_between(_date(values[0]), _date(values[1]), non_working=non_working))
            )
        elif operation == "next":
            self.stdout.write(next_working_day(_date(values[0]), non_working=non_working).isoformat())
        else:
            self.stdout.write("yes" if is_working_day(_date(values[0]), non_working=non_working) else "no")
