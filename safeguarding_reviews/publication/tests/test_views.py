"""Publication's pages: who sees what (others 404), forms with their errors and the user's input back, the
concurrent-edit answer (409), the audit of reads and downloads, fixed query counts at two data sizes, the
business unit dashboard's held reviews and the local review's link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.dates import format_date
from safeguarding_reviews.local_reviews.services import local_review_open_statutory
from safeguarding_reviews.publication import services
from safeguarding_reviews.publication.models import PublicationDecision, PublicationFile
from safeguarding_reviews.publication.rules import long_date
from safeguarding_reviews.working_days.calculator import add_working_days
from safeguarding_reviews.working_days.selectors import statutory_non_working_days

from . import helpers as h

pytestmark = pytest.mark.django_db

READERS = [
    "business_unit_officer",
    "business_manager",
    "delegate_local_authority",
    "delegate_icb",
    "delegate_police",
    "independent_chair",
    "review_committee_member",
    "independent_reviewer",
]


def _url(world, name, **kwargs):
    return reverse(f"publication:{name}", kwargs={"case_id": world.case.pk, **kwargs})


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def case(world):
    return h.at_lcspr(world)


def test_readers_see_the_task_list_and_others_get_404(world, case, as_user):
    h.upload(world, text=h.LEAKY)
    for persona in READERS:
        response = as_user(world.people[persona]).get(_url(world, "task_list"))
        assert response.status_code == 200, persona
        assert "Findings to resolve" in response.content.decode()
    for persona in ("agency_representative", "auditor", "non_member", "other_partnership"):
        assert as_user(world.people[persona]).get(_url(world, "task_list")).status_code == 404, persona


def test_the_task_list_records_one_read_and_shows_the_rules(world, case, as_user):
    client = as_user(world.people["independent_chair"])
    before = AuditEvent.objects.count()
    page = client.get(_url(world, "task_list")).content.decode()
    events = list(AuditEvent.objects.order_by("sequence")[before:].values_list("event_type", flat=True))
    assert events == [EventType.CASE_VIEWED]
    assert "At least 7 working days before the planned publication date" in page
    assert "Ofsted" in page and "Working Together" in page


def test_every_reader_sees_the_checks_counts_never_the_words(world, case, as_user):
    h.upload(world, text=h.LEAKY)
    file_url = _url(world, "file", kind="report")
    for persona in ("business_unit_officer", "independent_chair", "review_committee_member"):
        page = as_user(world.people[persona]).get(file_url).content.decode()
        assert "3 findings, 3 to resolve" in page and "See the check" in page, persona
        assert h.KNOWN_AS not in page and h.FIRST not in page, persona


def test_an_unknown_kind_or_version_is_404(world, case, as_user):
    client = as_user(world.people["business_unit_officer"])
    assert client.get(_url(world, "file", kind="minutes")).status_code == 404
    assert client.get(_url(world, "file_download", kind="report", version=9)).status_code == 404


def test_upload_page_errors_then_a_new_version(world, case, as_user):
    client = as_user(world.people["business_unit_officer"])
    url = _url(world, "file_upload", kind="report")
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "Synthetic: first go"})
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "govuk-error-summary" in page
        and "Select the file to upload" in page
        and "Synthetic: first go" in page
    )
    response = client.post(url, {"file": h.docx(h.LEAKY), "note": ""})
    assert response.status_code == 302
    assert PublicationFile.objects.get().version == 1
    assert as_user(world.people["delegate_icb"]).post(url, {"file": h.docx(h.CLEAN)}).status_code == 403


def test_download_is_audited(world, case, as_user):
    stored = h.upload(world)
    client = as_user(world.people["review_committee_member"])
    response = client.get(_url(world, "file_download", kind="report", version=1))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None
    assert event.event_type == EventType.DOCUMENT_DOWNLOADED
    assert event.data["document_id"] == str(stored.document_id)


def test_decision_form_needs_reasons_and_answers_a_conflict_with_the_users_input(world, case, as_user):
    client = as_user(world.people["business_unit_officer"])
    url = _url(world, "decision")
    response = client.post(url, {"decision": "improvements_only", "reasons": ""})
    assert response.status_code == 400
    assert "Enter the partners&#x27; reasons" in response.content.decode()
    assert client.post(url, {"decision": "publish_report"}).status_code == 302
    decision = PublicationDecision.objects.get()
    h.decide(world, "improvements_only", "Synthetic: someone else's reasons.", expected=decision.version)
    response = client.post(
        url, {"version": decision.version, "decision": "improvements_only", "reasons": "Synthetic: mine."}
    )
    assert response.status_code == 409
    assert "Synthetic: mine." in response.content.decode()


def test_notice_too_soon_shows_the_earliest_date(world, case, as_user):
    h.signed(world)
    client = as_user(world.people["business_unit_officer"])
    today = clock.today()
    earliest = add_working_days(today, 7, non_working=statutory_non_working_days())
    response = client.post(
        _url(world, "notice"),
        {"sent_on": format_date(today), "planned_on": format_date(today + dt.timedelta(days=1))},
    )
    assert response.status_code == 400
    assert f"the earliest is {long_date(earliest)}" in response.content.decode()
    response = client.post(
        _url(world, "notice"), {"sent_on": format_date(today), "planned_on": format_date(earliest)}
    )
    assert response.status_code == 302


def test_the_notice_page_says_why_it_cannot_be_sent_yet(world, case, as_user):
    h.upload(world, text=h.LEAKY)
    h.decide(world)
    page = as_user(world.people["business_manager"]).get(_url(world, "notice")).content.decode()
    assert "The notice cannot be recorded yet" in page and "not publishable" in page


def test_record_form_shows_errors(world, case, as_user):
    client = as_user(world.people["business_unit_officer"])
    response = client.post(_url(world, "record"), {"public_url": "not an address"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the date published" in page and "not an address" in page


def test_hold_pages(world, case, as_user):
    officer = as_user(world.people["business_unit_officer"])
    response = officer.post(_url(world, "hold_add"), {"reason": "", "agreed_by": "", "review_on": ""})
    assert response.status_code == 400
    assert "Enter the role of the person who agreed the hold" in response.content.decode()
    review_on = clock.today() + dt.timedelta(days=30)
    response = officer.post(
        _url(world, "hold_add"),
        {
            "reason": "Synthetic: the trial.",
            "agreed_by": "The senior investigating officer",
            "review_on": format_date(review_on),
        },
    )
    assert response.status_code == 302
    hold = services.selectors.holds_of(case)[0]
    assert officer.get(_url(world, "hold_decide", hold_id=hold.pk)).status_code == 403
    manager = as_user(world.people["business_manager"])
    response = manager.post(_url(world, "hold_decide", hold_id=hold.pk), {"decision": "refuse", "note": ""})
    assert response.status_code == 400
    assert (
        manager.post(_url(world, "hold_decide", hold_id=hold.pk), {"decision": "approve"}).status_code == 302
    )
    page = officer.get(_url(world, "task_list")).content.decode()
    assert "Held: Synthetic: the trial." in page
    assert (
        officer.post(_url(world, "hold_lift", hold_id=hold.pk), {"version": hold.version}).status_code == 302
    )
    assert "Lifted" in officer.get(_url(world, "task_list")).content.decode()


def test_the_briefing_is_made_and_added_from_its_page(
    world, case, as_user, django_capture_on_commit_callbacks
):
    client = as_user(world.people["business_unit_officer"])
    report = services.report_for_case(case)
    assert report is not None
    assert client.post(_url(world, "briefing_generate"), {}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world, "briefing_generate"), {"version": report.version})
    assert response.status_code == 302 and "/word-documents/" in response["Location"]
    page = client.get(_url(world, "file", kind="briefing")).content.decode()
    assert "Add and check the briefing" in page
    generation = services.selectors.briefing_generation(case, report)
    assert generation is not None
    response = client.post(_url(world, "briefing_add"), {"generation": str(generation.pk)})
    assert response.status_code == 302
    assert PublicationFile.objects.get(kind="briefing").source == "generated"


def test_pages_cost_the_same_queries_with_more_data(world, case, as_user):
    client = as_user(world.people["business_manager"])
    for kind in ("report", "improvements", "briefing"):
        h.upload(world, kind=kind, text=h.LEAKY)
    h.decide(world)
    urls = [_url(world, "task_list"), _url(world, "file", kind="report")]
    before = [_count(client, url) for url in urls]
    for _ in range(3):
        h.upload(world)
        h.upload(world, kind="improvements")
    services.hold_request(
        actor=h.officer(world),
        case=case,
        process_id=None,
        reason="Synthetic.",
        agreed_by="Synthetic role",
        review_on=clock.today() + dt.timedelta(days=5),
    )
    assert [_count(client, url) for url in urls] == before


def test_the_dashboard_lists_held_reviews_in_fixed_queries(world, case, as_user):
    client = as_user(world.people["business_manager"])
    url = reverse("business_unit_dashboard")
    assert "No review is held from publication" in client.get(url).content.decode()
    hold = services.hold_request(
        actor=h.officer(world),
        case=case,
        process_id=None,
        reason="Synthetic: the inquest.",
        agreed_by="The coroner",
        review_on=clock.today() + dt.timedelta(days=20),
    )
    before = _count(client, url)
    services.hold_decide(actor=world.people["business_manager"], case=case, hold=hold, approve=True)
    page = client.get(url).content.decode()
    assert "Synthetic: the inquest." in page and long_date(hold.review_on) in page
    assert _count(client, url) == before


def test_the_local_review_links_to_publication(world, case, as_user):
    local_review_open_statutory(actor=h.officer(world), case=case, initiated_on=clock.today())
    page = (
        as_user(world.people["business_unit_officer"])
        .get(reverse("local_reviews:task_list", kwargs={"case_id": case.pk}))
        .content.decode()
    )
    assert _url(world, "task_list") in page
