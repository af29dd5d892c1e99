"""Receivers of other apps' signals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def on_invitation_accepted(sender: Any, *, user: User, invitation: Any, **kwargs: Any) -> None:
    """A reviewer invited from the appointment form accepted: their appointment now waits for their
    independence declaration."""
    from .services import invited_reviewer_join

    invited_reviewer_join(user=user, invitation=invitation)
