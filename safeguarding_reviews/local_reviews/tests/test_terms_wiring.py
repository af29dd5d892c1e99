"""The terms of reference wired to the generic apps: the signable kind (current version, drafters, no reads,
superseded by a new version), the sign-off state on the pages and the task list, and the Word export through
reports.DocumentGeneration (end to end on the immediate task backend, failures, the audited download, who may
export and download, fixed queries)."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.local_reviews import wiring
from safeguarding_reviews.reports import builders
from safeguarding_reviews.reports import services as report_services
from safeguarding_reviews.reports.kinds import terms_of_reference_sample
from safeguarding_reviews.reports.models import DocumentGeneration, GenerationStatus
from safeguarding_reviews.signoffs import services as signoff_services
from safeguarding_reviews.signoffs import signable
from safeguarding_reviews.signoffs.selectors import (
    document_signed_off,
    document_signoff_state,
    document_standing_signoffs,
)

from .helpers import agree_terms, open_review, write_terms

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)
DELEGATES = {
    "local_authority": "delegate_local_authority",
    "icb": "delegate_icb",
    "police": "delegate_police",
}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _sign(world, partner, *, agrees=True):
    current = wiring.terms_signable(world.case)
    assert current is not None
    return signoff_services.document_signoff_give(
        user=world.people[DELEGATES[partner]],
        case=world.case,
        kind=wiring.TERMS_KIND,
        partner=partner,
        agrees=agrees,
        comments="" if agrees else "Synthetic: the scope is too narrow.",
        version=current.version,
        sha256=current.sha256,
    )


def _export(world, terms, user="business_unit_officer"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = report_services.document_generation_request(
            user=world.people[user],
            case=world.case,
            kind=wiring.TERMS_KIND,
            subject_id=terms.pk,
            subject_version=terms.version,
            context_builder_name=wiring.TERMS_BUILDER,
        )
    job.refresh_from_db()
    return job


def _url(name, world, **kwargs):
    return reverse(name, kwargs={"case_id": world.case.pk, **kwargs})


# --- the signable kind ------------------------------------------------------------------------------------


def test_the_kind_is_registered_at_ready():
    kind = signable.get("terms_of_reference")
    assert kind is wiring.SIGNABLE and kind.label == "Terms of reference"
    assert builders.get("terms_of_reference") is wiring.BUILDER


def test_current_is_none_without_terms_and_names_the_version_without_recording_reads(world):
    assert wiring.terms_signable(world.case) is None
    review = open_review(world)
    assert wiring.terms_signable(world.case) is None
    terms = write_terms(world, review)
    before = AuditEvent.objects.count()
    current = wiring.terms_signable(world.case)
    assert AuditEvent.objects.count() == before
    assert current is not None
    assert (current.document_id, current.version, current.title) == (
        review.pk,
        1,
        "Terms of reference version 1",
    )
    assert current.drafted_by == frozenset({world.people["business_unit_officer"].pk})
    assert current.url == _url("local_reviews:terms_version", world, number=1)
    assert current.download_url is None
    job = _export(world, terms)
    again = wiring.terms_signable(world.case)
    assert again is not None
    assert again.download_url == _url("reports:document_generation_download", world, job_id=job.pk)


def test_a_drafter_may_not_sign(world):
    review = open_review(world)
    write_terms(world, review)
    state = document_signoff_state(case=world.case, kind=wiring.SIGNABLE)
    refusal = signoff_services.document_signer_refusal(
        user=world.people["business_unit_officer"], case=world.case, state=state, partner="icb"
    )
    assert refusal


def test_a_new_version_supersedes_the_standing_signoffs_in_its_transaction(world):
    review = open_review(world)
    terms = write_terms(world, review)
    for partner in DELEGATES:
        _sign(world, partner)
    assert document_signed_off(case=world.case, kind=wiring.TERMS_KIND)
    write_terms(world, review, expected_version=terms.version, proportionality="Synthetic: narrower.")
    assert document_standing_signoffs(case=world.case, kind=wiring.TERMS_KIND) == {}
    assert not document_signed_off(case=world.case, kind=wiring.TERMS_KIND)
    event = AuditEvent.objects.get(event_type=EventType.DOCUMENT_SIGNOFF_SUPERSEDED)
    assert event.data["count"] == 3 and event.data["document_id"] == review.pk


# --- the pages --------------------------------------------------------------------------------------------


def test_the_task_list_row_needs_both_the_lcpc_and_the_three_partners(world, as_user):
    review = open_review(world)
    terms = write_terms(world, review)
    client = as_user(world.people["business_unit_officer"])
    text = client.get(_url("local_reviews:task_list", world)).content.decode()
    assert "Not yet agreed by the LCPC or signed by the three partners" in text
    assert "Police outstanding" in text
    agree_terms(world, terms)
    for partner in ("local_authority", "icb"):
        _sign(world, partner)
    text = client.get(_url("local_reviews:task_list", world)).content.decode()
    assert "Agreed by the LCPC, not yet signed by the three partners" in text
    assert "Integrated care board signed" in text and "Police outstanding" in text
    _sign(world, "police")
    text = client.get(_url("local_reviews:task_list", world)).content.decode()
    assert "Agreed and signed" in text and "Signed by the three partners" in text
    assert 'id="task-terms-status">Completed' in text


def test_the_terms_page_shows_each_partner_and_links_to_sign_or_view(world, as_user):
    review = open_review(world)
    write_terms(world, review)
    _sign(world, "icb")
    _sign(world, "police", agrees=False)
    sign_url = _url("signoffs:document", world, kind="terms_of_reference")
    text = (
        as_user(world.people["delegate_local_authority"])
        .get(_url("local_reviews:terms", world))
        .content.decode()
    )
    assert 'id="terms-signing-local_authority">Outstanding' in text
    assert 'id="terms-signing-icb">Signed: agreed' in text
    assert 'id="terms-signing-police">Disagreed' in text
    assert sign_url in text and "Sign the terms of reference" in text
    assert "Export to Word" not in text
    text = as_user(world.people["auditor"]).get(_url("local_reviews:terms", world)).content.decode()
    assert "View the partners&#x27; sign-off" in text or "View the partners' sign-off" in text


# --- the Word export --------------------------------------------------------------------------------------


def test_the_context_holds_exactly_the_kinds_variables(world):
    review = open_review(world)
    terms = agree_terms(world, write_terms(world, review)).terms
    context = wiring.terms_context(world.case, terms.pk)
    sample = terms_of_reference_sample()
    assert context is not None
    assert set(context) == set(sample) and set(context["review"]) == set(sample["review"])
    assert context["review"]["agencies"] == [world.agency.name]
    assert context["review"]["members_present"] == ["Member A", "Member B"]
    assert context["review"]["agreed_on"] == dt.date(2026, 3, 16)
    assert wiring.terms_context(world.case, terms.pk + 999) is None


def test_the_business_unit_exports_a_version_and_readers_download_it(world, as_user):
    review = open_review(world)
    terms = write_terms(world, review)
    client = as_user(world.people["business_unit_officer"])
    assert (
        "Export to Word" in client.get(_url("local_reviews:terms_version", world, number=1)).content.decode()
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_url("local_reviews:terms_export", world, number=1))
    job = DocumentGeneration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("reports:document_generation_status", world, job_id=job.pk)
    assert job.status == GenerationStatus.DONE
    assert job.document is not None and job.document.purpose == "terms_of_reference"
    assert (job.subject_id, job.subject_version, job.template_version) == (terms.pk, 1, 0)
    status = client.get(response["Location"])
    assert "Refresh" not in status and "Download the Word document" in status.content.decode()
    polled = client.get(response["Location"], HTTP_ACCEPT="application/json").json()
    assert polled["finished"] is True and polled["status"] == "done"
    assert AuditEvent.objects.filter(event_type=EventType.DOCUMENT_GENERATED).count() == 1
    for person in ("delegate_police", "independent_chair", "auditor", "business_manager"):
        download = as_user(world.people[person]).get(
            _url("reports:document_generation_download", world, job_id=job.pk)
        )
        assert download.status_code == 200, person
        from docx import Document as WordDocument

        text = "\n".join(
            p.text for p in WordDocument(io.BytesIO(b"".join(download.streaming_content))).paragraphs
        )
        assert "How agencies shared information" in text
    downloads = AuditEvent.objects.filter(event_type=EventType.DOCUMENT_GENERATION_DOWNLOADED)
    assert downloads.count() == 4
    assert {event.case_id for event in downloads} == {world.case.pk}
    page = as_user(world.people["auditor"]).get(_url("local_reviews:terms", world)).content.decode()
    assert "Download version 1 as a Word document" in page and "Export to Word" not in page


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("delegate_icb", 403),
        ("independent_chair", 403),
        ("auditor", 403),
        ("review_committee_member", 403),
        ("agency_author", 404),
    ],
)
def test_only_the_business_unit_may_export(world, as_user, person, status):
    review = open_review(world)
    write_terms(world, review)
    assert (
        as_user(world.people[person]).post(_url("local_reviews:terms_export", world, number=1)).status_code
        == status
    )
    assert not DocumentGeneration.objects.exists()


def test_the_service_refuses_a_reader(world):
    review = open_review(world)
    terms = write_terms(world, review)
    with pytest.raises(PermissionDenied, match="You may not make this document"):
        _export(world, terms, user="delegate_icb")


@pytest.mark.parametrize(("person", "status"), [("review_committee_member", 403), ("agency_author", 404)])
def test_others_may_not_see_an_export(world, as_user, person, status):
    review = open_review(world)
    job = _export(world, write_terms(world, review))
    client = as_user(world.people[person])
    assert client.get(_url("reports:document_generation_status", world, job_id=job.pk)).status_code == status
    assert (
        client.get(_url("reports:document_generation_download", world, job_id=job.pk)).status_code == status
    )


def test_a_failed_render_is_shown_as_failed_with_try_again(world, as_user):
    review = open_review(world)
    terms = write_terms(world, review)
    with mock.patch.object(report_services, "_builtin_bytes", side_effect=lambda kind: b"not a docx"):
        _export(world, terms)
    job = DocumentGeneration.objects.get()
    assert job.status == GenerationStatus.FAILED and job.document is None
    assert job.failure == "default_template"
    assert AuditEvent.objects.filter(event_type=EventType.DOCUMENT_GENERATION_FAILED).exists()
    client = as_user(world.people["business_unit_officer"])
    text = client.get(_url("reports:document_generation_status", world, job_id=job.pk)).content.decode()
    assert "The document could not be made" in text and "try again" in text
    assert client.get(_url("reports:document_generation_download", world, job_id=job.pk)).status_code == 404


def test_a_stale_job_is_shown_as_failed(world, as_user):
    review = open_review(world)
    terms = write_terms(world, review)
    job = report_services.document_generation_request(
        user=world.people["business_unit_officer"],
        case=world.case,
        kind=wiring.TERMS_KIND,
        subject_id=terms.pk,
        subject_version=terms.version,
        context_builder_name=wiring.TERMS_BUILDER,
    )  # never run: on_commit does not fire here
    client = as_user(world.people["business_unit_officer"])
    text = client.get(_url("reports:document_generation_status", world, job_id=job.pk)).content.decode()
    assert "Check again" in text and "could not be made" not in text
    DocumentGeneration.objects.filter(pk=job.pk).update(created_at=NOW - dt.timedelta(hours=1))
    text = client.get(_url("reports:document_generation_status", world, job_id=job.pk)).content.decode()
    assert "The document could not be made" in text and "It took too long" in text


def test_the_terms_page_runs_the_same_queries_however_many_exports_and_signoffs(world, as_user):
    review = open_review(world)
    terms = write_terms(world, review)
    client = as_user(world.people["business_unit_officer"])
    url = _url("local_reviews:terms", world)
    _export(world, terms)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(4):
        _export(world, terms)
    for partner in DELEGATES:
        _sign(world, partner)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)
