"""The local review's pages: the task list shows the plan with RAG, each part's status and the active
constraints with the steps they block; forms give field errors with the typed data back, a stale save is a
409; readers see no forms; fixed query counts at two data sizes; the constraint form on the register."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.local_reviews import services
from safeguarding_reviews.local_reviews.models import LocalReview, PlanTarget
from safeguarding_reviews.local_reviews.selectors import national_method
from safeguarding_reviews.parallel_processes import services as register
from safeguarding_reviews.parallel_processes.models import ProcessConstraint

from .helpers import agree_method, agree_terms, open_review, write_terms

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _url(name, world, **kwargs):
    return reverse(f"local_reviews:{name}", kwargs={"case_id": world.case.pk, **kwargs})


def _process(world):
    return register.parallel_process_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        values={
            "kind": "coroner",
            "status": "under_way",
            "led_by": "",
            "reference": "",
            "notes": "",
            "started_on": None,
            "next_date": None,
            "concluded_on": None,
        },
    )


def test_a_case_without_a_review_says_so_and_offers_a_learning_review_to_the_business_manager(world, as_user):
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.DECISION)
    text = as_user(world.people["business_manager"]).get(_url("task_list", world)).content.decode()
    assert "This case has no local review" in text and "Start a local learning review" in text
    text = as_user(world.people["business_unit_officer"]).get(_url("task_list", world)).content.decode()
    assert "Start a local learning review" not in text
    client = as_user(world.people["business_manager"])
    response = client.post(_url("start", world), {"initiated_on": "32/13/2026"})
    assert response.status_code == 400
    assert "32/13/2026" in response.content.decode()
    response = client.post(_url("start", world), {"initiated_on": "16/03/2026"})
    assert response.status_code == 302
    review = LocalReview.objects.get(case=world.case)
    assert review.kind == "local_learning"
    text = client.get(_url("task_list", world)).content.decode()
    assert "not a statutory LCSPR" in text


def test_the_task_list_shows_the_plan_statuses_and_the_constraints_blocking_steps(world, as_user):
    review = open_review(world)
    agree_terms(world, write_terms(world, review))
    agree_method(world, review)
    process = _process(world)
    register.process_constraint_add(
        actor=world.people["business_unit_officer"],
        process=process,
        blocks="family_contact",
        reason="No contact with the family until the inquest",
    )
    register.process_constraint_add(
        actor=world.people["business_unit_officer"],
        process=process,
        blocks="practitioner_event",
        reason="No interviews before the inquest",
    )
    response = as_user(world.people["delegate_icb"]).get(_url("task_list", world))
    text = response.content.decode()
    assert response.status_code == 200
    assert "No contact with the family until the inquest" in text
    assert "Cannot be marked achieved: Practitioner event and interviews is blocked" in text
    assert "Blocked" in text and "Terms of reference agreed" in text and "Overdue" not in text
    assert "Independent reviewer" in text
    assert "(change)" not in text  # a reader gets no change links
    # The family contact page shows the reason and no form; a POST is refused with it.
    client = as_user(world.people["business_unit_officer"])
    text = client.get(_url("family_contact", world)).content.decode()
    assert "cannot be recorded now" in text and "Record contact" not in text
    response = client.post(
        _url("family_contact", world), {"contacted_on": "16/03/2026", "summary": "Synthetic."}
    )
    assert response.status_code == 400
    assert "until the inquest" in response.content.decode()
    # The practitioner event cannot be marked achieved either.
    target = PlanTarget.objects.get(review=review, target="practitioner_event")
    response = client.post(
        _url("target", world, target_id=target.pk),
        {
            "due_on": target.due_on.strftime("%d/%m/%Y"),
            "achieved_on": "16/03/2026",
            "version": target.version,
        },
    )
    assert response.status_code == 400
    assert "No interviews before the inquest" in response.content.decode()


def test_a_stale_target_save_is_a_conflict_with_the_typed_data_back(world, as_user):
    review = open_review(world)
    target = PlanTarget.objects.get(review=review, target="terms_agreed")
    services.plan_target_update(
        actor=world.people["business_manager"],
        target=target,
        expected_version=1,
        due_on=dt.date(2026, 4, 6),
        achieved_on=None,
    )
    client = as_user(world.people["business_unit_officer"])
    response = client.post(
        _url("target", world, target_id=target.pk),
        {"due_on": "20/04/2026", "achieved_on": "", "version": "1"},
    )
    assert response.status_code == 409
    assert "20/04/2026" in response.content.decode()
    response = client.post(
        _url("target", world, target_id=target.pk),
        {"due_on": "not a date", "achieved_on": "", "version": "2"},
    )
    assert response.status_code == 400 and "Target date must be a real date" in response.content.decode()


def test_terms_pages_make_versions_and_record_agreement(world, as_user):
    open_review(world)
    client = as_user(world.people["business_unit_officer"])
    data = {
        "scope_from": "01/02/2026",
        "scope_to": "01/01/2026",
        "lines_of_enquiry": "Information sharing\n\nThe child's voice",
        "agency_ids": [str(world.agency.pk)],
        "child_perspective": "Synthetic.",
        "family_context": "Synthetic.",
        "proportionality": "Synthetic.",
        "version": "0",
    }
    response = client.post(_url("terms_edit", world), data)
    assert response.status_code == 400
    assert "The end of the scope period must be the same as or after its start" in response.content.decode()
    assert "Information sharing" in response.content.decode()
    response = client.post(
        _url("terms_edit", world), data | {"agency_ids": ["999999"], "scope_to": "01/03/2026"}
    )
    assert response.status_code == 400
    assert client.post(_url("terms_edit", world), data | {"scope_to": "01/03/2026"}).status_code == 302
    # The same form sent again from version 0 meets version 1: a conflict, the typed data kept.
    response = client.post(_url("terms_edit", world), data | {"scope_to": "02/03/2026"})
    assert response.status_code == 409 and "02/03/2026" in response.content.decode()
    agreement = {"agreed_on": "16/03/2026", "meeting": "LCPC March", "members_present": "Member A"}
    assert client.post(_url("terms_agreement", world, number=1), agreement).status_code == 302
    assert (
        client.post(_url("terms_edit", world), data | {"scope_to": "02/03/2026", "version": "1"}).status_code
        == 302
    )
    text = client.get(_url("terms", world)).content.decode()
    assert "Version 2" in text and "Not agreed" in text and "Earlier versions" in text
    text = client.get(_url("terms_version", world, number=1)).content.decode()
    assert "an earlier version" in text and "LCPC March" in text
    assert client.get(_url("terms_version", world, number=9)).status_code == 404


def test_methodology_and_progress_pages(world, as_user):
    review = open_review(world)
    client = as_user(world.people["business_unit_officer"])
    data = {
        "method": str(national_method("other").pk),
        "other_description": "",
        "analysis_rationale": "A",
        "participation_rationale": "B",
    }
    response = client.post(_url("methodology", world), data | {"version": "0"})
    assert response.status_code == 400 and "Other needs a description" in response.content.decode()
    silp = str(national_method("silp").pk)
    assert client.post(_url("methodology", world), data | {"method": silp, "version": "0"}).status_code == 302
    text = client.get(_url("methodology", world)).content.decode()
    assert "The LCPC must agree the terms of reference first" in text
    agree_terms(world, write_terms(world, review))
    agreement = {"agreed_on": "16/03/2026", "meeting": "LCPC", "members_present": "Member A", "version": "1"}
    assert client.post(_url("methodology_agreement", world), agreement).status_code == 302
    assert "Agreed on 16 March 2026" in client.get(_url("methodology", world)).content.decode()
    response = client.post(_url("progress", world), {"held_on": "16/03/2026", "quality_comments": ""})
    assert response.status_code == 400 and "Enter the comments on quality" in response.content.decode()
    response = client.post(
        _url("progress", world), {"held_on": "16/03/2026", "quality_comments": "Synthetic: thorough."}
    )
    assert response.status_code == 302
    text = as_user(world.people["auditor"]).get(_url("progress", world)).content.decode()
    assert "Synthetic: thorough." in text and "On plan" in text and "Record progress review" not in text


def test_the_register_offers_the_constraint_form_and_lifting(world, as_user):
    process = _process(world)
    client = as_user(world.people["business_unit_officer"])
    url = reverse(
        "parallel_processes:constraint_add", kwargs={"case_id": world.case.pk, "process_id": process.pk}
    )
    response = client.post(url, {"blocks": "publication", "reason": ""})
    assert response.status_code == 400 and "Enter the reason for the constraint" in response.content.decode()
    assert client.post(url, {"blocks": "publication", "reason": "Not before the trial"}).status_code == 302
    constraint = ProcessConstraint.objects.get()
    text = client.get(
        reverse("parallel_processes:register", kwargs={"case_id": world.case.pk})
    ).content.decode()
    assert "Not before the trial" in text and "Active" in text
    lift = reverse(
        "parallel_processes:constraint_lift",
        kwargs={"case_id": world.case.pk, "process_id": process.pk, "constraint_id": constraint.pk},
    )
    assert client.post(lift, {"lifted_on": "17/03/2026"}).status_code == 400
    assert client.post(lift, {"lifted_on": "16/03/2026"}).status_code == 302
    constraint.refresh_from_db()
    assert constraint.lifted_on == TODAY


def _grow(world, review, n):
    officer = world.people["business_unit_officer"]
    process = _process(world)
    current = review.terms.order_by("-version").first()
    for i in range(n):
        current = write_terms(world, review, expected_version=current.version if current else 0)
        services.progress_review_record(
            actor=officer, review=review, held_on=TODAY, quality_comments=f"Synthetic {i}.", actions_agreed=""
        )
        register.process_constraint_add(
            actor=officer, process=process, blocks="publication", reason=f"Reason {i}"
        )


@pytest.mark.parametrize("name", ["task_list", "terms", "progress", "family_contact", "methodology"])
def test_the_review_pages_run_the_same_queries_at_two_sizes(world, as_user, name):
    review = open_review(world)
    client = as_user(world.people["business_unit_officer"])
    url = _url(name, world)
    client.get(url)
    _grow(world, review, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, review, 15)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_case_page_links_to_the_local_review_from_the_lcspr_stage(world, as_user):
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.LCSPR)
    open_review(world)
    text = (
        as_user(world.people["delegate_police"])
        .get(reverse("cases:detail", args=[world.case.pk]))
        .content.decode()
    )
    assert _url("task_list", world) in text
