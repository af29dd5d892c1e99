"""Objects the authorization matrix needs for outcome URLs: an outcome on world.case, made with the ORM (test
data, not a write path under test) because the service needs the rapid review stage, which rapid_review's
matrix module reaches after this one (modules run in app order)."""

from __future__ import annotations

from safeguarding_reviews.outcomes.models import RapidReviewOutcome


def url_kwargs(world) -> dict[str, dict[str, object]]:
    RapidReviewOutcome.objects.create(case=world.case, drafted_by=world.people["business_unit_officer"])
    return {"outcomes": {"section": "facts"}}
