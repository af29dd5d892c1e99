"""Reset someone's two-factor authentication after they have lost their phone and recovery codes.

    python manage.py mfa_reset --user-id 42 --actor-id 7

Removes their authenticator app and recovery codes and signs them out everywhere. They set up a new
authenticator app straight after their next sign-in. Check who they are (by phone or in person with
their partnership business unit) before you run this: the password alone then opens the account.
Takes ids, not email addresses, so nothing personal lands in shell history or logs.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safeguarding_reviews.accounts.models import User
from safeguarding_reviews.accounts.services import mfa_reset


class Command(BaseCommand):
    help = "Remove a person's authenticator app and recovery codes, and end their sessions."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user-id", type=int, required=True, help="Account whose MFA to reset")
        parser.add_argument(
            "--actor-id", type=int, required=True, help="Platform administrator doing it (for the audit)"
        )

    def handle(self, *args: Any, user_id: int, actor_id: int, **options: Any) -> None:
        try:
            user = User.objects.get(pk=user_id)
            actor = User.objects.get(pk=actor_id, is_platform_admin=True)
        except User.DoesNotExist as exc:
            raise CommandError("No such account, or the actor is not a platform administrator") from exc
        removed = mfa_reset(actor=actor, user=user)
        self.stdout.write(f"Removed {removed} authenticator(s) from account {user.pk}; sessions ended.")
