"""Reads of user accounts: by id, by email, and which second factors a user has set up."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model


def user_get(pk: int) -> Any:
    """The account with this id; DoesNotExist if there is none (the form offered only real ones)."""
    return get_user_model().objects.get(pk=pk)


def user_find(pk: int) -> Any | None:
    return get_user_model().objects.filter(pk=pk).first()


def user_with_email(email: str) -> Any | None:
    """The account with this email address, compared without case (as sign-in compares it)."""
    return get_user_model().objects.filter(email__iexact=email).first()


def users_by_id(ids: Iterable[int]) -> dict[int, Any]:
    return get_user_model().objects.in_bulk(list(ids))


def authenticator_types(user: Any) -> set[str]:
    """The kinds of second factor (allauth.mfa) the user has set up."""
    from allauth.mfa.models import Authenticator

    return set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
