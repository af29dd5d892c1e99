"""Objects the clocks URLs need in the authorization matrix (tests/test_authorization_matrix.py)."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.clocks import services
from safeguarding_reviews.clocks.models import MilestoneEvent
from safeguarding_reviews.clocks.tests.helpers import started_deadline
from safeguarding_reviews.core import clock


def url_kwargs(world) -> dict[str, dict[str, object]]:
    officer = world.people["business_unit_officer"]
    # Became aware three weeks ago: the notification clock is overdue (a reason for delay is asked).
    services.milestone_record(
        actor=officer,
        case=world.case,
        event=MilestoneEvent.LA_BECAME_AWARE,
        occurred_on=clock.today() - dt.timedelta(days=21),
    )
    notification = started_deadline(world.case, "notification")
    # The notification and local-partners-told clocks cannot be paused: the request is on an agency return.
    services.milestone_record(
        actor=officer,
        case=world.case,
        event=MilestoneEvent.AGENCY_RETURNS_REQUESTED,
        occurred_on=clock.today() - dt.timedelta(days=2),
    )
    returns = started_deadline(world.case, "agency_return")
    adjustment = services.deadline_adjustment_request(
        actor=officer, case=world.case, deadline=returns, kind="pause", reason="Parallel proceedings"
    )
    return {"clocks": {"deadline_id": notification.pk, "adjustment_id": adjustment.pk}}
