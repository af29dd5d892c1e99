"""The final report record reaches the local review's plan: submitting it marks "Final report" achieved and
tells the partners' delegates; the third partner's sign-off marks "Signed off by the partners" achieved. A
target already achieved keeps the date the business unit gave it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.final_reports import services as final_services
from safeguarding_reviews.final_reports import wiring
from safeguarding_reviews.final_reports.tests.factories import ready_report
from safeguarding_reviews.local_reviews import plan, services
from safeguarding_reviews.local_reviews.models import PlanTarget
from safeguarding_reviews.signoffs import services as signoff_services

from .helpers import open_review

pytestmark = pytest.mark.django_db

DELEGATES = {
    "local_authority": "delegate_local_authority",
    "icb": "delegate_icb",
    "police": "delegate_police",
}


def _target(review, code):
    return PlanTarget.objects.get(review=review, target=code)


def _sign(world, partner, *, agrees=True):
    current = wiring.report_signable(world.case)
    assert current is not None
    signoff_services.document_signoff_give(
        user=world.people[DELEGATES[partner]],
        case=world.case,
        kind=wiring.KIND,
        partner=partner,
        agrees=agrees,
        comments="" if agrees else "Synthetic: recommendation 1 cannot be met by then.",
        version=current.version,
        sha256=current.sha256,
    )


def test_submitting_and_signing_the_final_report_reach_the_plan_and_tell_the_delegates(world):
    review = open_review(world)
    report = ready_report(world)
    final_services.report_submit(
        actor=world.people["business_unit_officer"], case=world.case, expected_version=report.version
    )
    today = clock.today()
    assert _target(review, plan.Target.FINAL_REPORT).achieved_on == today
    assert _target(review, plan.Target.SIGN_OFF).achieved_on is None
    event = AuditEvent.objects.filter(event_type=EventType.LOCAL_REVIEW_TARGET_UPDATED).latest("pk")
    assert (event.data["target"], event.data["because"]) == ("final_report", "final_report_submitted")
    for role in DELEGATES.values():
        alert = Alert.objects.get(user=world.people[role], kind="document_ready_for_signoff")
        assert alert.link.endswith("/sign/final_report/")

    for partner in ("local_authority", "icb"):
        _sign(world, partner)
    before = _target(review, plan.Target.SIGN_OFF)
    assert before.achieved_on is None
    _sign(world, "police")
    signed = _target(review, plan.Target.SIGN_OFF)
    assert (signed.achieved_on, signed.version) == (today, before.version + 1)


def test_a_target_already_achieved_keeps_its_date(world):
    review = open_review(world)
    target = _target(review, plan.Target.FINAL_REPORT)
    earlier = clock.today() - dt.timedelta(days=3)
    services.plan_target_update(
        actor=world.people["business_unit_officer"],
        target=target,
        expected_version=target.version,
        due_on=target.due_on,
        achieved_on=earlier,
    )
    report = ready_report(world)
    final_services.report_submit(
        actor=world.people["business_unit_officer"], case=world.case, expected_version=report.version
    )
    assert _target(review, plan.Target.FINAL_REPORT).achieved_on == earlier


def test_a_final_report_without_a_local_review_reaches_no_plan(world):
    report = ready_report(world)
    final_services.report_submit(
        actor=world.people["business_unit_officer"], case=world.case, expected_version=report.version
    )
    assert not PlanTarget.objects.exists()


def test_a_dissent_leaves_the_report_unsigned_and_a_change_reopens_the_plan(world):
    review = open_review(world)
    report = ready_report(world)
    report = final_services.report_submit(
        actor=world.people["business_unit_officer"], case=world.case, expected_version=report.version
    )
    _sign(world, "local_authority")
    _sign(world, "icb", agrees=False)
    _sign(world, "police")
    # All three have recorded a view, one disagreeing: not signed off, so publication stays blocked.
    assert _target(review, plan.Target.SIGN_OFF).achieved_on is None
    assert _target(review, plan.Target.FINAL_REPORT).achieved_on == clock.today()
    # The record changes after the partners' comments: no longer the final report.
    final_services.summary_save(
        actor=world.people["business_unit_officer"],
        case=world.case,
        expected_version=report.version,
        final_draft_id=report.final_draft_id,
        improvements_summary="Changed after the partners' comments.",
        systemic_analysis=report.systemic_analysis,
    )
    assert _target(review, plan.Target.FINAL_REPORT).achieved_on is None
    event = AuditEvent.objects.filter(event_type=EventType.LOCAL_REVIEW_TARGET_UPDATED).latest("pk")
    assert (event.data["target"], event.data["because"], event.data["achieved_on"]) == (
        "final_report",
        "final_report_reopened",
        None,
    )


def _upload(world):
    from safeguarding_reviews.documents.tests import files
    from safeguarding_reviews.report_drafts import services as draft_services

    return draft_services.draft_upload(
        actor=world.people["independent_reviewer"],
        case=world.case,
        uploaded_file=files.upload("draft.docx", files.docx_bytes()),
    )


@time_machine.travel(dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON), tick=False)
def test_the_first_draft_uploaded_reaches_the_plan_once_the_methodology_is_agreed(world):
    # On the helpers' agreement day (they agree the terms and the method on 16 March 2026).
    from .helpers import agree_method, agree_terms, write_terms

    review = open_review(world)
    # Before the methodology is agreed the step is not allowed: the upload leaves the target alone.
    _upload(world)
    assert _target(review, plan.Target.FIRST_DRAFT).achieved_on is None
    agree_terms(world, write_terms(world, review))
    agree_method(world, review)
    _upload(world)
    assert _target(review, plan.Target.FIRST_DRAFT).achieved_on == clock.today()
    event = AuditEvent.objects.filter(event_type=EventType.LOCAL_REVIEW_TARGET_UPDATED).latest("pk")
    assert (event.data["target"], event.data["because"]) == ("first_draft", "draft_uploaded")
