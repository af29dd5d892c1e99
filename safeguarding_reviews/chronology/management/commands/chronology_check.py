"""Check an agency's chronology file before it is uploaded, without the web and without a database write.

    python manage.py chronology_check FILE [--sheet NAME] [--mapping FILE.json] [--format json]
        [--from DD/MM/YYYY] [--to DD/MM/YYYY] [--today YYYY-MM-DD]

Runs the same reader, automatic mapping and checks as an upload (chronology.validation.check_file) and prints
what it found: the sheet read, the heading row, which column feeds which field, how many rows were read and
would be imported (0 while there is any problem), every problem (at most 200) with its row and column, the
hidden sheets skipped, and warnings (which never count as problems). No agency or case is needed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safeguarding_reviews.chronology.reading import MAX_UPLOAD_BYTES
from safeguarding_reviews.chronology.validation import CheckResult, check_file
from safeguarding_reviews.core import clock


def _day(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise CommandError(f"“{text}” is not a date: use YYYY-MM-DD or DD/MM/YYYY")


class Command(BaseCommand):
    help = "Check a chronology spreadsheet (CSV or XLSX) as an upload would, writing nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="The CSV or XLSX file to check")
        parser.add_argument(
            "--sheet", help="The sheet to read (default: the first visible one with headings)"
        )
        parser.add_argument(
            "--mapping", help='A JSON file {"column heading": "field"} overriding the suggestion'
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="Output (default text)"
        )
        parser.add_argument(
            "--from", dest="date_from", help="Start of the review period: earlier is a warning"
        )
        parser.add_argument("--to", dest="date_to", help="End of the review period: later is a warning")
        parser.add_argument("--today", help="Check as on this day (default: today in Europe/London)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_UPLOAD_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        mapping = None
        if options["mapping"]:
            try:
                mapping = json.loads(Path(options["mapping"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read the mapping {options['mapping']}: {exc}") from exc
            if not isinstance(mapping, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
            ):
                raise CommandError('The mapping must be a JSON object {"column heading": "field"}')
        window = None
        if options["date_from"] or options["date_to"]:
            window = (
                _day(options["date_from"]) if options["date_from"] else None,
                _day(options["date_to"]) if options["date_to"] else None,
            )
        today = _day(options["today"]) if options["today"] else clock.today()
        result = check_file(
            path.name, data, today=today, sheet=options["sheet"], mapping=mapping, window=window
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary(result))


def summary(result: CheckResult) -> str:
    """The readable report."""
    data = result.as_json()
    lines = []
    if data["sheet"]:
        lines.append(f"Sheet: {data['sheet']}")
    if data["header_row"]:
        lines.append(f"Headings on row {data['header_row']}")
    if data["mapping"]:
        lines.append("Columns:")
        lines.extend(f"  {heading} → {field}" for heading, field in data["mapping"].items())
    lines.append(f"Rows read: {data['rows']:,}")
    if data["skipped_sheets"]:
        lines.append("Hidden sheets skipped: " + ", ".join(data["skipped_sheets"]))
    if data["problems"]:
        lines.append(f"Problems ({result.problem_count:,}): nothing would be imported")
        for problem in data["problems"]:
            where = ", ".join(
                part
                for part in (
                    f"row {problem['row']}" if problem["row"] else "",
                    f"column {problem['column']}" if problem["column"] else "",
                )
                if part
            )
            lines.append(f"  {where + ': ' if where else ''}{problem['message']}")
    else:
        lines.append(f"No problems: {data['would_import']:,} entries would be imported")
    if data["warnings"]:
        lines.append("Warnings (these do not stop an import):")
        lines.extend(f"  {warning}" for warning in data["warnings"])
    return "\n".join(lines)
