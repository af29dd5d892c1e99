"""The action plan pages: an agency representative reads and updates their agency's actions on a case without
gaining any other page of it, another agency's representative gets 404, forms keep what was typed and refuse
stale saves, the case's plan takes the final report's recommendations in, and the lists, the agenda and the
detail pages run a fixed number of queries at two data sizes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.action_plans import services
from safeguarding_reviews.action_plans.models import Recommendation
from safeguarding_reviews.actions.models import CaseAction
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.core.clock import LONDON
from tests.fixtures import sign_in

from .helpers import final_report_with, other_agency_rep

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def plan(world):
    final_report_with(world)
    world.recommendations = services.recommendations_take_in(
        actor=world.people["business_unit_officer"], case=world.case
    )
    world.slug = world.partnership.slug
    return world


def _add(
    world: Any, recommendation: Recommendation, agency: Any = None, n: int = 0, due: int = 30
) -> CaseAction:
    return services.plan_action_add(
        actor=world.people["business_unit_officer"],
        recommendation=recommendation,
        fields=services.ActionFields(
            description=f"Synthetic action {n}",
            owner_agency_id=(agency or world.agency).pk,
            due_on=dt.date(2026, 3, 16) + dt.timedelta(days=due),
            owner_role="Lead",
        ),
    )


def _url(name: str, world: Any, *args: Any) -> str:
    return reverse(f"action_plans:{name}", args=[world.slug, *args])


def test_case_plan_takes_the_recommendations_in(world, client):
    final_report_with(world)
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("action_plans:case_plan", args=[world.case.pk])
    page = client.get(url).content.decode()
    assert "3 recommendations or learning points not in the plan yet" in page
    assert client.post(url).status_code == 302
    page = client.get(url).content.decode()
    assert (
        "Synthetic recommendation 3" in page
        and "Every recommendation and learning point is in the plan" in page
    )
    assert Recommendation.objects.filter(case=world.case).count() == 3


def test_agency_representative_works_on_their_actions_without_the_case(plan, client):
    mine = _add(plan, plan.recommendations[1])
    theirs = _add(plan, plan.recommendations[1], agency=plan.other_agency, n=1)
    # A representative of the first agency who is not named on the case: the case's pages stay 404.
    rep = plan.people["agency_representative"]
    from safeguarding_reviews.cases.models import CaseMembership

    CaseMembership.objects.filter(case=plan.case, user=rep).update(ended_at=plan.case.created_at)
    sign_in(client, rep)
    assert client.get(reverse("cases:detail", args=[plan.case.pk])).status_code == 404
    assert client.get(reverse("action_plans:case_plan", args=[plan.case.pk])).status_code == 404
    listing = client.get(_url("actions", plan)).content.decode()
    assert "Synthetic action 0" in listing and "Synthetic action 1" not in listing
    assert client.get(_url("action", plan, mine.pk)).status_code == 200
    assert client.get(_url("action", plan, theirs.pk)).status_code == 404
    update = client.post(
        _url("action_update", plan, mine.pk),
        {"version": "1", "happened_on": "16/03/2026", "text": "Started the audit", "status": "in_progress"},
    )
    assert update.status_code == 302
    upload = client.post(
        _url("evidence_add", plan, mine.pk),
        {"upload": SimpleUploadedFile("audit.pdf", PDF, content_type="application/pdf"), "kind": "audit"},
    )
    assert upload.status_code == 302
    evidence = mine.evidence.get()
    download = client.get(_url("evidence_download", plan, mine.pk, evidence.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    # The other agency's representative: 404 on every page of the first agency's action.
    stranger = other_agency_rep(plan)
    sign_in(client, stranger)
    for name, args in [
        ("action", [mine.pk]),
        ("action_update", [mine.pk]),
        ("evidence_add", [mine.pk]),
        ("evidence_download", [mine.pk, evidence.pk]),
        ("withdrawal_request", [mine.pk]),
    ]:
        assert client.get(_url(name, plan, *args)).status_code == 404, name
    assert client.get(_url("action", plan, theirs.pk)).status_code == 200
    reads = AuditEvent.objects.filter(event_type=EventType.ACTION_PLAN_VIEWED, actor=rep)
    assert reads.exists() and all(event.case_id is None for event in reads)
    assert all(str(plan.case.pk) in event.data["case_ids"] for event in reads)


def test_forms_keep_what_was_typed_and_refuse_stale_saves(plan, client):
    action = _add(plan, plan.recommendations[0])
    sign_in(client, plan.people["agency_representative"])
    url = _url("action_update", plan, action.pk)
    bad = client.post(url, {"version": "1", "happened_on": "31/02/2026", "text": "Kept text"})
    body = bad.content.decode()
    assert bad.status_code == 400 and "Date of the update must be a real date" in body and "Kept text" in body
    assert "govuk-error-summary" in body
    assert client.post(url, {"version": "1", "happened_on": "16/03/2026", "text": "First"}).status_code == 302
    stale = client.post(url, {"version": "1", "happened_on": "16/03/2026", "text": "Mine"})
    assert stale.status_code == 409 and "Mine" in stale.content.decode()
    complete = _url("action_complete", plan, action.pk)
    future = client.post(complete, {"version": "2", "completed_on": "17/03/2026"})
    assert future.status_code == 400 and "today or in the past" in future.content.decode()
    add = client.post(_url("action_add", plan, plan.recommendations[1].pk), {"description": "Kept action"})
    text = add.content.decode()
    assert add.status_code == 400 and "Kept action" in text and "Enter the due date" in text


def test_close_and_impact_pages(plan, client):
    recommendation = plan.recommendations[0]
    action = _add(plan, recommendation)
    sign_in(client, plan.people["monitoring_committee_member"])
    refused = client.post(
        _url("recommendation_close", plan, recommendation.pk),
        {"version": "1", "meeting": "Committee", "decided_on": "16/03/2026"},
    )
    assert refused.status_code == 400 and "1 action is not yet" in refused.content.decode()
    CaseAction.objects.filter(pk=action.pk).update(status="evidence_accepted")
    closed = client.post(
        _url("recommendation_close", plan, recommendation.pk),
        {"version": "1", "meeting": "Committee", "decided_on": "16/03/2026"},
    )
    assert closed.status_code == 302
    page = client.get(_url("recommendation", plan, recommendation.pk)).content.decode()
    assert "Closed by the committee (Committee) on 16 March 2026" in page and "Due 16 December 2026" in page
    impact = _url("impact_check", plan, recommendation.pk)
    missing = client.post(
        impact,
        {
            "version": "1",
            "what_changed": "None",
            "evidence": "Audit",
            "result": "not_shown",
            "reason": "No change",
        },
    )
    assert missing.status_code == 400 and "enter the new action" in missing.content.decode()
    done = client.post(
        impact,
        {
            "version": "1",
            "what_changed": "None",
            "evidence": "Audit",
            "result": "not_shown",
            "reason": "No change",
            "description": "Joint training",
            "owner_agency_id": str(plan.agency.pk),
            "owner_role": "Training lead",
            "due_on": "30/06/2026",
        },
    )
    assert done.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "open" and recommendation.reopened_count == 1


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def _grow(world: Any, n: int, start: int) -> None:
    """`n` more actions, every other one overdue and escalated, each with an update."""
    for i in range(start, start + n):
        recommendation = world.recommendations[i % len(world.recommendations)]
        action = _add(world, recommendation, n=i, due=-5 if i % 2 else 20)
        services.plan_action_update(
            actor=world.people["business_unit_officer"],
            action=action,
            expected_version=1,
            happened_on=dt.date(2026, 3, 16),
            text="Synthetic",
        )
        if i % 2:
            from safeguarding_reviews.action_plans.models import ActionChase
            from safeguarding_reviews.core import clock

            ActionChase.objects.create(
                action=action,
                step="safeguarding_lead",
                due_on=action.due_on,
                chased_at=clock.now(),
                chased_on=clock.today(),
            )


@pytest.mark.parametrize(
    "persona", ["business_unit_officer", "monitoring_committee_member", "agency_representative"]
)
def test_lists_and_pages_run_fixed_queries(plan, client, persona):
    _grow(plan, 2, 0)
    sign_in(client, plan.people[persona])
    first = CaseAction.objects.order_by("pk").first()
    assert first is not None
    urls = [
        _url("index", plan),
        _url("actions", plan),
        _url("actions", plan) + "?status=overdue",
        _url("recommendation", plan, plan.recommendations[0].pk),
        _url("action", plan, first.pk),
    ]
    if persona != "agency_representative":
        urls.append(_url("agenda", plan))
    small = [_count(client, url) for url in urls]
    _grow(plan, 12, 2)
    assert [_count(client, url) for url in urls] == small


def test_a_business_manager_grants_the_monitoring_committee_role(world, client):
    """The people pages offer the new role like any other (organisations' roles form reads Role)."""
    sign_in(client, world.people["business_manager"])
    page = client.get(reverse("organisations:invite", args=[world.partnership.slug])).content.decode()
    assert "Monitoring committee member" in page
