"""Run the redaction check on a text file, without the web and without a database.

    python manage.py redaction_check --identity IDENTITY.json --text FILE [--format json|text]

IDENTITY.json holds what the case holds, in the structure of issue 15 item 3 (docs/redaction-engine.md):
{"pseudonym", "people": [{"role", "first_names", "last_name", "known_as", "date_of_birth", "nhs_number"}],
"addresses": [{"line1", "town", "postcode"}], "schools": [...], "incident_date": "YYYY-MM-DD"}. FILE is UTF-8
text. The same engine as the web check (redaction.engine.find_identifiers) finds the identifiers.

--format json prints the findings as a JSON list [{"start", "end", "kind", "text"}]: start and end are 0-based
character offsets into the file's text, end exclusive. The default prints one finding a line, with its line
and column and the words around it, and a count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safeguarding_reviews.redaction.engine import Finding, find_identifiers, identity_from_json
from safeguarding_reviews.redaction.reading import MAX_FILE_BYTES

CONTEXT = 30  # characters either side of a finding in the readable output


def _read(path: Path, what: str) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CommandError(f"Cannot read the {what} file {path}: {exc.strerror}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise CommandError(f"The {what} file {path} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(f"The {what} file {path} is not UTF-8 text (byte {exc.start}).") from exc


class Command(BaseCommand):
    help = "Find a case's identifying details in a UTF-8 text file, as the publication check does."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--identity", required=True, help="IDENTITY.json: what the case holds")
        parser.add_argument("--text", required=True, help="The UTF-8 text file to check")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="Output (default: text, one per line)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        identity_path = Path(options["identity"])
        try:
            data = json.loads(_read(identity_path, "identity"))
        except ValueError as exc:
            raise CommandError(f"The identity file {identity_path} is not valid JSON: {exc}") from exc
        try:
            identity = identity_from_json(data)
        except ValueError as exc:
            raise CommandError(f"The identity file {identity_path}: {exc}") from exc
        text = _read(Path(options["text"]), "text")
        findings = find_identifiers(identity, text)
        if options["format"] == "json":
            self.stdout.write(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2))
        else:
            self.stdout.write(readable(findings, text))


def readable(findings: list[Finding], text: str) -> str:
    """One line a finding: where (line:column), the kind, the text, and the words around it."""
    if not findings:
        return "No identifying details found."
    lines = []
    for finding in findings:
        line = text.count("\n", 0, finding.start) + 1
        column = finding.start - (text.rfind("\n", 0, finding.start) + 1) + 1
        before = text[max(0, finding.start - CONTEXT) : finding.start].replace("\n", " ")
        after = text[finding.end : finding.end + CONTEXT].replace("\n", " ")
        shown = finding.text.replace("\n", " ")
        lines.append(f"{line}:{column}\t{finding.kind}\t{shown}\t…{before}[{shown}]{after}…")
    count = len(findings)
    lines.append(f"{count} finding{'s' if count != 1 else ''}.")
    return "\n".join(lines)
