"""A sign-off record whose generation failed, or is stuck, shows as failed (not "being generated" forever) and
the business unit can generate it again: one new build per press, audited; the page polls while it runs."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.signoffs import services
from safeguarding_reviews.signoffs.models import BuildStatus, SignOffRecord, SignOffRecordBuild
from safeguarding_reviews.signoffs.selectors import (
    BUILD_STALE_AFTER,
    RecordProgress,
    record_build_state,
    signoff_state,
)
from tests.fixtures import sign_in

from .conftest import TODAY
from .test_signoffs import DELEGATES, _sign

pytestmark = pytest.mark.django_db


def _broken_pdf(*args, **kwargs):
    raise RuntimeError("synthetic rendering failure")


@pytest.fixture
def failed(ready, django_capture_on_commit_callbacks):
    """All three partners have signed; the record's build failed on the worker."""
    world, outcome, report = ready
    with mock.patch.object(services, "render_pdf", _broken_pdf):
        with django_capture_on_commit_callbacks(execute=True):
            for partner in DELEGATES:
                _sign(world, partner)
    return world, outcome


def _progress(outcome):
    return record_build_state(signoff_state(outcome))


def _retry_url(world):
    return reverse("signoffs:record_retry", kwargs={"case_id": world.case.pk})


def _overview(client, world):
    return client.get(reverse("signoffs:overview", kwargs={"case_id": world.case.pk})).content.decode()


def test_a_failed_build_is_marked_failed_and_audited(failed):
    world, outcome = failed
    build = SignOffRecordBuild.objects.get(outcome=outcome)
    assert build.status == BuildStatus.FAILED and build.finished_at is not None
    assert not SignOffRecord.objects.exists()
    progress = _progress(outcome)
    assert progress.progress == RecordProgress.FAILED and not progress.stuck
    event = AuditEvent.objects.get(event_type=EventType.SIGNOFF_RECORD_FAILED)
    assert event.data == {"build_id": build.pk, "outcome_id": outcome.pk, "basis": build.basis}


def test_generate_again_queues_one_build_and_is_audited(failed, django_capture_on_commit_callbacks):
    world, outcome = failed
    officer = world.people["business_unit_officer"]
    with mock.patch("safeguarding_reviews.signoffs.tasks.signoff_record_build") as task:
        with django_capture_on_commit_callbacks(execute=True):
            build = services.signoff_record_retry(actor=officer, case=world.case)
            again = services.signoff_record_retry(actor=officer, case=world.case)  # a second press
    assert build is not None and again is None
    task.enqueue.assert_called_once_with(build_id=build.pk)
    assert SignOffRecordBuild.objects.filter(outcome=outcome).count() == 2
    assert _progress(outcome).progress == RecordProgress.IN_PROGRESS
    [event] = AuditEvent.objects.filter(event_type=EventType.SIGNOFF_RECORD_RETRIED)
    assert event.data["build_id"] == build.pk and event.data["previous_status"] == BuildStatus.FAILED
    assert event.actor_id == officer.pk
    # The worker runs it: the record is generated and the build is done.
    done = services.signoff_record_build_run(build_id=build.pk)
    assert done is not None
    assert done.status == BuildStatus.DONE and done.record is not None
    assert services.signoff_record_build_run(build_id=build.pk) is None  # run twice, generated once
    assert SignOffRecord.objects.count() == 1
    assert _progress(outcome).progress == RecordProgress.DONE
    # Once generated, pressing again does nothing.
    assert services.signoff_record_retry(actor=officer, case=world.case) is None
    assert AuditEvent.objects.filter(event_type=EventType.SIGNOFF_RECORD_RETRIED).count() == 1


def test_a_stuck_build_shows_as_failed_and_can_be_generated_again(ready, django_capture_on_commit_callbacks):
    world, outcome, _ = ready
    with mock.patch("safeguarding_reviews.signoffs.tasks.signoff_record_build"):
        with django_capture_on_commit_callbacks(execute=True):
            for partner in DELEGATES:
                _sign(world, partner)
    stuck = SignOffRecordBuild.objects.get(outcome=outcome)
    assert stuck.status == BuildStatus.QUEUED
    assert _progress(outcome).progress == RecordProgress.IN_PROGRESS
    with time_machine.travel(TODAY + BUILD_STALE_AFTER + dt.timedelta(minutes=1), tick=False):
        progress = _progress(outcome)
        assert progress.progress == RecordProgress.FAILED and progress.stuck
        with django_capture_on_commit_callbacks(execute=True):
            build = services.signoff_record_retry(actor=world.people["business_manager"], case=world.case)
            assert build is not None
    stuck.refresh_from_db()
    assert stuck.status == BuildStatus.FAILED
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE and build.record is not None


@pytest.mark.parametrize(
    "persona", ["delegate_police", "independent_chair", "auditor", "review_committee_member", "non_member"]
)
def test_only_the_business_unit_may_generate_again(failed, persona):
    world, _ = failed
    with pytest.raises(PermissionDenied, match="Only the business unit generates the sign-off record again"):
        services.signoff_record_retry(actor=world.people[persona], case=world.case)


def test_the_button_shows_only_on_failure_and_only_to_the_business_unit(
    failed, client, django_capture_on_commit_callbacks
):
    world, outcome = failed
    sign_in(client, world.people["business_unit_officer"])
    body = _overview(client, world)
    assert "could not be generated" in body and "Generate again" in body
    assert 'data-status="failed">' in body and "app/job-status.js" not in body  # finished: no polling
    sign_in(client, world.people["delegate_icb"])
    body = _overview(client, world)
    assert "could not be generated" in body and "Generate again" not in body
    assert client.post(_retry_url(world)).status_code == 403
    sign_in(client, world.people["business_manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_retry_url(world))
    assert response.status_code == 302
    assert response["Location"] == reverse("signoffs:overview", kwargs={"case_id": world.case.pk})
    # The task backend (immediate in tests) has run the build: the record is there, the button gone.
    body = _overview(client, world)
    assert "Generate again" not in body and "could not be generated" not in body
    assert "sign-off record (PDF)</a> was generated" in body
    assert SignOffRecordBuild.objects.filter(outcome=outcome, status=BuildStatus.DONE).count() == 1


def test_the_page_polls_while_the_record_is_being_generated(
    ready, client, django_capture_on_commit_callbacks
):
    world, outcome, _ = ready
    with mock.patch("safeguarding_reviews.signoffs.tasks.signoff_record_build"):
        with django_capture_on_commit_callbacks(execute=True):
            for partner in DELEGATES:
                _sign(world, partner)
    sign_in(client, world.people["business_unit_officer"])
    status_url = reverse("signoffs:record_status", kwargs={"case_id": world.case.pk})
    body = _overview(client, world)
    assert f'data-status-url="{status_url}"' in body and "app/job-status.js" in body
    assert "Generate again" not in body and "is being generated" in body
    polled = client.get(status_url, headers={"accept": "application/json"})
    assert polled.status_code == 200 and polled["Vary"].find("Accept") >= 0
    answer = polled.json()
    assert answer["finished"] is False and answer["status"] == RecordProgress.IN_PROGRESS
    assert "is being generated" in answer["html"]
    services.signoff_record_build_run(build_id=SignOffRecordBuild.objects.get(outcome=outcome).pk)
    answer = client.get(status_url, headers={"accept": "application/json"}).json()
    assert answer["finished"] is True and answer["status"] == RecordProgress.DONE
    assert "was generated" in answer["html"]
    page = client.get(status_url)
    assert page.status_code == 200 and "The sign-off record" in page.content.decode()
