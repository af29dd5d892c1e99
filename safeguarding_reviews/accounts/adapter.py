"""allauth adapters: no self sign-up (people join by invitation), GOV.UK wording for errors, and
emails that carry no personal detail, sent after commit by the email task (emails app)."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

# One message for a wrong password and for an address with no account: no account enumeration.
SIGN_IN_FAILED_MESSAGE = "Enter a correct email address and password. Both are case sensitive."
WRONG_CODE_MESSAGE = (
    "The code is not right. Enter the latest code from your authenticator app (each code works once), "
    "or one of your recovery codes."
)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": SIGN_IN_FAILED_MESSAGE,
        "invalid_login": SIGN_IN_FAILED_MESSAGE,
        "incorrect_password": "The password is not right. Enter your current password.",
        "enter_current_password": "Enter your current password",
        "too_many_login_attempts": "Too many attempts. Wait 15 minutes and try again.",
        "incorrect_code": WRONG_CODE_MESSAGE,
        "rate_limited": "Too many attempts. Wait a few minutes and try again.",
        "invalid_password_reset": "This link to reset your password has expired or has already been used.",
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_reset_password_from_key_url(self, key: str) -> str:
        # Links in emails are built from SITE_URL, never from the request's Host header.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL + path.replace("UID-KEY", quote(key))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render now (a broken template fails the request, not the worker); deliver after commit.

        Our templates (templates/account/email/) use only the link: no name, no address."""
        from safeguarding_reviews.emails.tasks import email_deliver

        message = self.render_mail(template_prefix, email, {"email": email, **context})
        transaction.on_commit(
            partial(email_deliver.enqueue, to=email, subject=message.subject, body=message.body)
        )


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": WRONG_CODE_MESSAGE,
        "cannot_delete_authenticator": "You cannot remove your authenticator app.",
    }
