"""Objects the authorization matrix needs for meeting URLs: one meeting on world.case. Made with the ORM (test
data, not a write path under test) because the service needs the rapid review stage, and the apps whose
objects are built after this one (referrals, screening) need the case at its earlier stages; rapid_review's
matrix module moves the case on."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.meetings.models import RapidReviewMeeting


def url_kwargs(world) -> dict[str, dict[str, object]]:
    meeting = RapidReviewMeeting.objects.create(
        case=world.case, held_on=dt.date(2025, 3, 10), created_by=world.people["business_unit_officer"]
    )
    return {"meetings": {"meeting_id": meeting.pk}}
