"""`manage.py send_reminders`: send the deadline reminders that are due (never the same one twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safeguarding_reviews.clocks.services import reminders_send


class Command(BaseCommand):
    help = "Send deadline reminders (due soon and overdue) that have not been sent yet."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reminders_send()
        self.stdout.write(f"{count} reminder(s) sent")
