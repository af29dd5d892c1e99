"""Writes to alerts. Each records one audit event naming ids and the kind code only."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.core import clock

from .models import Alert

_KIND = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def alert_create(*, user: Any, case: Any, kind: str, link: str) -> Alert:
    """Alert `user` about `case` (or None) with a link (a path inside the service, from reverse()).

    Runs inside the caller's transaction when there is one (a decision and the alerts it raises commit
    together); on its own it opens one. The alert says only what kind of thing happened."""
    if not _KIND.match(kind):
        raise ValueError("An alert kind is a lower-case code")
    if not link.startswith("/") or link.startswith("//"):
        raise ValueError("An alert links to a path inside the service")
    with transaction.atomic():
        alert = Alert.objects.create(user=user, case=case, kind=kind, link=link, created_at=clock.now())
        record_event(
            event_type=EventType.ALERT_CREATED,
            case=case,
            target=alert,
            data={"kind": kind, "user_id": user.pk},
        )
    return alert


def alert_mark_read(*, actor: Any, alert: Alert) -> Alert:
    """Mark one of the actor's own alerts read. Marking an already-read alert does nothing."""
    if alert.user_id != actor.pk:
        raise PermissionError("Only the person alerted marks an alert read")
    with transaction.atomic(durable=True):
        updated = Alert.objects.filter(pk=alert.pk, read_at__isnull=True).update(read_at=clock.now())
        if updated:
            record_event(
                event_type=EventType.ALERT_READ,
                actor=actor,
                target=alert,
                data={"kind": alert.kind},
            )
    alert.refresh_from_db()
    return alert
