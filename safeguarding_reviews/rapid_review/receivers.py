"""Receivers of other apps' signals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def on_invitation_accepted(sender: Any, *, user: User, invitation: Any, **kwargs: Any) -> None:
    """An author invited from the send form accepted: hand them the requests waiting for them."""
    from .services import pending_author_join

    pending_author_join(user=user, invitation=invitation)
