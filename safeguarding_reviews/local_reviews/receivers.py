"""Receivers of other apps' signals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def on_invitation_accepted(sender: Any, *, user: User, invitation: Any, **kwargs: Any) -> None:
    """A person invited from the request form accepted: hand them the requests waiting for them."""
    from .services import information_recipient_join

    information_recipient_join(user=user, invitation=invitation)
