"""Objects the authorization matrix needs for sign-off URLs: a challenge on world.case's outcome (made by the
outcomes matrix module, which runs first), with the ORM."""

from __future__ import annotations

from safeguarding_reviews.core import clock
from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.signoffs.models import Challenge


def url_kwargs(world) -> dict[str, dict[str, object]]:
    outcome = RapidReviewOutcome.objects.get(case=world.case)
    challenge = Challenge.objects.create(
        case=world.case,
        outcome=outcome,
        outcome_version=outcome.version,
        text="Synthetic challenge",
        raised_by=world.people["independent_chair"],
        raised_at=clock.now(),
    )
    return {"signoffs": {"challenge_id": challenge.pk}}
