"""Write the built-in default report template (version 0) to a .docx file, by default into var/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from safeguarding_reviews.reports.default_template import default_template_bytes


class Command(BaseCommand):
    help = "Write the default Rapid Review report template (.docx) to a file"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", nargs="?", default=str(Path(settings.BASE_DIR) / "var" / "default-report-template.docx")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["path"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(default_template_bytes())
        self.stdout.write(f"Default report template written to {target}")
