"""The one way the service sends email: rendered from a template, delivered after commit by a task.

Emails leave the building, so they carry no personal or case detail: only a partnership name or a
case reference, and a link back to the service (docs/security.md: emails never carry personal
detail). The context keys a template may use are fixed below so a caller cannot slip a name in.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from .tasks import email_deliver

# Everything an email may say. Adding a key here is a privacy decision: never a name or an address.
ALLOWED_CONTEXT_KEYS = frozenset({"partnership_name", "case_reference", "link", "expires_on"})


def absolute_url(path: str) -> str:
    """A link for an email: SITE_URL plus a path from reverse()."""
    if not path.startswith("/"):
        raise ValueError("Pass a path starting with /")
    return f"{settings.SITE_URL}{path}"


def email_render(*, template: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) from emails/<template>.txt: the first line is the subject, the rest the body."""
    unknown = set(context) - ALLOWED_CONTEXT_KEYS
    if unknown:
        raise ValueError(f"Emails may not carry: {sorted(unknown)}")
    text = render_to_string(
        f"emails/{template}.txt", {**context, "service_name": settings.SERVICE_NAME}
    ).lstrip()
    subject, _, body = text.partition("\n")
    subject = " ".join(subject.split())
    if not subject:
        raise ValueError(f"Email template {template!r} has no subject line")
    return subject, body.strip() + "\n"


def email_send(*, to: str, template: str, context: dict[str, Any]) -> None:
    """Render now (so a broken template fails the request, not the worker) and send after commit."""
    subject, body = email_render(template=template, context=context)
    transaction.on_commit(partial(email_deliver.enqueue, to=to, subject=subject, body=body))
