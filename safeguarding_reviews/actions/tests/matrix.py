"""Objects the authorization matrix needs for case action URLs: one action on world.case owned by world.agency
(the agency the agency representative acts for). Made with the ORM (test data, not a write path under test):
a later recommendation needs neither an outcome nor a meeting."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.actions.models import ActionSource, CaseAction


def url_kwargs(world) -> dict[str, dict[str, object]]:
    action = CaseAction.objects.create(
        case=world.case,
        source=ActionSource.RECOMMENDATION,
        description="Synthetic action",
        owner_agency=world.agency,
        due_on=dt.date(2026, 4, 1),
    )
    return {"actions": {"action_id": action.pk}}
