"""Sign-off and scrutiny with the database: sign-offs against a version and a report checksum, superseded by
an edit, dissent kept, nobody for two partners or for what they drafted, the Chair told, challenges answered,
the page's bad input and fixed queries; and the Panel submission that follows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import Milestone, MilestoneEvent
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.outcomes import services as outcome_services
from safeguarding_reviews.panel import services as panel_services
from safeguarding_reviews.panel.models import PanelSubmission
from safeguarding_reviews.reports.services import report_generate
from safeguarding_reviews.signoffs import services
from safeguarding_reviews.signoffs.models import SignOff
from safeguarding_reviews.signoffs.selectors import signoff_state
from tests.factories import UserFactory, grant
from tests.fixtures import sign_in
from tests.outcome_data import complete_outcome

from .helpers import report_to_sign

pytestmark = pytest.mark.django_db
DELEGATES = {
    "local_authority": "delegate_local_authority",
    "icb": "delegate_icb",
    "police": "delegate_police",
}


def _sign(world, partner, *, agrees=True, comments="", persona=None, outcome=None, report=None):
    outcome = outcome or world.case.rapid_review_outcome
    outcome.refresh_from_db()
    return services.signoff_record(
        actor=world.people[persona or DELEGATES[partner]],
        case=world.case,
        partner=partner,
        agrees=agrees,
        comments=comments,
        expected_version=outcome.version,
        report_sha256=(report or report_to_sign(outcome)).sha256,
    )


def test_three_partners_sign_against_the_version_and_checksum(ready, django_capture_on_commit_callbacks):
    world, outcome, report = ready
    for partner in DELEGATES:
        with django_capture_on_commit_callbacks(execute=True):
            signoff = _sign(world, partner)
        assert (signoff.outcome_version, signoff.report_sha256) == (outcome.version, report.sha256)
    state = signoff_state(outcome)
    assert state.complete and state.all_agree
    event = AuditEvent.objects.filter(event_type=EventType.SIGNOFF_RECORDED).last()
    assert event is not None
    assert event.data["report_sha256"] == report.sha256 and "comments" not in event.data
    # The Chair (and the business unit) are told, by alert and an email holding only a reference and a link
    chair = world.people["independent_chair"]
    assert Alert.objects.filter(user=chair, kind="signoff_complete").count() == 1
    [message] = [m for m in mail.outbox if chair.email in m.to]
    assert world.case.reference in message.subject and "Child Q" not in message.body


def test_an_edit_supersedes_the_signoffs_which_must_be_given_again(ready):
    world, outcome, report = ready
    for partner in DELEGATES:
        _sign(world, partner)
    outcome_services.outcome_update(
        actor=world.people["business_unit_officer"],
        outcome=outcome,
        section="facts",
        expected_version=outcome.version,
        changes={"facts_summary": "Synthetic corrected facts."},
    )
    outcome.refresh_from_db()
    state = signoff_state(outcome)
    assert state.standing == {} and state.report is None
    assert SignOff.objects.filter(superseded_because="outcome_changed").count() == 3
    assert AuditEvent.objects.filter(event_type=EventType.SIGNOFF_SUPERSEDED).count() == 1
    with pytest.raises(ValidationError, match="report has not been generated"):
        _sign(world, "police", report=report)
    report_generate(actor=world.people["business_unit_officer"], case=world.case)
    for partner in DELEGATES:
        _sign(world, partner)
    assert signoff_state(outcome).complete
    assert SignOff.objects.count() == 6  # nothing deleted: the first three stay on the record


def test_a_stale_page_signs_nothing(ready):
    world, outcome, report = ready
    with pytest.raises(ValidationError, match="changed since you opened"):
        services.signoff_record(
            actor=world.people["delegate_icb"],
            case=world.case,
            partner="icb",
            agrees=True,
            expected_version=outcome.version - 1,
            report_sha256=report.sha256,
        )
    with pytest.raises(ValidationError, match="new report"):
        services.signoff_record(
            actor=world.people["delegate_icb"],
            case=world.case,
            partner="icb",
            agrees=True,
            expected_version=outcome.version,
            report_sha256="0" * 64,
        )
    assert SignOff.objects.count() == 0


def test_dissent_needs_comments_stays_on_the_record_and_tells_the_chair(ready):
    world, _, _ = ready
    with pytest.raises(ValidationError, match="Say why your partner disagrees") as caught:
        _sign(world, "police", agrees=False)
    assert "comments" in caught.value.error_dict
    _sign(world, "police", agrees=False, comments="Synthetic: the police disagree with the criteria answers.")
    assert Alert.objects.filter(user=world.people["independent_chair"], kind="signoff_dissent").exists()
    for partner in ("local_authority", "icb"):
        _sign(world, partner)
    state = signoff_state(world.case.rapid_review_outcome)
    assert state.complete and not state.all_agree


def test_nobody_signs_for_two_partners_or_what_they_drafted_or_for_another_partner(ready):
    world, outcome, _ = ready
    both = UserFactory.create(full_name="Persona two hats", email="two@test.example")
    grant(both, world.partnership, Role.DELEGATE_ICB)
    grant(both, world.partnership, Role.DELEGATE_POLICE)
    world.people["two_hats"] = both
    _sign(world, "icb", persona="two_hats")
    with pytest.raises(ValidationError, match="two partners"):
        _sign(world, "police", persona="two_hats")
    with pytest.raises(ValidationError, match="Another delegate has already"):
        _sign(world, "icb")
    with pytest.raises(ValidationError, match="Only that partner's delegate"):
        _sign(world, "police", persona="delegate_icb")
    with pytest.raises(PermissionDenied, match="Only a partner's delegate signs off"):
        _sign(world, "police", persona="business_unit_officer")
    # The LA delegate edits the outcome: they may no longer sign it off
    outcome_services.outcome_update(
        actor=world.people["delegate_local_authority"],
        outcome=outcome,
        section="facts",
        expected_version=outcome.version,
        changes={"facts_summary": "Synthetic edit by the LA delegate."},
    )
    report_generate(actor=world.people["business_unit_officer"], case=world.case)
    with pytest.raises(ValidationError, match="You wrote part of this outcome"):
        _sign(world, "local_authority")


def test_an_incomplete_outcome_cannot_be_signed(world):
    outcome = complete_outcome(world)
    outcome = outcome_services.outcome_update(
        actor=world.people["business_unit_officer"],
        outcome=outcome,
        section="facts",
        expected_version=outcome.version,
        changes={"facts_summary": ""},
    )
    report_generate(actor=world.people["business_unit_officer"], case=world.case)
    with pytest.raises(ValidationError, match="not complete"):
        _sign(world, "icb")


def test_challenges_raised_by_the_chair_answered_by_the_business_unit(ready):
    world, _, _ = ready
    chair, officer = world.people["independent_chair"], world.people["business_unit_officer"]
    with pytest.raises(PermissionDenied, match="Only the Independent Chair raises a challenge"):
        services.challenge_raise(actor=officer, case=world.case, text="x")
    with pytest.raises(ValidationError, match="Enter your challenge or question"):
        services.challenge_raise(actor=chair, case=world.case, text="  ")
    challenge = services.challenge_raise(
        actor=chair, case=world.case, text="Synthetic: why not criterion (c)?"
    )
    assert Alert.objects.filter(user=officer, kind="challenge_raised").exists()
    with pytest.raises(PermissionDenied, match="Only the business unit answers a challenge"):
        services.challenge_answer(actor=chair, case=world.case, challenge_id=challenge.pk, answer="x")
    services.challenge_answer(
        actor=officer, case=world.case, challenge_id=challenge.pk, answer="Synthetic answer"
    )
    assert Alert.objects.filter(user=chair, kind="challenge_answered").exists()
    with pytest.raises(ValidationError, match="already been answered"):
        services.challenge_answer(actor=officer, case=world.case, challenge_id=challenge.pk, answer="again")
    kinds = set(AuditEvent.objects.filter(case=world.case).values_list("event_type", flat=True))
    assert {EventType.CHALLENGE_RAISED, EventType.CHALLENGE_ANSWERED} <= kinds


def test_the_page_bad_input_and_journey(ready, client):
    world, outcome, report = ready
    url = reverse("signoffs:overview", args=[world.case.pk])
    sign_in(client, world.people["delegate_icb"])
    page = client.get(url).content.decode()
    # The report by its number, not its checksum (issue 18, item 2); the sign-off page shows its clock.
    assert "Record sign-off" in page and "report version 1, made " in page
    assert f"<code>{report.sha256[:12]}" not in page  # the checksum only travels in the form's hidden field
    response = client.post(
        reverse("signoffs:sign", args=[world.case.pk]),
        {"version": outcome.version, "report_sha256": report.sha256, "partner": "icb", "agrees": "no"},
    )
    assert response.status_code == 400 and "Say why your partner disagrees" in response.content.decode()
    response = client.post(
        reverse("signoffs:sign", args=[world.case.pk]),
        {"version": outcome.version, "report_sha256": report.sha256, "partner": "icb"},
    )
    assert response.status_code == 400 and "Select whether your partner agrees" in response.content.decode()
    response = client.post(
        reverse("signoffs:sign", args=[world.case.pk]),
        {"version": outcome.version, "report_sha256": report.sha256, "partner": "icb", "agrees": "yes"},
    )
    assert response.status_code == 302
    assert "Agreed" in client.get(url).content.decode()
    # The LA delegate did not write it, so may sign too
    sign_in(client, world.people["delegate_local_authority"])
    assert "Record sign-off" in client.get(url).content.decode()
    sign_in(client, world.people["independent_chair"])
    response = client.post(reverse("signoffs:challenge", args=[world.case.pk]), {"text": ""})
    assert response.status_code == 400 and "Enter your challenge or question" in response.content.decode()


def test_the_page_runs_fixed_queries(ready, client):
    world, outcome, _ = ready
    url = reverse("signoffs:overview", args=[world.case.pk])
    sign_in(client, world.people["delegate_icb"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    before = count()
    _sign(world, "police")
    for n in range(4):
        services.challenge_raise(actor=world.people["independent_chair"], case=world.case, text=f"Q{n}")
    _sign(world, "local_authority")
    _sign(world, "local_authority", agrees=False, comments="changed our mind")
    assert count() == before


# --- the Panel --------------------------------------------------------------------------------------------


def test_sending_to_the_panel_needs_the_three_signoffs_then_stops_the_clock_and_moves_the_case(
    ready, django_capture_on_commit_callbacks
):
    world, outcome, report = ready
    officer = world.people["business_unit_officer"]
    with pytest.raises(ValidationError, match="All three partners"):
        panel_services.panel_submission_record(actor=officer, case=world.case, sent_on=dt.date(2026, 3, 16))
    with django_capture_on_commit_callbacks(execute=True):  # the sign-off record is built after the commit
        for partner in DELEGATES:
            _sign(world, partner)
    with pytest.raises(PermissionDenied, match="Only the business unit records what was sent to the Panel"):
        panel_services.panel_submission_record(
            actor=world.people["delegate_icb"], case=world.case, sent_on=dt.date(2026, 3, 16)
        )
    with pytest.raises(ValidationError, match="The date sent must be today or in the past"):
        panel_services.panel_submission_record(actor=officer, case=world.case, sent_on=dt.date(2026, 3, 17))
    submission = panel_services.panel_submission_record(
        actor=officer, case=world.case, sent_on=dt.date(2026, 3, 16)
    )
    assert (submission.report_id, submission.report_sha256) == (report.pk, report.sha256)
    assert submission.signoff_record is not None and submission.signoff_record.report_id == report.pk
    assert Milestone.objects.get(
        case=world.case, event=MilestoneEvent.RAPID_REVIEW_SENT
    ).occurred_on == dt.date(2026, 3, 16)
    world.case.refresh_from_db()
    # The partners decided to hold an LCSPR: its milestone is recorded and the case moves there (issue 11).
    assert world.case.stage == Stage.LCSPR
    assert Milestone.objects.filter(case=world.case, event=MilestoneEvent.LCSPR_INITIATED).exists()
    with pytest.raises(
        ValidationError, match="The outcome can be changed only while the case is at the"
    ):  # the outcome is fixed once sent
        outcome_services.outcome_update(
            actor=officer,
            outcome=outcome,
            section="facts",
            expected_version=outcome.version,
            changes={"facts_summary": "late"},
        )
    with pytest.raises(ValidationError, match="The rapid review has already been sent, or the case is not"):
        panel_services.panel_submission_record(actor=officer, case=world.case, sent_on=dt.date(2026, 3, 16))
    with pytest.raises(
        ValidationError, match="The response cannot be before the date the report was sent"
    ) as caught:
        panel_services.panel_response_record(
            actor=officer, case=world.case, response="agrees", response_on=dt.date(2026, 3, 10)
        )
    assert "response_on" in caught.value.error_dict
    panel_services.panel_response_record(
        actor=officer,
        case=world.case,
        response="national_review",
        response_on=dt.date(2026, 3, 16),
        notes="Synthetic",
    )
    submission.refresh_from_db()
    assert submission.get_response_display() == "The Panel will carry out a national review"
    assert PanelSubmission.objects.count() == 1


def test_panel_page_bad_input(ready, client):
    world, _, _ = ready
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("panel:submission", args=[world.case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"sent_on": "32/13/2026"})
    assert (
        response.status_code == 400
        and "Date the report was sent to the Panel must be a real date" in response.content.decode()
    )
    response = client.post(url, {"sent_on": "16/3/2026"})
    assert response.status_code == 400 and "All three partners must sign off" in response.content.decode()
    response = client.post(reverse("panel:response", args=[world.case.pk]), {"response_on": "16/3/2026"})
    assert response.status_code == 400 and "Select the Panel" in response.content.decode()
