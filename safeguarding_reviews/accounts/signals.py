"""Sign-in events become audit events (ids only) and sessions are linked to their user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event

from .services import session_register


@receiver(user_logged_in)
def on_signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        if request is not None and request.session.session_key is None:
            request.session.save()
        if request is not None:
            session_register(user=user, session_key=request.session.session_key)
        record_event(event_type=EventType.SIGN_IN, actor=user)


@receiver(user_logged_out)
def on_signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    with transaction.atomic():
        record_event(event_type=EventType.SIGN_OUT, actor=user)


@receiver(user_login_failed)
def on_sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # No identifier is written: not the email, not a hash of it. The count of failures is what matters.
    with transaction.atomic():
        record_event(event_type=EventType.SIGN_IN_FAILED)
