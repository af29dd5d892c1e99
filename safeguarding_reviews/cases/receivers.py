"""Cases ends the people's places on cases when their places in a partnership end (organisations.signals), in
the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event

from .models import CaseMembership


def case_places_end(sender: Any, *, user: Any, partnership: Any, now: dt.datetime, **_: Any) -> int:
    """End the person's place on cases led by `partnership` (every case when None)."""
    qs = CaseMembership.objects.filter(user=user, ended_at__isnull=True)
    if partnership is not None:
        qs = qs.filter(case__lead_partnership=partnership)
    return qs.update(ended_at=now)


def platform_admin_case_places_end(sender: Any, *, reason: str, now: dt.datetime, **_: Any) -> int:
    """A platform administrator holds no place on a case: end any left, each audited."""
    ended = 0
    for place in CaseMembership.objects.filter(user__is_platform_admin=True, ended_at__isnull=True):
        CaseMembership.objects.filter(pk=place.pk).update(ended_at=now)
        record_event(
            event_type=EventType.CASE_MEMBER_REMOVED,
            case=place.case,
            target=place,
            data={"user_id": place.user_id, "reason": reason},
        )
        ended += 1
    return ended
