"""After the rapid review is sent (issue 11 §4, §8): the LCSPR stage, the learning route, what follows the
Panel's response, the late-sending reason, and the pages for them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse

from safeguarding_reviews.actions.models import ActionStatus, CaseAction
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import Deadline
from safeguarding_reviews.clocks.selectors import delay_reasons_for_case
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.dashboards.case_tasks import TaskKey
from safeguarding_reviews.dashboards.selectors import case_facts, my_case_tasks
from safeguarding_reviews.outcomes.criteria import Decision
from safeguarding_reviews.panel import services
from safeguarding_reviews.panel.models import PanelSubmission
from safeguarding_reviews.reports.services import report_generate
from safeguarding_reviews.signoffs import services as signoff_services
from safeguarding_reviews.signoffs.selectors import signoff_state
from safeguarding_reviews.signoffs.tests.helpers import report_to_sign
from tests.fixtures import sign_in
from tests.outcome_data import complete_outcome

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)
SENT = dt.date(2026, 3, 16)
DELEGATES = {
    "local_authority": "delegate_local_authority",
    "icb": "delegate_icb",
    "police": "delegate_police",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _signed(world, decision):
    outcome = complete_outcome(world, decision=decision)
    report_generate(actor=world.people["business_unit_officer"], case=world.case)
    # The third sign-off queues the sign-off record's build after commit: run it, as the worker would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        for partner, persona in DELEGATES.items():
            outcome.refresh_from_db()
            signoff_services.signoff_record(
                actor=world.people[persona],
                case=world.case,
                partner=partner,
                agrees=True,
                comments="",
                expected_version=outcome.version,
                report_sha256=report_to_sign(outcome).sha256,
            )
    world.case.refresh_from_db()
    return outcome


def _rapid_review_clock(world, due_on):
    """A rapid review clock due on `due_on` (the test world's case has no notification milestones)."""
    from safeguarding_reviews.clocks.models import ClockRule

    rule = ClockRule.objects.get(rule_set=world.case.rule_set, code="rapid_review")
    return Deadline.objects.create(
        case=world.case,
        rule=rule,
        rule_code="rapid_review",
        kind=rule.kind,
        start_event="notification_sent",
        duration=15,
        start_on=due_on - dt.timedelta(days=21),
        due_on=due_on,
    )


def test_an_lcspr_decision_moves_the_case_to_the_lcspr_stage_and_starts_its_clock(world):
    _signed(world, Decision.LCSPR)
    services.panel_submission_record(
        actor=world.people["business_unit_officer"], case=world.case, sent_on=SENT
    )
    world.case.refresh_from_db()
    assert world.case.stage == Stage.LCSPR
    clock = Deadline.objects.get(case=world.case, rule_code="lcspr_publication")
    assert (clock.start_on, clock.due_on) == (SENT, dt.date(2026, 9, 16))
    # The route into the LCSPR stage opens the statutory local review, started on the date sent.
    review = world.case.local_review
    assert (review.kind, review.initiated_on, review.targets.count()) == ("lcspr", SENT, 7)
    with pytest.raises(ValidationError, match="LCSPR"):
        services.panel_learning_route_record(
            actor=world.people["business_unit_officer"], case=world.case, learning_route="learning_event"
        )


@pytest.mark.parametrize(("action_done", "stage"), [(False, Stage.ACTION_PLAN), (True, Stage.CLOSED)])
def test_no_lcspr_the_learning_route_moves_the_case_on(world, action_done, stage):
    outcome = _signed(world, Decision.NO_FURTHER_REVIEW)
    officer = world.people["business_unit_officer"]
    services.panel_submission_record(actor=officer, case=world.case, sent_on=SENT)
    world.case.refresh_from_db()
    assert world.case.stage == Stage.DECISION
    assert not Deadline.objects.filter(case=world.case, rule_code="lcspr_publication").exists()
    assert not hasattr(world.case, "local_review")
    # Recording the learning route is now the business unit's task, in My tasks and on the task list.
    assert case_facts([world.case])[world.case.pk].learning_route_due
    tasks, _ = my_case_tasks(user=officer)
    assert (world.case.pk, TaskKey.AFTER_SENDING) in [(t.case.pk, t.key) for t in tasks]
    if action_done:
        CaseAction.objects.filter(outcome=outcome).update(status=ActionStatus.EVIDENCE_ACCEPTED)
    with pytest.raises(ValidationError, match="Select the learning route"):
        services.panel_learning_route_record(actor=officer, case=world.case, learning_route="nonsense")
    with pytest.raises(PermissionDenied, match="Only the business unit records the learning route"):
        services.panel_learning_route_record(
            actor=world.people["delegate_icb"], case=world.case, learning_route="thematic_review"
        )
    submission = services.panel_learning_route_record(
        actor=officer, case=world.case, learning_route="thematic_review"
    )
    assert submission.learning_route == "thematic_review"
    assert world.case.stage == stage
    assert not case_facts([world.case])[world.case.pk].learning_route_due
    assert TaskKey.AFTER_SENDING not in [t.key for t in my_case_tasks(user=officer)[0]]


def test_the_panel_disagrees_and_the_partners_reconsider(world):
    outcome = _signed(world, Decision.NO_FURTHER_REVIEW)
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    services.panel_submission_record(actor=officer, case=world.case, sent_on=SENT)
    with pytest.raises(ValidationError, match="Panel's response first"):
        services.panel_follow_up_record(actor=manager, case=world.case, follow_up="reconsider")
    services.panel_response_record(actor=officer, case=world.case, response="disagrees", response_on=SENT)
    with pytest.raises(
        ValidationError, match="Only the business manager can send the case back to the"
    ) as caught:  # a move back: the business manager only
        services.panel_follow_up_record(actor=officer, case=world.case, follow_up="reconsider")
    assert "follow_up" in caught.value.message_dict
    version = outcome.version
    first = services.panel_follow_up_record(actor=manager, case=world.case, follow_up="reconsider")
    assert first.superseded_at is not None
    assert world.case.stage == Stage.RAPID_REVIEW
    outcome.refresh_from_db()
    assert outcome.version == version + 1  # the outcome reopened as a new version: sign-offs superseded
    assert not signoff_state(outcome).complete
    # Signed again and re-sent: a second submission; the rapid review clock keeps its first date.
    report_generate(actor=officer, case=world.case)
    with TestCase.captureOnCommitCallbacks(execute=True):
        for partner, persona in DELEGATES.items():
            outcome.refresh_from_db()
            signoff_services.signoff_record(
                actor=world.people[persona],
                case=world.case,
                partner=partner,
                agrees=True,
                comments="",
                expected_version=outcome.version,
                report_sha256=report_to_sign(outcome).sha256,
            )
    world.case.refresh_from_db()
    second = services.panel_submission_record(actor=officer, case=world.case, sent_on=SENT)
    assert second.pk != first.pk
    assert PanelSubmission.objects.filter(case=world.case, superseded_at__isnull=True).get() == second


def test_the_case_waits_on_the_national_review_with_the_panels_reference(world):
    _signed(world, Decision.NO_FURTHER_REVIEW)
    officer = world.people["business_unit_officer"]
    services.panel_submission_record(actor=officer, case=world.case, sent_on=SENT)
    services.panel_response_record(
        actor=officer, case=world.case, response="national_review", response_on=SENT
    )
    with pytest.raises(
        ValidationError, match="Enter the Panel's reference for the national review"
    ) as caught:
        services.panel_follow_up_record(actor=officer, case=world.case, follow_up="await_national_review")
    assert "national_review_reference" in caught.value.message_dict
    submission = services.panel_follow_up_record(
        actor=officer, case=world.case, follow_up="await_national_review", national_review_reference="NR-7"
    )
    assert (submission.follow_up, submission.national_review_reference) == ("await_national_review", "NR-7")
    assert world.case.stage == Stage.DECISION
    with pytest.raises(ValidationError, match="national review"):
        services.panel_learning_route_record(actor=officer, case=world.case, learning_route="learning_event")


def test_sending_the_rapid_review_late_needs_the_reason(world):
    _signed(world, Decision.LCSPR)
    _rapid_review_clock(world, due_on=dt.date(2026, 3, 13))
    officer = world.people["business_unit_officer"]
    with pytest.raises(
        ValidationError, match="The rapid review was sent after its due date: enter the"
    ) as caught:
        services.panel_submission_record(actor=officer, case=world.case, sent_on=SENT)
    assert "delay_reason" in caught.value.message_dict
    services.panel_submission_record(
        actor=officer, case=world.case, sent_on=SENT, delay_reason="Synthetic: the police return came late"
    )
    assert delay_reasons_for_case(world.case) == {"rapid_review": "Synthetic: the police return came late"}


def test_the_panel_page_asks_for_the_reason_in_the_same_form(world, client):
    _signed(world, Decision.NO_FURTHER_REVIEW)
    _rapid_review_clock(world, due_on=dt.date(2026, 3, 13))
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("panel:submission", args=[world.case.pk])
    late = client.post(url, {"sent_on": "16/3/2026"})
    assert late.status_code == 400
    assert "enter the reason for the delay" in late.content.decode()
    assert client.post(url, {"sent_on": "16/3/2026", "delay_reason": "Synthetic reason"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Synthetic reason" in page
    assert reverse("panel:learning_route", args=[world.case.pk]) in page


def test_learning_route_and_follow_up_pages(world, client):
    _signed(world, Decision.NO_FURTHER_REVIEW)
    officer = world.people["business_unit_officer"]
    services.panel_submission_record(actor=officer, case=world.case, sent_on=SENT)
    services.panel_response_record(actor=officer, case=world.case, response="disagrees", response_on=SENT)
    sign_in(client, officer)
    follow_up = reverse("panel:follow_up", args=[world.case.pk])
    assert client.get(follow_up).status_code == 200
    bad = client.post(follow_up, {"follow_up": "await_national_review"})
    assert bad.status_code == 400 and "reference for the national review" in bad.content.decode()
    assert client.post(follow_up, {"follow_up": "reconsider"}).status_code == 400  # not the business manager
    assert (
        client.post(
            follow_up, {"follow_up": "await_national_review", "national_review_reference": "NR-1"}
        ).status_code
        == 302
    )
    learning = reverse("panel:learning_route", args=[world.case.pk])
    assert client.get(learning).status_code == 200
    assert client.post(learning, {}).status_code == 400
    assert client.post(learning, {"learning_route": "learning_event"}).status_code == 400  # waiting on it


def test_the_open_actions_function_reads_the_immediate_actions(world):
    from safeguarding_reviews.actions.selectors import case_has_open_actions

    outcome = complete_outcome(world)
    assert case_has_open_actions(world.case)
    CaseAction.objects.filter(outcome=outcome).update(status=ActionStatus.EVIDENCE_ACCEPTED)
    assert not case_has_open_actions(world.case)
