"""Email delivery, on its own queue so a slow mail server never holds up other work."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task(queue_name="emails")
def email_deliver(*, to: str, subject: str, body: str) -> None:
    """Send one plain-text email. Nothing here is logged: the address is personal data."""
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]).send()
