"""The monitoring view's exports (issue 16 item 5): the spreadsheet (one row per action with its latest
update) and the Word committee report for the quarter, both built on the task worker with their status page
polled without a Refresh header, read back; only the requester downloads; every download audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import load_workbook

from safeguarding_reviews.action_plans import exports, monitoring_services
from safeguarding_reviews.action_plans.models import ExportStatus, MonitoringExport
from safeguarding_reviews.action_plans.monitoring_selectors import MonitoringFilters
from safeguarding_reviews.action_plans.policies import PlanAccess
from safeguarding_reviews.actions.lifecycle import ActionStatus
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.reports import builders
from tests.fixtures import sign_in

from . import monitoring_data as data

pytestmark = pytest.mark.django_db
S = ActionStatus


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def plans(world):
    police = data.second_agency(world)
    rec = data.recommendation(
        world, "GPs share information with social care", themes=data.themes("supervision")
    )
    adopted = data.recommendation(world, '=HYPERLINK("http://x") thresholds are understood', case=False)
    world.actions = data.actions(
        world,
        rec,
        [
            (S.NOT_STARTED, -10, world.agency),
            (S.EVIDENCE_ACCEPTED, -40, world.agency),
            (S.IN_PROGRESS, 30, police),
        ],
    )
    world.actions += data.actions(world, adopted, [(S.IN_PROGRESS, -3, police)])
    data.update(world, world.actions[0], "Older update", days_ago=9)
    data.update(world, world.actions[0], "Audit planned for April", days_ago=2)
    return world


def _as(client, user):
    client.logout()
    sign_in(client, user)
    return client


def _ask(client, world, user, fmt, capture, **filters):
    _as(client, user)
    url = reverse("action_plans:monitoring_export_request", args=[world.partnership.slug])
    with capture(execute=True):
        response = client.post(url, {"format": fmt, **filters})
    assert response.status_code == 302, response.content[:500]
    return MonitoringExport.objects.filter(requested_by=user).order_by("-pk").first(), response


def test_the_spreadsheet_holds_one_row_per_action_with_its_latest_update(
    plans, client, django_capture_on_commit_callbacks
):
    user = plans.people["monitoring_committee_member"]
    export, response = _ask(client, plans, user, "xlsx", django_capture_on_commit_callbacks)
    assert response["Location"] == reverse(
        "action_plans:monitoring_export", args=[plans.partnership.slug, export.pk]
    )
    assert export.status == ExportStatus.DONE and export.progress_done == export.progress_total == 4
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Refresh" not in page
    assert "4 of 4 actions (100%)" in page.content.decode()
    poll = client.get(response["Location"], HTTP_ACCEPT="application/json").json()
    assert poll["finished"] and poll["status"] == "done"
    download = client.get(
        reverse("action_plans:monitoring_export_download", args=[plans.partnership.slug, export.pk])
    )
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    rows = list(workbook["Actions"].iter_rows(values_only=True))
    assert rows[0] == tuple(exports.HEADINGS)
    assert len(rows) == 5
    first = next(row for row in rows[1:] if row[7] == plans.actions[0].description)
    assert first[0] == f"Child Q ({plans.case.reference})"
    assert first[3] == "Supervision"
    assert first[9] == "Not started" and first[10] == "yes" and first[11] == 10
    assert first[14] == "Audit planned for April"  # the latest update, not the older one
    adopted = next(row for row in rows[1:] if row[0].startswith("National review"))
    assert adopted[2].startswith("'=HYPERLINK")  # a formula is escaped, never run
    about = dict(workbook["About"].iter_rows(values_only=True))
    assert about["Actions"] == 4 and about["What it holds"].startswith("All actions, as at 16 March 2026")
    (event,) = AuditEvent.objects.filter(event_type=EventType.ACTION_PLAN_EXPORTED)
    assert event.actor_id == user.pk and event.case_id is None
    assert event.data["case_ids"] == [str(plans.case.pk)] and event.data["rows"] == 4
    assert AuditEvent.objects.filter(event_type=EventType.ACTION_PLAN_EXPORT_REQUESTED).count() == 1


def test_the_spreadsheet_keeps_the_views_filters_and_what_the_person_may_see(
    plans, client, django_capture_on_commit_callbacks
):
    user = plans.people["agency_representative"]  # the hospital's: their agency's actions only
    export, _ = _ask(client, plans, user, "xlsx", django_capture_on_commit_callbacks, status="overdue")
    assert export.filters["status"] == "overdue"
    download = client.get(
        reverse("action_plans:monitoring_export_download", args=[plans.partnership.slug, export.pk])
    )
    rows = list(
        load_workbook(io.BytesIO(b"".join(download.streaming_content)))["Actions"].iter_rows(values_only=True)
    )
    assert [row[7] for row in rows[1:]] == [plans.actions[0].description]


def test_the_committee_report_is_the_partnerships_committee_report_template_with_the_quarters_figures(
    plans, client, django_capture_on_commit_callbacks
):
    user = plans.people["business_manager"]
    export, response = _ask(
        client, plans, user, "docx", django_capture_on_commit_callbacks, quarter="2026-Q1"
    )
    assert export.generation is not None
    export.refresh_from_db()
    assert export.generation.status == "done" and export.generation.case_id is None
    assert export.generation.partnership_id == plans.partnership.pk
    assert export.generation.kind == "committee_report" and export.generation.template_version == 0
    page = client.get(response["Location"])
    assert "Download the committee report (DOCX)" in page.content.decode() and "Refresh" not in page
    download = client.get(
        reverse("action_plans:monitoring_export_download", args=[plans.partnership.slug, export.pk])
    )
    assert download.status_code == 200
    text = "\n".join(
        p.text for p in WordDocument(io.BytesIO(b"".join(download.streaming_content))).paragraphs
    )
    assert "Monitoring committee: reviews under way" in text
    assert "Action plans: January to March 2026" in text
    # The quarter's actions: the not started (overdue), the accepted one, the adopted in progress (overdue).
    assert "3 actions, 2 overdue" in text
    assert f"Child Q ({plans.case.reference})" not in text or "Child Q" in text
    assert "RAG: Red" in text
    assert (
        "Alphashire Test Hospital: 2 actions, 1 open, 1 overdue (the longest by 10 days); completion rate 50%"
        in text
    )
    (event,) = AuditEvent.objects.filter(event_type=EventType.DOCUMENT_GENERATION_DOWNLOADED)
    assert (
        event.case_id is None and event.partnership_id == plans.partnership.pk and event.actor_id == user.pk
    )
    generated = AuditEvent.objects.get(event_type=EventType.DOCUMENT_GENERATED)
    assert generated.case_id is None and generated.partnership_id == plans.partnership.pk


def test_the_committee_report_context_fits_the_kind(plans):
    user = plans.people["business_unit_officer"]
    access = PlanAccess(user, plans.partnership)
    export = MonitoringExport.objects.create(
        partnership=plans.partnership,
        requested_by=user,
        format="docx",
        filters=MonitoringFilters().as_data(),
        created_at=dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON),
    )
    context = exports.committee_report_context(plans.partnership, export.pk)
    assert context is not None
    from safeguarding_reviews.reports.kinds import SPECS, TemplateKind

    assert {v.name for v in SPECS[TemplateKind.COMMITTEE_REPORT].variables} == set(context)
    reviews = {review["review_name"]: review for review in context["reviews"]}
    assert reviews["Child Q"]["rag"] == "Red" and reviews["Child Q"]["case_reference"] == plans.case.reference
    assert context["action_plans"]["total"] == 4
    assert exports.committee_report_context(plans.partnership, export.pk + 1000) is None
    assert monitoring_services.may_export(access, "docx")


def test_only_the_readers_of_every_action_may_ask_for_the_committee_report(plans, client):
    _as(client, plans.people["agency_representative"])
    url = reverse("action_plans:monitoring_export_request", args=[plans.partnership.slug])
    assert client.post(url, {"format": "docx"}).status_code == 403
    assert client.post(url, {"format": "pdf"}).status_code == 400
    assert not MonitoringExport.objects.exists()


def test_only_the_requester_sees_and_downloads_an_export(plans, client, django_capture_on_commit_callbacks):
    export, _ = _ask(
        client, plans, plans.people["business_unit_officer"], "xlsx", django_capture_on_commit_callbacks
    )
    _as(client, plans.people["business_manager"])
    slug = plans.partnership.slug
    assert client.get(reverse("action_plans:monitoring_export", args=[slug, export.pk])).status_code == 404
    assert (
        client.get(reverse("action_plans:monitoring_export_download", args=[slug, export.pk])).status_code
        == 404
    )


def test_one_spreadsheet_in_flight_per_person(plans, client):
    user = plans.people["business_unit_officer"]
    _as(client, user)
    url = reverse("action_plans:monitoring_export_request", args=[plans.partnership.slug])
    # Without running the on-commit build, the first stays queued.
    first = client.post(url, {"format": "xlsx"})
    second = client.post(url, {"format": "xlsx"})
    assert first["Location"] == second["Location"]
    assert MonitoringExport.objects.filter(requested_by=user).count() == 1
    page = client.get(second["Location"])
    body = page.content.decode()
    assert "Waiting to be built" in body and 'id="job-check-again"' in body and "data-status-url" in body
    download = reverse(
        "action_plans:monitoring_export_download",
        args=[plans.partnership.slug, first["Location"].split("/")[-2]],
    )
    assert client.get(download).status_code == 404


def test_a_build_whose_requester_lost_access_fails(plans, django_capture_on_commit_callbacks):
    user = plans.people["business_unit_officer"]
    access = PlanAccess(user, plans.partnership)
    export = monitoring_services.monitoring_export_request(
        actor=user, access=access, export_format="xlsx", filters=MonitoringFilters()
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    exports.monitoring_export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.document is None
    (event,) = AuditEvent.objects.filter(event_type=EventType.ACTION_PLAN_EXPORT_FAILED)
    assert event.data["reason"] == "no_access"
    assert exports.monitoring_export_run(export_id=export.pk) is None  # runs once


def test_the_committee_report_builder_is_registered_for_the_partnership():
    builder = builders.get(monitoring_services.COMMITTEE_REPORT_BUILDER)
    assert builder.scope == builders.PARTNERSHIP and builder.kind == "committee_report"


def test_a_spreadsheet_lost_by_its_worker_shows_as_failed_and_does_not_block_the_next(plans, client):
    user = plans.people["business_unit_officer"]
    _as(client, user)
    url = reverse("action_plans:monitoring_export_request", args=[plans.partnership.slug])
    first = client.post(url, {"format": "xlsx"})  # never built: the on-commit build is not run
    export = MonitoringExport.objects.get(requested_by=user)
    # Asked for over an hour ago (the session's own clock stays now, so nobody is signed out).
    MonitoringExport.objects.filter(pk=export.pk).update(
        created_at=export.created_at - dt.timedelta(minutes=65)
    )
    page = client.get(first["Location"]).content.decode()
    assert "Could not be built" in page and 'id="job-status" data-status="failed">' in page
    second = client.post(url, {"format": "xlsx"})
    assert second["Location"] != first["Location"]
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    (event,) = AuditEvent.objects.filter(event_type=EventType.ACTION_PLAN_EXPORT_FAILED)
    assert event.data["reason"] == "timed_out"
