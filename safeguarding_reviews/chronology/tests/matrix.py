"""Objects the authorization matrix needs for chronology URLs: one entry on world.case, and a finished Word
export asked for by the business unit officer (built here directly: on_commit never runs in the matrix)."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.chronology.exports import chronology_export_request, chronology_export_run
from safeguarding_reviews.chronology.selectors import Filters
from safeguarding_reviews.chronology.services import chronology_entry_add


def url_kwargs(world) -> dict[str, dict[str, object]]:
    officer = world.people["business_unit_officer"]
    chronology_entry_add(
        actor=officer,
        case=world.case,
        agency=world.agency,
        date=dt.date(2025, 3, 4),
        event_type="home_visit",
        what_happened="Synthetic home visit.",
    )
    export = chronology_export_request(actor=officer, case=world.case, filters=Filters())
    chronology_export_run(export_id=export.pk)
    return {"chronology": {"export_id": export.pk}}
