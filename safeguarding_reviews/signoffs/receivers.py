"""Listens to outcomes.signals.outcome_changed: an edit of the outcome supersedes the sign-offs given
before it, in the edit's own transaction, so the outcome and its sign-offs never disagree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.dispatch import receiver

from safeguarding_reviews.outcomes.signals import outcome_changed

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


@receiver(outcome_changed, dispatch_uid="signoffs_supersede_on_outcome_change")
def _supersede(sender: Any, *, actor: User, outcome: Any, previous_version: int, **kwargs: Any) -> None:
    from .services import signoffs_supersede

    signoffs_supersede(actor=actor, outcome=outcome, previous_version=previous_version)
