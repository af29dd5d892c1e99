"""Routes by category (issue 11 §6) and the late notification's reason (§8), with the database: a care-leaver
death, or a looked-after child's death without abuse or neglect, runs the notification clock only and closes
once notified; a serious incident runs the rapid review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import Deadline
from safeguarding_reviews.clocks.selectors import delay_reasons_for_case
from safeguarding_reviews.notifications import services
from safeguarding_reviews.notifications.models import Notification
from safeguarding_reviews.screening.criteria import Answer
from safeguarding_reviews.screening.tests.steps import ALL_YES, days_ago, decide, prepare, record_awareness

pytestmark = pytest.mark.django_db

CARE_LEAVER = ALL_YES | {"abuse_or_neglect": Answer.NO, "care_leaver_death": Answer.YES}
LOOKED_AFTER = ALL_YES | {"abuse_or_neglect": Answer.NOT_KNOWN, "looked_after_child_death": Answer.YES}
CARE_LEAVER_AND_CRITERIA = ALL_YES | {"care_leaver_death": Answer.YES}


def _decided(world, answers, *, aware_days_ago=3):
    record_awareness(world, world.case, on=days_ago(aware_days_ago))
    prepare(world, world.case, answers)
    decide(world, world.case, on=days_ago(aware_days_ago - 1), confirm_inconsistent=True)


def _send(world, on, **kwargs):
    found = Notification.objects.filter(case=world.case).first()
    return services.notification_sent_record(
        actor=world.people["business_unit_officer"],
        case=world.case,
        expected_version=found.version if found else 1,
        sent_on=on,
        panel_reference="SYN-1",
        **kwargs,
    )


def _clocks(world):
    return set(Deadline.objects.filter(case=world.case).values_list("rule_code", flat=True))


@pytest.mark.parametrize("answers", [CARE_LEAVER, LOOKED_AFTER], ids=["care leaver", "looked-after child"])
def test_the_notify_only_route_runs_the_notification_clock_and_closes_once_notified(world, answers):
    _decided(world, answers)
    # "Tell the local partners" started at awareness; the decision withdrew it.
    assert _clocks(world) == {"notification"}
    assert AuditEvent.objects.filter(
        event_type=EventType.DEADLINE_WITHDRAWN, case_id=world.case.pk, data__rule="local_partners_told"
    ).exists()
    _send(world, days_ago(1))
    world.case.refresh_from_db()
    assert world.case.stage == Stage.CLOSED
    assert _clocks(world) == {"notification"}  # no rapid review clock, so no overdue emails for one
    moved = AuditEvent.objects.filter(event_type=EventType.CASE_STAGE_CHANGED, case_id=world.case.pk).last()
    assert moved is not None
    assert (moved.data["from"], moved.data["to"]) == (Stage.NOTIFICATION, Stage.CLOSED)


@pytest.mark.parametrize(
    "answers", [ALL_YES, CARE_LEAVER_AND_CRITERIA], ids=["serious incident", "care leaver, criteria also met"]
)
def test_the_full_route_runs_the_rapid_review(world, answers):
    _decided(world, answers)
    _send(world, days_ago(1))
    world.case.refresh_from_db()
    assert world.case.stage == Stage.RAPID_REVIEW
    assert {"notification", "local_partners_told", "rapid_review"} <= _clocks(world)


def test_a_late_notification_needs_the_reason_in_the_same_form(world, as_user):
    _decided(world, ALL_YES, aware_days_ago=20)
    due = Deadline.objects.get(case=world.case, rule_code="notification").due_on
    with pytest.raises(
        ValidationError, match="The notification was sent after its due date: enter the"
    ) as caught:
        _send(world, due + dt.timedelta(days=1))
    assert "delay_reason" in caught.value.message_dict
    client = as_user(world.people["business_unit_officer"])
    url = reverse("notifications:sent", kwargs={"case_id": world.case.pk})
    version = str(Notification.objects.filter(case=world.case).values_list("version", flat=True).first() or 1)
    late = (due + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    missing = client.post(url, {"sent_on": late, "panel_reference": "SYN-1", "version": version})
    assert missing.status_code == 400
    assert "enter the reason for the delay" in missing.content.decode()
    assert 'value="SYN-1"' in missing.content.decode()  # typed data kept
    ok = client.post(
        url,
        {
            "sent_on": late,
            "panel_reference": "SYN-1",
            "delay_reason": "Synthetic: IT outage",
            "version": version,
        },
    )
    assert ok.status_code == 302
    assert delay_reasons_for_case(world.case) == {"notification": "Synthetic: IT outage"}
    detail = client.get(reverse("notifications:detail", kwargs={"case_id": world.case.pk})).content.decode()
    assert "Reason the notification was late" in detail and "Synthetic: IT outage" in detail


def test_an_on_time_notification_needs_no_reason(world):
    _decided(world, ALL_YES)
    _send(world, days_ago(1))
    assert delay_reasons_for_case(world.case) == {}
