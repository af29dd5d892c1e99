"""Reminders: before the due date and when overdue, to the people responsible, never twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.clocks import services
from safeguarding_reviews.clocks.models import MilestoneEvent, ReminderSent

from .helpers import at_now, record, started_deadline

D = dt.date
pytestmark = pytest.mark.django_db(transaction=True)


def _addresses():
    return sorted(message.to[0] for message in mail.outbox)


def test_due_soon_then_overdue_each_once_to_the_people_responsible(world):
    with at_now():
        record(world, MilestoneEvent.LA_BECAME_AWARE, D(2026, 11, 23))  # notification due Monday 30 November
    mail.outbox.clear()
    with at_now():  # Friday 27: 1 working day left, inside the default 2-day lead
        assert services.reminders_send() == 2  # notification and local partners
    notification_mail = [m for m in mail.outbox]
    assert {"business_unit_officer@test.example", "delegate_local_authority@test.example"} <= set(
        _addresses()
    )
    assert "business_manager@test.example" not in _addresses()
    for message in notification_mail:
        assert world.case.reference in message.subject
        assert f"/cases/{world.case.pk}/clocks/" in message.body
        text = str(message.subject) + str(message.body)
        assert "Child Q" not in text  # never the pseudonym or other detail
    # the LA delegate acts on both clocks (alerts.rules): notifying the Panel and telling the partners
    assert _addresses().count("delegate_local_authority@test.example") == 2
    mail.outbox.clear()
    with at_now():
        assert services.reminders_send() == 0
    assert mail.outbox == []
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        out = StringIO()
        call_command("send_reminders", stdout=out)
        assert "2 reminder(s) sent" in out.getvalue()
        assert "overdue" in mail.outbox[0].subject
        call_command("send_reminders", stdout=StringIO())
    assert ReminderSent.objects.count() == 4
    event = AuditEvent.objects.filter(event_type=EventType.REMINDER_SENT).first()
    assert event is not None
    assert set(event.data) == {"deadline_id", "rule", "kind", "due_on", "recipient_ids"}


def test_a_second_worker_does_not_send_it_again(world):
    with at_now():
        record(world, MilestoneEvent.LA_BECAME_AWARE, D(2026, 11, 23))
        deadline = started_deadline(world.case, "notification")
        pending = services.reminders_due(
            today=D(2026, 11, 27), now=dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)
        )
        mail.outbox.clear()
        # Two workers computed the same list; both try to send.
        assert services.reminder_send(deadline=deadline, kind="due_soon") is True
        sent = len(mail.outbox)
        assert services.reminder_send(deadline=deadline, kind="due_soon") is False
        assert len(mail.outbox) == sent
        assert (deadline.pk, "due_soon") in {(d.pk, k) for d, k in pending}


def test_met_paused_and_far_off_deadlines_get_no_reminder(world):
    with at_now():
        record(world, MilestoneEvent.LA_BECAME_AWARE, D(2026, 11, 13))
        record(world, MilestoneEvent.NOTIFICATION_SENT, D(2026, 11, 20))
        record(world, MilestoneEvent.LOCAL_PARTNERS_TOLD, D(2026, 11, 20))
        mail.outbox.clear()
        assert services.reminders_send() == 0  # rapid review due 11 December: not yet


def test_a_moved_due_date_gets_its_own_reminder(world):
    with at_now():
        record(world, MilestoneEvent.LA_BECAME_AWARE, D(2026, 11, 23))
        assert services.reminders_send() == 2
        record(world, MilestoneEvent.LA_BECAME_AWARE, D(2026, 11, 24))  # corrected: due 1 December
        assert services.reminders_send() == 2
    assert ReminderSent.objects.filter(kind="due_soon").count() == 4


def test_reminders_skip_people_who_cannot_see_a_restricted_case(world):
    """A restricted case's reminders reach only people named on it and the business manager."""
    from safeguarding_reviews.alerts.models import Alert
    from safeguarding_reviews.cases.models import Case

    with at_now():
        record(world, MilestoneEvent.LA_BECAME_AWARE, D(2026, 11, 23))
    Case.objects.filter(pk=world.case.pk).update(is_restricted=True)
    mail.outbox.clear()
    with at_now():
        assert services.reminders_send() == 2
    assert "delegate_local_authority@test.example" not in _addresses()
    # The officer who opened the case is its case lead, named on it: still told, by email and in the app.
    assert "business_unit_officer@test.example" in _addresses()
    assert Alert.objects.filter(user=world.people["business_unit_officer"], kind="clock_due_soon").exists()
    assert not Alert.objects.filter(user=world.people["delegate_local_authority"]).exists()
