"""Objects the authorization matrix needs for chronology URLs: one entry on world.case."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.chronology.services import chronology_entry_add


def url_kwargs(world) -> dict[str, dict[str, object]]:
    chronology_entry_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        agency=world.agency,
        date=dt.date(2025, 3, 4),
        event_type="home_visit",
        what_happened="Synthetic home visit.",
    )
    return {}
