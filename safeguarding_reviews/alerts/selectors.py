"""Reads of a person's alerts: only for cases they can still see (or not about a case)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Q, QuerySet

from safeguarding_reviews.cases.policies import visible_case_q, visible_cases
from safeguarding_reviews.core.compiled_query import CompiledQueries
from safeguarding_reviews.organisations.selectors import roles_key

from .models import Alert, AlertCountStale, UnreadAlertCount

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def _visible_to(user: User) -> Q:
    """Not about a case, or about one the person may still see. Checked on each of the person's alerts
    (reached by the index on user) rather than as `case_id IN (every case they may see)`, which scans all
    cases. The counts made with it are stored (UnreadAlertCount) and distrusted by triggers whenever an alert
    or anything this rule reads changes (alerts/count_triggers.py)."""
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
    boundary is stable and every alert is on exactly one page. The index alert_page_order holds exactly this
    order, so a page is read from it rather than sorted."""
    return alerts_for_user(user).order_by(
        ExpressionWrapper(Q(read_at__isnull=False), output_field=BooleanField()).asc(), "-created_at", "-pk"
    )


def alert_get_for_user(*, user: User, alert_id: int) -> Alert | None:
    return alerts_for_user(user).filter(pk=alert_id).first()


def _counts_now(user: User) -> QuerySet[Any, Any]:
    """The person's alerts they may still see, counted from the alerts: (unread, total) as one row, or no
    row when they have none."""
    return (
        Alert.objects.filter(user=user)
        .filter(_visible_to(user))
        .order_by()
        .values("user")
        .annotate(unread=Count("pk", filter=Q(read_at__isnull=True)), total=Count("pk"))
    )


# The counting query, compiled once per person and the roles they hold (core.compiled_query): it is run on
# every page while the stored count is distrusted, and building it cost about 8 ms of ORM work to run in 1.
_COUNTS_NOW = CompiledQueries()


def alert_counts_now(user: User) -> tuple[int, int]:
    """(unread, total) counted from the alerts (what alerts.services.alert_counts_refresh stores). One query
    once the person's roles are loaded."""
    compiled = _COUNTS_NOW.get(
        ("alert counts", user.pk, roles_key(user)), lambda: _counts_now(user).values("unread", "total")[:1]
    )
    rows = compiled.rows()
    return (rows[0]["unread"], rows[0]["total"]) if rows else (0, 0)


def _counts(user: User) -> tuple[int, int]:
    """(unread, total): the stored UnreadAlertCount while no AlertCountStale row names the person (the
    triggers add one with any change that could alter it), else counted from the alerts. One small query
    while the count is trusted (every page's header); a second, the count itself, only when it is not.
    The counting query is compiled once per person and roles (alert_counts_now)."""
    stored = (
        UnreadAlertCount.objects.filter(user=user)
        .annotate(stale=Exists(AlertCountStale.objects.filter(user_id=user.pk)))
        .values_list("unread", "total", "stale")
        .first()
    )
    if stored is not None and not stored[2]:
        return (stored[0], stored[1])
    return alert_counts_now(user)


def unread_alert_count(user: User) -> int:
    """How many unread alerts the user has about cases they may still see (or about no case). One query
    once the user's roles are loaded for the request (the navigation context processor loads them first):
    a stored count while it is trusted (alerts.models.UnreadAlertCount), else counted."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return _counts(user)[0]


def alert_counts(user: User) -> tuple[int, int]:
    """(unread, all) alerts the user may see, for the alerts page's headings and page count. One query."""
    if not getattr(user, "is_authenticated", False):
        return (0, 0)
    return _counts(user)
