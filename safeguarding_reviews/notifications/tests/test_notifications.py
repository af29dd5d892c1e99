"""The notification to the Panel: the record, its clocks, attachments, and the summary downloads."""

from __future__ import annotations

import io
import subprocess

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import Deadline, Milestone, MilestoneEvent
from safeguarding_reviews.clocks.selectors import deadline_for
from safeguarding_reviews.clocks.tests.helpers import started_deadline
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.notifications.models import Notification, NotificationChild
from safeguarding_reviews.screening.tests.steps import days_ago, to_notification

from .steps import add_child, start_notification


def _url(name, case, **kwargs):
    return reverse(f"notifications:{name}", kwargs={"case_id": case.pk, **kwargs})


def _date(d):
    return d.strftime("%d/%m/%Y")


def _edit_post(notification, child_ids, **overrides):
    data = {
        "category": "serious_harm",
        "children": [str(pk) for pk in child_ids],
        "incident_place": "Family home",
        "incident_date": _date(days_ago(5)),
        "incident_time": "14:30",
        "outline": "Synthetic outline.",
        "further_information": "",
        "version": str(notification.version),
    }
    data.update(overrides)
    return data


def test_a_fifth_child_is_a_field_error_and_saves_nothing(world, as_user):
    notification = start_notification(world, world.case, children=5)
    assert notification.children.count() == 4
    all_five = [s.pk for s in world.case.subjects.order_by("order")]
    client = as_user(world.people["business_unit_officer"])
    response = client.post(_url("edit", world.case), _edit_post(notification, all_five, outline="Changed"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "A notification names up to 4 children" in body
    assert 'value="Family home"' in body  # input kept
    notification.refresh_from_db()
    assert notification.outline == "Synthetic outline about Child A." and notification.children.count() == 4


def test_edit_saves_details_children_and_time(world, as_user):
    notification = start_notification(world, world.case, children=2)
    first = world.case.subjects.order_by("order").first()
    client = as_user(world.people["delegate_local_authority"])
    response = client.post(_url("edit", world.case), _edit_post(notification, [first.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.incident_time is not None and notification.incident_time.strftime("%H:%M") == "14:30"
    assert list(notification.children.values_list("subject_id", flat=True)) == [first.pk]
    event = AuditEvent.objects.filter(event_type=EventType.NOTIFICATION_UPDATED).last()
    assert event is not None
    assert "Synthetic" not in str(event.data)


def test_edit_needs_a_decision_to_notify(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    page = client.get(_url("edit", world.case))
    assert page.status_code == 200
    assert "has not decided to notify the Panel" in page.content.decode()
    child = add_child(world, world.case, 1)
    response = client.post(_url("edit", world.case), _edit_post(Notification(version=1), [child.pk]))
    assert response.status_code == 400
    assert not Notification.objects.exists()


def test_only_the_business_unit_and_la_delegate_edit(world, as_user):
    start_notification(world, world.case)
    for persona in ("delegate_icb", "delegate_police", "independent_chair", "auditor"):
        client = as_user(world.people[persona])
        assert client.get(_url("detail", world.case)).status_code == 200
        assert client.get(_url("edit", world.case)).status_code == 403
        assert client.post(_url("sent", world.case), {}).status_code == 403
    assert as_user(world.people["agency_representative"]).get(_url("detail", world.case)).status_code == 403


def test_child_details(world, as_user):
    notification = start_notification(world, world.case)
    child = notification.children.get()
    client = as_user(world.people["business_unit_officer"])
    url = _url("child", world.case, subject_id=child.subject_id)
    assert client.post(url, {"version": "1"}).status_code == 400
    data = {
        "looked_after": "yes",
        "placement_type": "Foster care",
        "child_in_need_plan": "no",
        "child_protection_plan": "yes",
        "known_to_agencies": "yes",
        "health": "",
        "home_area": "Alphashire",
        "version": "1",
    }
    assert client.post(url, data).status_code == 302
    child.refresh_from_db()
    assert child.placement_type == "Foster care" and child.child_protection_plan == "yes"
    other = add_child(world, world.case, 9)
    assert client.get(_url("child", world.case, subject_id=other.pk)).status_code == 404


def test_sent_date_before_the_decision_is_a_field_error(world, as_user):
    notification = start_notification(world, world.case)
    client = as_user(world.people["business_unit_officer"])
    response = client.post(
        _url("sent", world.case),
        {"sent_on": _date(days_ago(4)), "panel_reference": "", "version": notification.version},
    )
    assert response.status_code == 400
    assert "cannot be before the decision to notify" in response.content.decode()
    notification.refresh_from_db()
    assert notification.sent_on is None
    assert not Milestone.objects.filter(case=world.case, event=MilestoneEvent.NOTIFICATION_SENT).exists()
    world.case.refresh_from_db()
    assert world.case.stage == Stage.NOTIFICATION


def test_sent_stops_the_notification_clock_and_starts_the_rapid_review(world, as_user):
    notification = start_notification(world, world.case)
    assert deadline_for(world.case, "notification") is not None
    client = as_user(world.people["delegate_local_authority"])
    response = client.post(
        _url("sent", world.case),
        {"sent_on": _date(days_ago(1)), "panel_reference": "SIN-12345", "version": notification.version},
    )
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.sent_on == days_ago(1) and notification.panel_reference == "SIN-12345"
    world.case.refresh_from_db()
    assert world.case.stage == Stage.RAPID_REVIEW
    assert started_deadline(world.case, "notification").met_on == days_ago(1)
    assert Deadline.objects.filter(case=world.case, rule_code="rapid_review").exists()


def test_local_partners_told(world, as_user):
    notification = start_notification(world, world.case)
    client = as_user(world.people["business_unit_officer"])
    response = client.post(
        _url("partners_told", world.case),
        {"local_partners_told_on": _date(days_ago(10)), "version": notification.version},
    )
    assert response.status_code == 400  # before the local authority became aware
    response = client.post(
        _url("partners_told", world.case),
        {"local_partners_told_on": _date(days_ago(1)), "version": notification.version},
    )
    assert response.status_code == 302
    assert Milestone.objects.get(
        case=world.case, event=MilestoneEvent.LOCAL_PARTNERS_TOLD
    ).occurred_on == days_ago(1)


def test_conflicting_edit_is_409(world, as_user):
    notification = start_notification(world, world.case)
    client = as_user(world.people["business_unit_officer"])
    response = client.post(
        _url("sent", world.case),
        {"sent_on": _date(days_ago(1)), "panel_reference": "X", "version": notification.version - 1 or 99},
    )
    assert response.status_code == 409


def test_executable_renamed_pdf_is_refused_with_the_stores_message(world, as_user):
    start_notification(world, world.case)
    client = as_user(world.people["business_unit_officer"])
    exe = SimpleUploadedFile(
        "report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf"
    )
    response = client.post(_url("attachments", world.case), {"file": exe})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-message" in body and "<title>Error: " in body
    assert not Document.objects.exists()
    pdf = SimpleUploadedFile(
        "letter.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )
    response = client.post(_url("attachments", world.case), {"file": pdf})
    assert response.status_code == 302
    assert Document.objects.get().purpose == "notification"


# --- the summary --------------------------------------------------------------------------------------


@pytest.fixture
def notified(world):
    start_notification(world, world.case, children=2)
    return world


def _pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_pdf_summary_follows_the_national_form_and_shows_identity_to_the_business_unit(notified, as_user):
    client = as_user(notified.people["business_unit_officer"])
    response = client.get(_url("summary_pdf", notified.case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    text = _pdf_text(response.content)
    order = [
        "1. Notifier",
        "2. Category of notification",
        "3.1 Child 1 of 2",
        "3.2 Child 2 of 2",
        "4. The incident",
        "5. Case outline",
        "6. Further information",
        "7. Attachments",
    ]
    positions = [text.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Serious harm" in text and "Family home, Alphashire" in text
    assert "Testchild" in text and "Person1" in text and "Testy1" in text and "Child A" in text
    assert "1 Example Street, Testtown, TT1 1AA" in text
    events = list(AuditEvent.objects.filter(case_id=notified.case.pk).order_by("-sequence")[:2])
    types = {e.event_type for e in events}
    assert EventType.NOTIFICATION_SUMMARY_DOWNLOADED in types and EventType.IDENTITY_VIEWED in types
    assert "Testchild" not in str([e.data for e in events])


def test_summary_without_identity_for_the_chair(notified, as_user):
    client = as_user(notified.people["independent_chair"])
    response = client.get(_url("summary_pdf", notified.case))
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "Testchild" not in text and "Example Street" not in text
    assert "Child A" in text
    assert "Identity details are not included" in text
    last = AuditEvent.objects.order_by("-sequence").first()
    assert last is not None
    assert last.event_type == EventType.NOTIFICATION_SUMMARY_DOWNLOADED
    assert last.data == {"format": "pdf", "identity_included": False}


def test_docx_summary_reads_back(notified, as_user):
    client = as_user(notified.people["delegate_local_authority"])
    response = client.get(_url("summary_docx", notified.case))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{notified.case.reference}-notification-summary.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings[1:4] == ["1. Notifier", "2. Category of notification", "3.1 Child 1 of 2"]
    cells = {row.cells[0].text: row.cells[1].text for table in document.tables for row in table.rows}
    assert cells["Category"] == "Serious harm"
    # The LA delegate may see identity; the last child wins in the dict.
    assert (cells["First names"], cells["Last name"], cells["Other names used"]) == (
        "Testchild",
        "Person2",
        "Testy2",
    )
    assert cells["Address"] == "2 Example Street, Testtown, TT1 1AA"
    assert cells["Location"] == "Family home, Alphashire"


def test_no_summary_before_a_notification_exists(world, as_user):
    to_notification(world, world.case)
    assert (
        as_user(world.people["business_unit_officer"]).get(_url("summary_pdf", world.case)).status_code == 404
    )


def test_detail_page(notified, as_user):
    page = as_user(notified.people["business_unit_officer"]).get(_url("detail", notified.case))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Child A" in body and "Testchild" not in body
    assert NotificationChild.objects.count() == 2
