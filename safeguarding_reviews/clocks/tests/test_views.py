"""Clock pages with the database: what they show, bad input (400, input kept), conflicts (409), and the
pause / approve / restart journey."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.clocks.models import AdjustmentStatus, DeadlineAdjustment, MilestoneEvent
from safeguarding_reviews.clocks.selectors import clock_settings_for
from safeguarding_reviews.working_days import services as calendar_services

from .helpers import at_now, record, started_deadline

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _friday():
    with at_now():
        yield


def test_clocks_page_lists_deadlines_for_anyone_who_sees_the_case(world, as_user):
    record(world, MilestoneEvent.LA_BECAME_AWARE, D(2026, 11, 13))
    calendar_services.bank_holiday_override_add(
        actor=world.people["platform_admin"], date=D(2026, 11, 19), kind="add", title="One-off", reason="r"
    )
    client = as_user(world.people["agency_representative"])
    page = client.get(reverse("clocks:case_clocks", kwargs={"case_id": world.case.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Notify the Panel (serious incident notification)" in html
    assert "Overdue" in html
    assert "23 November 2026" in html  # 5 working days after 13 November with the 19th a holiday
    assert "due date moved from 20 November 2026 to 23 November 2026 because the bank-holiday" in html
    assert "Give the reason for the delay" not in html  # not for agency representatives
    officer_page = as_user(world.people["business_unit_officer"]).get(
        reverse("clocks:case_clocks", kwargs={"case_id": world.case.pk})
    )
    assert "Give the reason for the delay" in officer_page.content.decode()


def test_delay_reason_bad_input_conflict_and_save(world, as_user):
    record(world, MilestoneEvent.LA_BECAME_AWARE, D(2026, 11, 13))
    deadline = started_deadline(world.case, "notification")
    url = reverse("clocks:delay_reason", kwargs={"case_id": world.case.pk, "deadline_id": deadline.pk})
    client = as_user(world.people["business_unit_officer"])
    empty = client.post(url, {"reason": "  ", "version": deadline.version})
    assert empty.status_code == 400
    assert "<title>Error: " in empty.content.decode()
    assert "Enter the reason for the delay" in empty.content.decode()
    saved = client.post(url, {"reason": "Waiting for police", "version": deadline.version})
    assert saved.status_code == 302
    stale = client.post(url, {"reason": "Mine instead", "version": deadline.version})
    assert stale.status_code == 409
    assert "Mine instead" in stale.content.decode()
    assert "Waiting for police" in stale.content.decode()
    assert AuditEvent.objects.filter(event_type=EventType.DEADLINE_DELAY_REASON).count() == 1


def test_pause_request_approve_and_restart_journey(world, as_user):
    record(world, MilestoneEvent.LA_BECAME_AWARE, D(2026, 11, 20))
    record(world, MilestoneEvent.NOTIFICATION_SENT, D(2026, 11, 26))
    deadline = started_deadline(world.case, "rapid_review")
    kwargs = {"case_id": world.case.pk, "deadline_id": deadline.pk}
    officer = as_user(world.people["business_unit_officer"])
    bad = officer.post(
        reverse("clocks:pause_request", kwargs=kwargs), {"kind": "extension", "reason": "Court"}
    )
    assert bad.status_code == 400
    assert "Enter the new due date" in bad.content.decode()
    assert "Court" in bad.content.decode()
    ok = officer.post(
        reverse("clocks:pause_request", kwargs=kwargs),
        {"kind": "pause", "reason": "Parallel criminal proceedings"},
    )
    assert ok.status_code == 302
    adjustment = DeadlineAdjustment.objects.get()
    decide = reverse("clocks:pause_decide", kwargs={"case_id": world.case.pk, "adjustment_id": adjustment.pk})
    assert officer.get(decide).status_code == 403
    manager = as_user(world.people["business_manager"])
    assert manager.post(decide, {"decision": "refuse"}).status_code == 400  # a refusal needs a reason
    assert manager.post(decide, {"decision": "approve"}).status_code == 302
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.APPROVED
    page = manager.get(reverse("clocks:case_clocks", kwargs={"case_id": world.case.pk}))
    assert "Paused" in page.content.decode()
    assert manager.post(reverse("clocks:pause_resume", kwargs=kwargs)).status_code == 302
    assert started_deadline(world.case, "rapid_review").paused_since is None


def test_manager_cannot_decide_own_request(world, as_user):
    record(world, MilestoneEvent.AGENCY_RETURNS_REQUESTED, D(2026, 11, 20))
    deadline = started_deadline(world.case, "agency_return")
    manager = as_user(world.people["business_manager"])
    manager.post(
        reverse("clocks:pause_request", kwargs={"case_id": world.case.pk, "deadline_id": deadline.pk}),
        {"kind": "pause", "reason": "x"},
    )
    adjustment = DeadlineAdjustment.objects.get()
    page = manager.get(
        reverse("clocks:pause_decide", kwargs={"case_id": world.case.pk, "adjustment_id": adjustment.pk})
    )
    assert page.status_code == 403
    assert "Someone else must decide" in page.content.decode()


def test_rebase_page(world, as_user):
    record(world, MilestoneEvent.LA_BECAME_AWARE, D(2026, 11, 20))
    manager = as_user(world.people["business_manager"])
    url = reverse("clocks:rebase", kwargs={"case_id": world.case.pk})
    bad = manager.post(url, {"rule_set": world.case.rule_set_id})
    assert bad.status_code == 400
    from safeguarding_reviews.clocks.models import RuleSet

    wt2018 = RuleSet.objects.get(code="wt2018")
    assert manager.post(url, {"rule_set": wt2018.pk, "reason": "Older case"}).status_code == 302
    world.case.refresh_from_db()
    assert world.case.rule_set_id == wt2018.pk


def test_settings_page_validates_and_detects_conflicts(world, as_user):
    manager = as_user(world.people["business_manager"])
    url = reverse("clocks:settings", kwargs={"slug": world.partnership.slug})
    page = manager.get(url)
    assert page.status_code == 200
    bad = manager.post(
        url, {"agency_return_working_days": "0", "reminder_lead_working_days": "x", "version": "1"}
    )
    assert bad.status_code == 400
    assert "<title>Error: " in bad.content.decode()
    data = {
        "rapid_review_start_event": "la_became_aware",
        "agency_return_working_days": "8",
        "reminder_lead_working_days": "3",
        "chronology_silence_days": "35",
        "print_marking": "OFFICIAL-SENSITIVE",
        "version": "1",
    }
    assert manager.post(url, data).status_code == 302
    assert clock_settings_for(world.partnership).chronology_silence_days == 35
    conflict = manager.post(url, data | {"reminder_lead_working_days": "4"})
    assert conflict.status_code == 409
    assert "What the other person changed" in conflict.content.decode()


SETTINGS = {
    "rapid_review_start_event": "",
    "agency_return_working_days": "10",
    "reminder_lead_working_days": "2",
    "chronology_silence_days": "28",
    "version": "1",
}


@pytest.mark.parametrize(
    ("marking", "error"),
    [
        ("", "Enter the protective marking, for example OFFICIAL-SENSITIVE"),
        ("   ", "Enter the protective marking, for example OFFICIAL-SENSITIVE"),
        ("X" * 61, "Protective marking must be 60 characters or fewer"),
    ],
)
def test_a_bad_print_marking_is_refused_with_the_typed_text_kept(world, as_user, marking, error):
    manager = as_user(world.people["business_manager"])
    url = reverse("clocks:settings", kwargs={"slug": world.partnership.slug})
    response = manager.post(url, SETTINGS | {"print_marking": marking})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert clock_settings_for(world.partnership).print_marking == "OFFICIAL-SENSITIVE"


def test_the_print_marking_is_saved_audited_and_printed_on_the_case_page(world, as_user):
    manager = as_user(world.people["business_manager"])
    url = reverse("clocks:settings", kwargs={"slug": world.partnership.slug})
    assert 'value="OFFICIAL-SENSITIVE"' in manager.get(url).content.decode()  # the default, pre-filled
    assert manager.post(url, SETTINGS | {"print_marking": " OFFICIAL-SENSITIVE PERSONAL "}).status_code == 302
    assert clock_settings_for(world.partnership).print_marking == "OFFICIAL-SENSITIVE PERSONAL"
    event = AuditEvent.objects.filter(event_type=EventType.CLOCK_SETTINGS_UPDATED).latest("pk")
    assert event.data["fields"] == ["print_marking"]
    assert event.data["print_marking"] == "OFFICIAL-SENSITIVE PERSONAL"
    officer = as_user(world.people["business_unit_officer"])
    case_page = officer.get(reverse("cases:detail", kwargs={"case_id": world.case.pk})).content.decode()
    assert case_page.count("OFFICIAL-SENSITIVE PERSONAL") == 2  # top and bottom of the printed page
    assert f"Case {world.case.reference} · printed 27 November 2026" in case_page
    home = officer.get(reverse("home")).content.decode()
    assert home.count(">OFFICIAL-SENSITIVE<") == 2  # outside a case: the default marking


def test_the_notification_clock_hides_and_refuses_pause_and_extend(world, as_user):
    record(world, MilestoneEvent.LA_BECAME_AWARE, D(2026, 11, 20))
    deadline = started_deadline(world.case, "notification")
    kwargs = {"case_id": world.case.pk, "deadline_id": deadline.pk}
    officer = as_user(world.people["business_unit_officer"])
    page = officer.get(reverse("clocks:case_clocks", kwargs={"case_id": world.case.pk})).content.decode()
    assert reverse("clocks:pause_request", kwargs=kwargs) not in page
    form = officer.get(reverse("clocks:pause_request", kwargs=kwargs))
    assert "cannot be paused or extended" in form.content.decode()
    assert 'name="kind"' not in form.content.decode()
    refused = officer.post(
        reverse("clocks:pause_request", kwargs=kwargs), {"kind": "pause", "reason": "Court"}
    )
    assert refused.status_code == 400
    assert not DeadlineAdjustment.objects.exists()


def test_a_rapid_review_extension_form_asks_for_the_panels_agreement(world, as_user):
    record(world, MilestoneEvent.LA_BECAME_AWARE, D(2026, 11, 20))
    record(world, MilestoneEvent.NOTIFICATION_SENT, D(2026, 11, 26))
    deadline = started_deadline(world.case, "rapid_review")
    url = reverse("clocks:pause_request", kwargs={"case_id": world.case.pk, "deadline_id": deadline.pk})
    officer = as_user(world.people["business_unit_officer"])
    data = {"kind": "extension", "reason": "Court", "new_due_on": "8/1/2027"}
    missing = officer.post(url, data)
    assert missing.status_code == 400
    assert "Enter who at the Panel agreed to the extension" in missing.content.decode()
    data |= {
        "panel_agreed_on": "25/11/2026",
        "panel_agreed_by": "Secretariat",
        "panel_reference": "P-9",
    }
    assert officer.post(url, data).status_code == 302
    assert DeadlineAdjustment.objects.get().panel_reference == "P-9"
