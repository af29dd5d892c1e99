"""Writes about accounts and sessions."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event

from .models import UserSession


def sessions_end_all(*, user: Any) -> int:
    """Kill every server-side session of `user` at once (sign out everywhere, deactivation)."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


def sign_out_everywhere(*, actor: Any) -> int:
    with transaction.atomic(durable=True):
        count = sessions_end_all(user=actor)
        record_event(event_type=EventType.SIGNED_OUT_EVERYWHERE, actor=actor, data={"sessions": count})
    return count


def session_register(*, user: Any, session_key: str) -> None:
    UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})
