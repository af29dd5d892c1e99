"""Reads of a person's alerts: only for cases they can still see (or not about a case)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from safeguarding_reviews.cases.policies import visible_case_q, visible_cases

from .models import Alert

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def _visible_to(user: User) -> Q:
    """Not about a case, or about one the person may still see. Checked on each of the person's alerts
    (reached by the index on user) rather than as `case_id IN (every case they may see)`, which scans all
    cases; always current, so nothing to invalidate when alerts are read or access changes."""
    if not user.is_active:
        return Q(case__isnull=True) | Q(case__in=visible_cases(user).values("pk"))
    return Q(case__isnull=True) | visible_case_q(user, through="case__")


def alerts_for_user(user: User) -> QuerySet[Alert]:
    """The user's alerts, newest first, with the case reference loaded (one query)."""
    if not getattr(user, "is_authenticated", False):
        return Alert.objects.none()
    return (
        Alert.objects.filter(user=user)
        .filter(_visible_to(user))
        .select_related("case")
        .only("pk", "kind", "link", "created_at", "read_at", "case__reference")
        .order_by("-created_at", "-pk")
    )


def alerts_page_for_user(user: User) -> QuerySet[Alert]:
    """The alerts page's list: unread first, then read, each newest first by (created, id), so a page
    boundary is stable and every alert is on exactly one page."""
    return alerts_for_user(user).order_by(
        ExpressionWrapper(Q(read_at__isnull=False), output_field=BooleanField()).asc(), "-created_at", "-pk"
    )


def alert_get_for_user(*, user: User, alert_id: int) -> Alert | None:
    return alerts_for_user(user).filter(pk=alert_id).first()


def unread_alert_count(user: User) -> int:
    """How many unread alerts the user has. One query once the user's roles are loaded for the request
    (the navigation context processor loads them first)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Alert.objects.filter(user=user, read_at__isnull=True).filter(_visible_to(user)).count()
