"""Reminders and escalation of the agencies' actions through `manage.py tick` (the task worker): the reminder
before the due date, then the owner, the agency's safeguarding lead, the business manager, each once per due
date; an action completed, or given a new due date, is not chased for the old one. Emails carry no case
detail; the committee's agenda lists the overdue and escalated action."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from safeguarding_reviews.action_plans import services
from safeguarding_reviews.action_plans.models import ActionChase
from safeguarding_reviews.actions.models import CaseAction
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.core.clock import LONDON
from tests.fixtures import sign_in

from .helpers import final_report_with

pytestmark = pytest.mark.django_db
D = dt.date
MONDAY = D(2026, 3, 16)


def _at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def overdue_soon(world):
    with _at(MONDAY):
        final_report_with(world)
        (first, *_) = services.recommendations_take_in(
            actor=world.people["business_unit_officer"], case=world.case
        )
        action = services.plan_action_add(
            actor=world.people["agency_representative"],
            recommendation=first,
            fields=services.ActionFields(
                description="Synthetic audit",
                owner_agency_id=world.agency.pk,
                due_on=D(2026, 3, 18),
                owner_role="Lead",
            ),
        )
    world.agency.safeguarding_lead_email = "lead@agency.test.example"
    world.agency.save(update_fields=["safeguarding_lead_email"])
    world.action = action
    return world


def _tick(day: dt.date, capture) -> int:
    before = ActionChase.objects.count()
    with _at(day), capture(execute=True):
        call_command("tick", stdout=StringIO())
    return ActionChase.objects.count() - before


def test_reminder_then_escalation_each_once(overdue_soon, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    capture = django_capture_on_commit_callbacks
    assert _tick(MONDAY, capture) == 0  # added today: no reminder on its first day
    assert _tick(D(2026, 3, 17), capture) == 1  # due soon
    assert [m.to for m in mail.outbox] == [["agency_representative@test.example"]]
    assert "due soon" in mail.outbox[0].subject
    assert _tick(D(2026, 3, 17), capture) == 0  # never twice
    assert _tick(D(2026, 3, 19), capture) == 1  # overdue: the owner (the agency's representatives)
    assert _tick(D(2026, 3, 20), capture) == 0
    assert _tick(D(2026, 3, 23), capture) == 1  # two working days on: the agency's safeguarding lead
    assert _tick(D(2026, 3, 25), capture) == 1  # then the business manager
    assert _tick(D(2026, 4, 30), capture) == 0
    steps = list(ActionChase.objects.filter(action=overdue_soon.action).values_list("step", flat=True))
    assert steps == ["due_soon", "owner", "safeguarding_lead", "business_manager"]
    assert {m.to[0] for m in mail.outbox} >= {"lead@agency.test.example", "business_manager@test.example"}
    for message in mail.outbox:
        assert "Synthetic" not in message.body and "Child Q" not in f"{message.subject} {message.body}"
    assert AuditEvent.objects.filter(event_type=EventType.PLAN_ACTION_CHASED).count() == 4


def test_completed_action_is_not_chased_and_a_new_due_date_restarts(
    overdue_soon, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert _tick(D(2026, 3, 19), capture) == 1  # overdue: owner
    # An agreed extension (a new due date) starts the ladder again for that date.
    CaseAction.objects.filter(pk=overdue_soon.action.pk).update(due_on=D(2026, 4, 30))
    assert _tick(D(2026, 3, 23), capture) == 0
    assert _tick(D(2026, 5, 1), capture) == 1
    action = CaseAction.objects.get(pk=overdue_soon.action.pk)
    with _at(D(2026, 5, 1)):
        services.plan_action_complete(
            actor=overdue_soon.people["agency_representative"],
            action=action,
            expected_version=action.version,
            completed_on=D(2026, 5, 1),
        )
    assert _tick(D(2026, 5, 20), capture) == 0


def test_agenda_lists_overdue_and_escalated(overdue_soon, django_capture_on_commit_callbacks, client):
    capture = django_capture_on_commit_callbacks
    for day in (D(2026, 3, 19), D(2026, 3, 23)):
        _tick(day, capture)
    sign_in(client, overdue_soon.people["monitoring_committee_member"])
    with _at(D(2026, 3, 24)):
        page = client.get(reverse("action_plans:agenda", args=[overdue_soon.partnership.slug]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Synthetic audit" in text and "6 days" in text and "Agency&#x27;s safeguarding lead" in text
