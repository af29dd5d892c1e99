"""Reads about partnerships, memberships and roles."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from .models import Agency, Membership, MembershipRole, Partnership

_CACHE_ATTR = "_sr_roles_by_partnership"


def roles_by_partnership(user: Any) -> dict[int, frozenset[str]]:
    """{partnership id: the roles this user holds there now}. One query, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
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


def forget_cached_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def partnerships_where(user: Any, roles: frozenset[str] | set[str]) -> list[int]:
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
