"""The "needs reason" list (issue 11 §8): a paused clock past its due date is not listed; a 48-hour clock
missed by hours is, whether still open or met late."""

import datetime as dt

import pytest
from django.db import transaction

from safeguarding_reviews.clocks.models import Deadline, MilestoneEvent
from safeguarding_reviews.clocks.services import milestone_record
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.dashboards.selectors import my_tasks

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)


def _record(world, event, on, at=None):
    with transaction.atomic():
        milestone_record(
            actor=world.people["business_unit_officer"],
            case=world.case,
            event=event,
            occurred_on=on,
            occurred_at=at,
        )


def _listed(world, *, today=TODAY, now=None):
    now = now or dt.datetime(2026, 11, 27, 12, tzinfo=LONDON)
    return {
        d.rule_code
        for d in my_tasks(user=world.people["business_unit_officer"], today=today, now=now)["needs_reason"]
    }


def test_an_overdue_clock_is_listed_but_not_while_paused(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False)
    _record(world, MilestoneEvent.AGENCY_RETURNS_REQUESTED, dt.date(2026, 11, 2))  # due mid-November
    assert "agency_return" in _listed(world)
    Deadline.objects.filter(case=world.case, rule_code="agency_return").update(
        paused_since=dt.date(2026, 11, 10)
    )
    assert "agency_return" not in _listed(world)


def test_a_48_hour_clock_missed_by_hours_is_listed(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 27, 18, tzinfo=dt.UTC), tick=False)
    received = dt.datetime(2026, 11, 25, 9, tzinfo=LONDON)
    _record(world, MilestoneEvent.REFERRAL_RECEIVED, received.date(), received)
    deadline = Deadline.objects.get(case=world.case, rule_code="written_confirmation")
    assert deadline.due_at is not None
    due_at = deadline.due_at
    before = due_at - dt.timedelta(hours=1)
    after = due_at + dt.timedelta(hours=3)
    assert "written_confirmation" not in _listed(world, today=before.astimezone(LONDON).date(), now=before)
    assert "written_confirmation" in _listed(world, today=after.astimezone(LONDON).date(), now=after)
    # Met two hours late on the due date: still missed by hours, so the reason is needed.
    met = due_at + dt.timedelta(hours=2)
    _record(world, MilestoneEvent.WRITTEN_CONFIRMATION_RECEIVED, met.astimezone(LONDON).date(), met)
    assert "written_confirmation" in _listed(world, today=after.astimezone(LONDON).date(), now=after)
