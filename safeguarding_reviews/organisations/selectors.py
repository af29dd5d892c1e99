"""Reads about partnerships, memberships and roles."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from safeguarding_reviews.core import clock

from .models import Agency, Invitation, Membership, MembershipRole, Partnership
from .roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from safeguarding_reviews.accounts.models import User

_CACHE_ATTR = "_sr_roles_by_partnership"


def roles_by_partnership(user: User | AnonymousUser) -> dict[int, frozenset[str]]:
    """{partnership id: the roles this user holds there now}. One query, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    if getattr(user, "is_platform_admin", False):
        # The platform administrator holds no role anywhere, whatever the tables say (the services and
        # database triggers keep it so): every case, audit and people policy starts from this function.
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = defaultdict(set)
    rows = MembershipRole.objects.filter(
        membership__user=user, membership__ended_at__isnull=True
    ).values_list("membership__partnership_id", "role")
    for partnership_id, role in rows:
        roles[partnership_id].add(role)
    result = {pid: frozenset(r) for pid, r in roles.items()}
    setattr(user, _CACHE_ATTR, result)
    return result


def roles_key(user: User | AnonymousUser) -> tuple[bool, tuple[tuple[int, tuple[str, ...]], ...]]:
    """Whether this user is active and the roles they hold now, sorted: a key for what depends only on these
    and on who they are (a compiled query: core.compiled_query)."""
    roles = tuple(sorted((pid, tuple(sorted(held))) for pid, held in roles_by_partnership(user).items()))
    return bool(getattr(user, "is_active", False)), roles


def people_with_roles(*, partnership_id: int, roles: Iterable[str]) -> list[Any]:
    """Active people who hold any of `roles` in the partnership now (who an alert or a chase goes to)."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__partnership_id=partnership_id,
            memberships__ended_at__isnull=True,
            memberships__roles__role__in=list(roles),
        )
        .distinct()
        .order_by("pk")
    )


def forget_cached_roles(user: User) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def partnerships_where(user: User, roles: frozenset[str] | set[str]) -> list[int]:
    return [pid for pid, held in roles_by_partnership(user).items() if held & set(roles)]


def active_memberships(partnership: Partnership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(partnership=partnership, ended_at__isnull=True)
        .select_related("user")
        .prefetch_related("roles__agency")
        .order_by("user__full_name", "pk")
    )


def agencies_of(partnership: Partnership) -> QuerySet[Agency]:
    return Agency.objects.filter(partnership=partnership, is_active=True).order_by("name")


def active_agencies_of_partnership(partnership_id: int) -> QuerySet[Agency]:
    """The partnership's active agencies, by name: who a case's requests, meetings, chronology entries and
    evidence may name. The one home for this list (a case uses its lead partnership's)."""
    return Agency.objects.filter(partnership_id=partnership_id, is_active=True).order_by("name", "pk")


def agency_choices(partnership_id: int) -> list[tuple[int, str]]:
    """(id, name) of the partnership's active agencies, for a select."""
    return list(active_agencies_of_partnership(partnership_id).values_list("pk", "name"))


def pending_invitations(partnership: Partnership) -> QuerySet[Invitation]:
    """Invitations not yet accepted, revoked or expired, soonest expiry first."""
    return (
        Invitation.objects.filter(
            partnership=partnership,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=clock.now(),
        )
        .select_related("agency")
        .order_by("expires_at")
    )


def invitation_token_hash(token: str) -> str:
    """Only the sha256 of an invitation token is stored; the token itself is only ever in the email."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_get_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.filter(token_hash=invitation_token_hash(token))
        .select_related("partnership", "agency")
        .first()
    )


def partnerships_with_member_counts() -> QuerySet[Partnership]:
    """For the platform administrator: partnerships and how many people are in each. No case data."""
    return Partnership.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__ended_at__isnull=True))
    ).order_by("name")


def accounts_for_platform(*, email_contains: str = "") -> QuerySet[Any]:
    """Every account with its active memberships' partnerships (two queries whatever the count)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.order_by("email")
    if email_contains:
        users = users.filter(email__icontains=email_contains)
    return users.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(ended_at__isnull=True)
            .select_related("partnership")
            .order_by("partnership__name"),
            to_attr="active_memberships",
        )
    )


def memberships_of_user(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, ended_at__isnull=True).select_related("partnership")


def current_roles_in(*, partnership_id: int, user_ids: set[int]) -> dict[int, list[str]]:
    """{user id: labels of the roles they hold now in the partnership}. One query whatever the count."""
    if not user_ids:
        return {}
    roles: dict[int, set[str]] = defaultdict(set)
    rows = MembershipRole.objects.filter(
        membership__partnership_id=partnership_id,
        membership__ended_at__isnull=True,
        membership__user_id__in=user_ids,
    ).values_list("membership__user_id", "role")
    for user_id, role in rows:
        roles[user_id].add(Role(role).label if role in Role.values else role)
    return {user_id: sorted(labels) for user_id, labels in roles.items()}


def partnership_choices(
    *, within: Iterable[int] | None = None, excluding: int | None = None
) -> list[tuple[int, str]]:
    """(id, name) of partnerships, by name, for a select: those `within` the ids given, or all but one."""
    partnerships = Partnership.objects.all()
    if within is not None:
        partnerships = partnerships.filter(pk__in=within)
    if excluding is not None:
        partnerships = partnerships.exclude(pk=excluding)
    return list(partnerships.order_by("name").values_list("pk", "name"))


def partnership_get(pk: int) -> Partnership:
    """The partnership a form chose from partnership_choices; DoesNotExist if it has gone."""
    return Partnership.objects.get(pk=pk)


def partnership_find(pk: int) -> Partnership | None:
    return Partnership.objects.filter(pk=pk).first()


def agency_get(pk: int) -> Agency:
    """The agency a form chose from agency_choices; DoesNotExist if it has gone."""
    return Agency.objects.get(pk=pk)


def agency_find(pk: int) -> Agency | None:
    return Agency.objects.filter(pk=pk).first()


def agency_of_partnership(partnership_id: int, agency_id: int) -> Agency | None:
    """The agency, if it belongs to the partnership (active or not: it may be named on older records)."""
    return Agency.objects.filter(pk=agency_id, partnership_id=partnership_id).first()


def active_agencies_of_partnerships(partnership_ids: Iterable[int]) -> QuerySet[Agency]:
    """The active agencies of several partnerships, by partnership then name, with their partnership."""
    return (
        Agency.objects.filter(partnership_id__in=partnership_ids, is_active=True)
        .select_related("partnership")
        .order_by("partnership__name", "name")
    )
