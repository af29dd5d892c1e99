"""The demo partnership's cases past the rapid review (panel/demo.py): Child V at the LCSPR stage with its
sign-off record, Child W at "Action plan" with its learning route and an open action; working-day dates, on
time; their pages load for the business unit; and seeding again writes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding_reviews.accounts.models import User
from safeguarding_reviews.actions.selectors import case_has_open_actions
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case, CommitteeListing
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import Deadline
from safeguarding_reviews.clocks.selectors import delay_reasons_for_case
from safeguarding_reviews.demo.panel import ACTION_PLAN_CASE, DEMO_PRACTITIONERS, LCSPR_CASE
from safeguarding_reviews.demo.partnership import seed_demo
from safeguarding_reviews.notifications.models import Notification
from safeguarding_reviews.panel.models import PanelSubmission
from safeguarding_reviews.reports.models import GeneratedReport
from safeguarding_reviews.reviewers.models import AppointmentState, Commission, ReviewerAppointment
from safeguarding_reviews.signoffs.models import SignOffRecord
from safeguarding_reviews.signoffs.selectors import current_signoff_record, signoff_state
from safeguarding_reviews.working_days.calculator import is_working_day
from safeguarding_reviews.working_days.selectors import local_non_working_days
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    seed_demo()
    return {c.pseudonym: c for c in Case.objects.filter(pseudonym__in=[LCSPR_CASE, ACTION_PLAN_CASE])}


def test_a_case_at_the_lcspr_stage_with_its_signoff_record(seeded):
    case = seeded[LCSPR_CASE]
    assert case.stage == Stage.LCSPR
    state = signoff_state(case.rapid_review_outcome)
    assert state.complete and state.all_agree
    record = current_signoff_record(state)
    assert record is not None and state.report is not None
    submission = PanelSubmission.objects.get(case=case, superseded_at__isnull=True)
    assert submission.signoff_record_id == record.pk and submission.report_id == state.report.pk
    assert Deadline.objects.filter(case=case, rule_code="lcspr_publication").exists()
    # Its local review is under way: terms of reference written and agreed by the LCPC.
    terms = case.local_review.terms.get()
    assert terms.version == 1 and terms.agreement.meeting == "Demo: LCPC meeting"


def test_the_lcspr_case_has_its_reviewer_method_and_lcpc_listing(seeded, client):
    """Child V's reviewer appointed, declaring no conflicts and accepted, with a commission; the methodology
    agreed; the review on the LCPC's list, so the LCPC member sees it and the reviewer sees the case."""
    case = seeded[LCSPR_CASE]
    appointment = ReviewerAppointment.objects.get(case=case)
    assert appointment.state == AppointmentState.ACCEPTED and appointment.user is not None
    assert appointment.user.email == "reviewer@demo.example"
    assert not appointment.declares_conflict
    assert Commission.objects.filter(case=case).exists()
    assert case.local_review.methodology.agreed
    assert CommitteeListing.objects.filter(case=case, removed_at__isnull=True).exists()
    sign_in(client, User.objects.get(email="lcpc.member@demo.example"))
    assert client.get(reverse("reviewers:committee", args=[case.pk])).status_code == 200
    sign_in(client, User.objects.get(email="reviewer@demo.example"))
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    sign_in(client, User.objects.get(email="bu.manager@demo.example"))
    text = client.get(reverse("local_reviews:task_list", args=[case.pk])).content.decode()
    assert "Accepted: Jo Notreal" in text


def test_the_lcspr_case_has_synthetic_practitioners_by_agency_and_role(seeded, client):
    """Child V's register holds the demo practitioners: the business unit sees their names, the LCPC member
    and the (ungranted) reviewer see agency and role only."""
    case = seeded[LCSPR_CASE]
    url = reverse("practitioners:register", args=[case.pk])
    sign_in(client, User.objects.get(email="bu.officer@demo.example"))
    text = client.get(url).content.decode()
    for role, _team, (first_names, last_name), _months in DEMO_PRACTITIONERS:
        assert role in text and f"{first_names} {last_name}" in text
    # Issue 14: the health visitor has the statement and an accepted invitation; the social worker was
    # invited without it, so the register warns.
    assert "1 practitioner has been invited without the no-blame statement recorded as given" in text
    assert "1 invitation (1 accepted)" in text and "No-blame statement: Given" in text
    sign_in(client, User.objects.get(email="lcpc.member@demo.example"))
    text = client.get(url).content.decode()
    assert "Health visitor" in text and "Demo Practitioner" not in text
    sign_in(client, User.objects.get(email="reviewer@demo.example"))
    text = client.get(url).content.decode()
    assert "Health visitor" in text and "Demo Practitioner" not in text


def test_a_case_at_action_plan_after_the_learning_route(seeded):
    case = seeded[ACTION_PLAN_CASE]
    assert case.stage == Stage.ACTION_PLAN
    submission = PanelSubmission.objects.get(case=case, superseded_at__isnull=True)
    assert submission.learning_route == "learning_event" and submission.signoff_record_id is not None
    assert case_has_open_actions(case)
    assert not Deadline.objects.filter(case=case, rule_code="lcspr_publication").exists()


def test_their_dates_are_working_days_and_on_time(seeded):
    for case in seeded.values():
        non_working = local_non_working_days(case.lead_partnership)
        notification = Notification.objects.get(case=case)
        submission = PanelSubmission.objects.get(case=case, superseded_at__isnull=True)
        for day in (case.referral_received_on, notification.sent_on, submission.sent_on):
            assert day is not None and is_working_day(day, non_working=non_working), (case.pseudonym, day)
        met = dict(Deadline.objects.filter(case=case).values_list("rule_code", "met_on"))
        due = dict(Deadline.objects.filter(case=case).values_list("rule_code", "due_on"))
        for rule in ("notification", "rapid_review"):
            met_on, due_on = met[rule], due[rule]
            assert met_on is not None and due_on is not None and met_on <= due_on, (case.pseudonym, rule)
        assert delay_reasons_for_case(case) == {}


def test_their_pages_load_for_the_business_unit(seeded, client):
    sign_in(client, User.objects.get(email="bu.officer@demo.example"))
    for case in seeded.values():
        for name in (
            "cases:detail",
            "signoffs:overview",
            "panel:submission",
            "actions:list",
            "reports:case_reports",
        ):
            response = client.get(reverse(name, kwargs={"case_id": case.pk}))
            assert response.status_code == 200, (case.pseudonym, name)
    body = client.get(
        reverse("signoffs:overview", kwargs={"case_id": seeded[LCSPR_CASE].pk})
    ).content.decode()
    assert "sign-off record (PDF)</a> was generated" in body


def test_seeding_again_changes_nothing(seeded):
    counts = (
        Case.objects.count(),
        GeneratedReport.objects.count(),
        SignOffRecord.objects.count(),
        PanelSubmission.objects.count(),
        AuditEvent.objects.count(),
        ReviewerAppointment.objects.count(),
    )
    seed_demo()
    assert (
        Case.objects.count(),
        GeneratedReport.objects.count(),
        SignOffRecord.objects.count(),
        PanelSubmission.objects.count(),
        AuditEvent.objects.count(),
        ReviewerAppointment.objects.count(),
    ) == counts
