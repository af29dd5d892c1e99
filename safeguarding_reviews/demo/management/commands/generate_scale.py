import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguarding_reviews.demo.scale import generate


class Command(BaseCommand):
    help = "Build a synthetic partnership of N cases over ten years (bulk inserts). Only in demo mode."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--max-entries", type=int, default=5000, help="Cap on one case's chronology (default 5,000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Like seed_demo: this fills the database with synthetic accounts and cases, never in production.
        if not settings.DEMO_MODE:
            raise CommandError(
                "generate_scale only runs with DEMO_MODE on: it fills the database with synthetic cases."
            )
        if options["cases"] < 1:
            raise CommandError("--cases must be at least 1.")
        started = time.perf_counter()
        result = generate(cases=options["cases"], seed=options["seed"], max_entries=options["max_entries"])
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Partnership {result.partnership.slug} built in {seconds:.1f} s:")
        )
        for name, count in result.counts.items():
            self.stdout.write(f"  {name:<22} {count:>10,}")
