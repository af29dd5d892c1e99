from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safeguarding_reviews.demo.partnership import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the synthetic demo partnership (idempotent). Only in demo mode."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo only runs with DEMO_MODE on: it creates accounts with a known password."
            )
        people = seed_demo()
        self.stdout.write(
            self.style.SUCCESS("Demo partnership ready. Sign in with any of these (password below):")
        )
        for person in people:
            roles = ", ".join(sorted({str(role) for _, role, _ in person.roles})) or "platform administrator"
            self.stdout.write(f"  {person.email:<32} {roles}")
        self.stdout.write(f"  Password for every demo account: {DEMO_PASSWORD}")
