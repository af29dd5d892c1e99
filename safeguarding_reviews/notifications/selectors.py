"""Reads of the notification."""

from __future__ import annotations

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.clocks.selectors import deadline_for

from .models import Notification, NotificationChild


def notification_for_case(case: Case) -> Notification:
    """The case's notification, or an unsaved blank one (version 1) prefilled from the case."""
    found = Notification.objects.filter(case=case).first()
    if found is None:
        found = Notification(case=case, version=1, incident_date=case.incident_date)
    return found


def notification_children(notification: Notification) -> list[NotificationChild]:
    if notification.pk is None:
        return []
    return list(notification.children.select_related("subject").order_by("subject__order", "pk"))


def notification_due(case: Case) -> object | None:
    """The 5-working-day notification deadline (clocks), or None before the awareness date is recorded."""
    return deadline_for(case, "notification")
