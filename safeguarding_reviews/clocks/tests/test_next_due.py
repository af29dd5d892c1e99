"""Case.next_due_on, the stored due date of the case's next open clock (the business unit dashboard orders and
pages by it), stays equal to the value computed from the deadlines after every service that changes one:
started, met, corrected, moved by the calendar, paused, resumed, extended, re-based, withdrawn by the
route."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.clocks import services
from safeguarding_reviews.clocks.models import Deadline, MilestoneEvent
from safeguarding_reviews.working_days import services as calendar_services
from safeguarding_reviews.working_days.models import OverrideKind

from .helpers import at_now, record, started_deadline

D = dt.date
E = MilestoneEvent
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _friday():
    with at_now():
        yield


def _computed(case: Case) -> dt.date | None:
    """The next open (not met, not paused) deadline's due date, straight from the deadlines."""
    return (
        Deadline.objects.filter(case=case, met_on__isnull=True, paused_since__isnull=True)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )


def _stored(case: Case) -> dt.date | None:
    return Case.objects.values_list("next_due_on", flat=True).get(pk=case.pk)


def _kept(case: Case) -> dt.date | None:
    stored = _stored(case)
    assert stored == _computed(case)
    return stored


def test_every_deadline_change_keeps_the_stored_next_due_date(world):
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    case = world.case
    assert _kept(case) is None  # no clock yet

    # Started: a phone referral's 48-hour written confirmation (an hour clock), then awareness.
    record(world, E.REFERRAL_RECEIVED, D(2026, 11, 25), at=dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC))
    assert _kept(case) == D(2026, 11, 27)
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 23))
    assert _kept(case) == D(2026, 11, 27)
    # Met: the written confirmation arrives; the notification (due 30 November) is next.
    record(world, E.WRITTEN_CONFIRMATION_RECEIVED, D(2026, 11, 26))
    assert _kept(case) == D(2026, 11, 30)
    # Corrected: awareness a day later moves the notification clock.
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 24))
    assert _kept(case) == D(2026, 12, 1)
    # The calendar: a one-off bank holiday on the due date moves it.
    calendar_services.bank_holiday_override_add(
        actor=world.people["platform_admin"],
        date=D(2026, 12, 1),
        kind=OverrideKind.ADD,
        title="X",
        reason="r",
    )
    assert _kept(case) == D(2026, 12, 2)
    # Met again: notified and partners told; the rapid review clock starts.
    record(world, E.NOTIFICATION_SENT, D(2026, 11, 27))
    record(world, E.LOCAL_PARTNERS_TOLD, D(2026, 11, 27))
    rapid = started_deadline(case, "rapid_review")
    assert _kept(case) == rapid.due_on
    # A local clock, moved by a closure day.
    record(world, E.AGENCY_RETURNS_REQUESTED, D(2026, 11, 27))
    returns_due = started_deadline(case, "agency_return").due_on
    assert _kept(case) == min(returns_due, rapid.due_on)
    calendar_services.closure_day_add(
        actor=manager, partnership=world.partnership, date=returns_due, reason="M"
    )
    assert _kept(case) == min(started_deadline(case, "agency_return").due_on, rapid.due_on)
    record(world, E.AGENCY_RETURNS_RECEIVED, D(2026, 11, 27))
    assert _kept(case) == rapid.due_on

    # Paused: the only open clock stops, so the case has no next due date; resumed, it moves.
    pause = services.deadline_adjustment_request(
        actor=officer, case=case, deadline=rapid, kind="pause", reason="Criminal proceedings"
    )
    services.deadline_adjustment_decide(actor=manager, case=case, adjustment=pause, approve=True)
    assert _kept(case) is None
    services.deadline_resume(actor=officer, case=case, deadline=rapid)
    assert _kept(case) == started_deadline(case, "rapid_review").due_on
    # Extended with the Panel's agreement; a refused request changes nothing.
    refused = services.deadline_adjustment_request(
        actor=officer, case=case, deadline=started_deadline(case, "rapid_review"), kind="pause", reason="x"
    )
    services.deadline_adjustment_decide(
        actor=manager, case=case, adjustment=refused, approve=False, note="No"
    )
    assert _kept(case) == started_deadline(case, "rapid_review").due_on
    extension = services.deadline_adjustment_request(
        actor=officer,
        case=case,
        deadline=started_deadline(case, "rapid_review"),
        kind="extension",
        reason="More time",
        new_due_on=D(2027, 1, 29),
        panel_agreed_on=D(2026, 11, 26),
        panel_agreed_by="Panel secretariat",
        panel_reference="P-1",
    )
    services.deadline_adjustment_decide(actor=manager, case=case, adjustment=extension, approve=True)
    assert _kept(case) == D(2027, 1, 29)
    # Re-based onto its rule set again (the partnership's current settings).
    services.case_rebase(actor=manager, case=case, rule_set=case.rule_set, reason="Apply settings")
    assert _kept(case) == started_deadline(case, "rapid_review").due_on
    # Met: the rapid review sent; no clock is open.
    record(world, E.RAPID_REVIEW_SENT, D(2026, 11, 27))
    assert _kept(case) is None


def test_a_clock_withdrawn_by_the_route_leaves_the_next_due_date_right(world):
    from safeguarding_reviews.screening.criteria import Answer
    from safeguarding_reviews.screening.tests.steps import (
        ALL_YES,
        days_ago,
        decide,
        prepare,
        record_awareness,
    )

    record_awareness(world, world.case, on=days_ago(3))
    assert _kept(world.case) is not None
    care_leaver = ALL_YES | {"abuse_or_neglect": Answer.NO, "care_leaver_death": Answer.YES}
    prepare(world, world.case, care_leaver)
    decide(world, world.case, on=days_ago(2), confirm_inconsistent=True)
    assert not Deadline.objects.filter(case=world.case, rule_code="local_partners_told").exists()
    assert _kept(world.case) == started_deadline(world.case, "notification").due_on


def test_the_migration_fills_existing_cases(world):
    record(world, E.LA_BECAME_AWARE, D(2026, 11, 23))
    expected = _computed(world.case)
    assert expected is not None
    Case.objects.update(next_due_on=None)
    migration = importlib.import_module("safeguarding_reviews.clocks.migrations.0007_fill_case_next_due_on")
    migration.fill(apps, None)
    assert _stored(world.case) == expected
