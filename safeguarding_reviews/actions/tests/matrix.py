"""Objects the authorization matrix needs for case action URLs: one action on world.case owned by world.agency
(the agency the agency representative acts for), answering a recommendation on the case (issue 16's action
plan; a meeting's or an outcome's action would need a meeting or an outcome). Made with the ORM (test data,
not a write path under test)."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.action_plans.models import Recommendation, RecommendationOrigin
from safeguarding_reviews.actions.models import ActionSource, CaseAction
from safeguarding_reviews.core import clock


def url_kwargs(world) -> dict[str, dict[str, object]]:
    recommendation = Recommendation.objects.create(
        partnership=world.partnership,
        case=world.case,
        origin=RecommendationOrigin.RAPID_REVIEW,
        text="Synthetic recommendation for the case action list",
        lead_agency=world.agency,
        created_by=world.people["business_unit_officer"],
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    action = CaseAction.objects.create(
        case=world.case,
        partnership=world.partnership,
        source=ActionSource.RECOMMENDATION,
        recommendation=recommendation,
        description="Synthetic action",
        owner_agency=world.agency,
        due_on=dt.date(2026, 4, 1),
    )
    return {"actions": {"action_id": action.pk}}
