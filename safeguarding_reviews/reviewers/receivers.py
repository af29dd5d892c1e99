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


def on_reviewer_row(sender: Any, *, case: Any, user: User, **kwargs: Any) -> dict[str, str]:
    """The local review task list asks for its reviewer row: the latest appointment's state, linking to the
    reviewer page when the reader may see it. Two queries at most (the reader's roles are cached)."""
    from django.urls import reverse

    from . import rules
    from .policies import ReviewerAction, may_reviewers
    from .selectors import latest_appointment

    latest = latest_appointment(case)
    name = ""
    if latest is not None:
        name = (
            latest.user.full_name if latest.user else latest.invitation.full_name if latest.invitation else ""
        )
    status, hint = rules.task_row(latest.rule_state if latest else None, name or "The reviewer")
    url = (
        reverse("reviewers:case_reviewer", args=[case.pk])
        if may_reviewers(user, ReviewerAction.VIEW, case)
        else ""
    )
    return {"status": status, "hint": hint, "url": url}
