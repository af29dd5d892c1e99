"""Recording the rapid review's submission to the Panel and the Panel's response. Keyword-only; each checks
the policy, owns its transaction and records one audit event (ids, codes and dates only)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from safeguarding_reviews.actions.selectors import case_has_open_actions
from safeguarding_reviews.alerts.rules import Handoff
from safeguarding_reviews.alerts.services import handoff_notify
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases import routes
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CaseAction, can
from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import Milestone, MilestoneEvent
from safeguarding_reviews.clocks.selectors import late_reason_needed
from safeguarding_reviews.clocks.services import deadline_late_reason_record, milestone_record
from safeguarding_reviews.core import clock
from safeguarding_reviews.local_reviews.services import local_review_open_statutory
from safeguarding_reviews.outcomes.selectors import outcome_for_case
from safeguarding_reviews.outcomes.services import outcome_version_raise
from safeguarding_reviews.signoffs.rules import send_refusal, send_warnings
from safeguarding_reviews.signoffs.selectors import current_signoff_record, send_facts, signoff_state

from .models import FollowUp, LearningRoute, PanelResponse, PanelSubmission
from .policies import PanelAction, may

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def panel_submission_record(
    *, actor: User, case: Case, sent_on: dt.date, warnings_confirmed: bool = False, delay_reason: str = ""
) -> PanelSubmission:
    """Record that the signed-off report was sent to the Panel on `sent_on`, with its sign-off record: the
    rapid review clock's "sent" milestone (the first sending only: a reconsideration's re-sending leaves the
    clock as first met). signoffs.rules.send_refusal says when it may be sent (all three partners agree, or
    each dissent has a recorded resolution, and the sign-off record is generated); an open Chair's challenge
    (send_warnings) must be confirmed with `warnings_confirmed`. The outcome is then fixed and the case moves
    on (cases/routes.py): with a decision to hold an LCSPR, the `lcspr_initiated` milestone is recorded, the
    case moves to the LCSPR stage and its local review opens (local_reviews); otherwise it waits at
    "Decision" for the learning route. Sent after
    the due date, the reason for the delay is required."""
    if not may(actor, PanelAction.RECORD, case):
        raise PermissionDenied("Only the business unit records what was sent to the Panel")
    if case.stage != Stage.RAPID_REVIEW:
        raise ValidationError(
            "The rapid review has already been sent, or the case is not at the rapid review"
        )
    if sent_on > clock.today():
        raise ValidationError({"sent_on": "The date sent must be today or in the past"})
    outcome = outcome_for_case(case)
    if outcome is None:
        raise ValidationError("Record the rapid review outcome first")
    facts = send_facts(case=case, outcome=outcome)
    reason = send_refusal(facts)
    if reason:
        raise ValidationError(reason)
    if send_warnings(facts) and not warnings_confirmed:
        raise ValidationError(
            {"confirm": "Confirm that you are sending the report with the Chair's challenge unanswered"}
        )
    state = signoff_state(outcome)
    record = current_signoff_record(state)
    assert state.report is not None and record is not None  # send_refusal checked both
    first_sending = not Milestone.objects.filter(case=case, event=MilestoneEvent.RAPID_REVIEW_SENT).exists()
    if first_sending and late_reason_needed(case, "rapid_review", sent_on) and not delay_reason.strip():
        raise ValidationError(
            {"delay_reason": "The rapid review was sent after its due date: enter the reason for the delay"}
        )
    step = routes.after_rapid_review_sent(outcome.decision)
    try:
        with transaction.atomic(durable=True):
            submission = PanelSubmission.objects.create(
                case=case,
                report=state.report,
                report_sha256=state.report.sha256,
                signoff_record=record,
                outcome_version=outcome.version,
                sent_on=sent_on,
                recorded_by=actor,
                recorded_at=clock.now(),
            )
            if first_sending:
                milestone_record(
                    actor=actor, case=case, event=MilestoneEvent.RAPID_REVIEW_SENT, occurred_on=sent_on
                )
                if delay_reason.strip():
                    deadline_late_reason_record(
                        actor=actor, case=case, rule_code="rapid_review", reason=delay_reason
                    )
            for event in step.milestones:
                if not Milestone.objects.filter(case=case, event=event).exists():
                    milestone_record(actor=actor, case=case, event=event, occurred_on=sent_on)
            case_stage_advance(actor=actor, case=case, to_stage=step.stage, reason="rapid_review_sent")
            if step.stage == Stage.LCSPR:
                # The route into the LCSPR stage opens the statutory local review, started on the date sent
                # (the `lcspr_initiated` milestone just recorded).
                local_review_open_statutory(actor=actor, case=case, initiated_on=sent_on)
            record_event(
                event_type=EventType.PANEL_SUBMISSION_RECORDED,
                actor=actor,
                case=case,
                target=submission,
                data={
                    "submission_id": submission.pk,
                    "report_id": state.report.pk,
                    "report_sha256": state.report.sha256,
                    "signoff_record_id": record.pk,
                    "signoff_record_sha256": record.pdf_sha256,
                    "outcome_version": outcome.version,
                    "sent_on": sent_on.isoformat(),
                    "open_challenges": facts.open_challenges,
                },
            )
    except IntegrityError as exc:
        raise ValidationError("The submission to the Panel has already been recorded") from exc
    return submission


def panel_response_record(
    *, actor: User, case: Case, response: str, response_on: dt.date, notes: str = ""
) -> PanelSubmission:
    if not may(actor, PanelAction.RECORD, case):
        raise PermissionDenied
    if response not in PanelResponse.values:
        raise ValidationError({"response": "Select the Panel's response"})
    with transaction.atomic(durable=True):
        submission = (
            PanelSubmission.objects.select_for_update(no_key=True)
            .filter(case=case, superseded_at__isnull=True)
            .first()
        )
        if submission is None:
            raise ValidationError("Record sending the report to the Panel first")
        if response_on < submission.sent_on:
            raise ValidationError(
                {"response_on": "The response cannot be before the date the report was sent"}
            )
        if response_on > clock.today():
            raise ValidationError({"response_on": "The date of the response must be today or in the past"})
        submission.response, submission.response_on = response, response_on
        submission.response_notes = notes.strip()
        submission.response_recorded_by, submission.response_recorded_at = actor, clock.now()
        submission.save()
        record_event(
            event_type=EventType.PANEL_RESPONSE_RECORDED,
            actor=actor,
            case=case,
            target=submission,
            data={
                "submission_id": submission.pk,
                "response": response,
                "response_on": response_on.isoformat(),
            },
        )
        handoff_notify(
            event=Handoff.PANEL_RESPONSE,
            case=case,
            actor=actor,
            link=reverse("panel:submission", kwargs={"case_id": case.pk}),
        )
    return submission


def _current_locked(case: Case) -> PanelSubmission:
    submission = (
        PanelSubmission.objects.select_for_update(no_key=True)
        .filter(case=case, superseded_at__isnull=True)
        .first()
    )
    if submission is None:
        raise ValidationError("Record sending the report to the Panel first")
    return submission


def panel_learning_route_record(*, actor: User, case: Case, learning_route: str) -> PanelSubmission:
    """No LCSPR: the business unit records the learning route (single-agency learning, a learning event, a
    thematic review, no further action). The case moves to "Action plan" while any case action is open,
    and closes otherwise."""
    if not may(actor, PanelAction.RECORD, case):
        raise PermissionDenied("Only the business unit records the learning route")
    if learning_route not in LearningRoute.values:
        raise ValidationError({"learning_route": "Select the learning route"})
    outcome = outcome_for_case(case)
    if outcome is not None and outcome.decision == routes.LCSPR:
        raise ValidationError(
            "The partners decided to hold a local review (LCSPR): there is no other learning route"
        )
    with transaction.atomic(durable=True):
        locked_case = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
        if locked_case.stage != Stage.DECISION:
            raise ValidationError("The learning route is recorded once the rapid review is sent")
        submission = _current_locked(locked_case)
        if submission.follow_up == FollowUp.AWAIT_NATIONAL_REVIEW:
            raise ValidationError("The case waits on the Panel's national review")
        submission.learning_route = learning_route
        submission.learning_route_recorded_by, submission.learning_route_recorded_at = actor, clock.now()
        submission.save()
        to_stage = routes.stage_after_learning_route(open_actions=case_has_open_actions(locked_case))
        case_stage_advance(
            actor=actor, case=locked_case, to_stage=to_stage, reason=f"learning_route_{learning_route}"
        )
        record_event(
            event_type=EventType.PANEL_LEARNING_ROUTE_RECORDED,
            actor=actor,
            case=case,
            target=submission,
            data={"submission_id": submission.pk, "learning_route": learning_route, "to": to_stage},
        )
    case.refresh_from_db()
    return submission


def panel_follow_up_record(
    *, actor: User, case: Case, follow_up: str, national_review_reference: str = ""
) -> PanelSubmission:
    """The Panel disagreed, or will consider a national review: the business unit records what follows.
    Reconsidering (the business manager: a move back) supersedes this submission, sends the case back to
    the rapid review and reopens the outcome as a new version (its sign-offs are superseded); waiting on
    the national review records the Panel's reference and leaves the case where it is."""
    if not may(actor, PanelAction.RECORD, case):
        raise PermissionDenied
    if follow_up not in FollowUp.values:
        raise ValidationError({"follow_up": "Select what follows the Panel's response"})
    reference = national_review_reference.strip()
    if follow_up == FollowUp.AWAIT_NATIONAL_REVIEW and not reference:
        raise ValidationError(
            {"national_review_reference": "Enter the Panel's reference for the national review"}
        )
    if follow_up == FollowUp.RECONSIDER:
        reference = ""
        if not can(actor, CaseAction.MOVE_BACK, case):
            raise ValidationError(
                {"follow_up": "Only the business manager can send the case back to the rapid review"}
            )
    with transaction.atomic(durable=True):
        locked_case = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
        submission = _current_locked(locked_case)
        if not routes.follow_up_allowed(submission.response, follow_up):
            raise ValidationError(
                "Record the Panel's response first: this is for when the Panel disagrees or will consider a "
                "national review"
            )
        now = clock.now()
        submission.follow_up, submission.national_review_reference = follow_up, reference
        submission.follow_up_recorded_by, submission.follow_up_recorded_at = actor, now
        if follow_up == FollowUp.RECONSIDER:
            to_stage = routes.stage_after_follow_up(stage=locked_case.stage, follow_up=follow_up)
            if to_stage is None:
                raise ValidationError(
                    {"follow_up": "The case can go back to the rapid review only from the decision stage"}
                )
            submission.superseded_at = now
        submission.save()
        record_event(
            event_type=EventType.PANEL_FOLLOW_UP_RECORDED,
            actor=actor,
            case=case,
            target=submission,
            data={
                "submission_id": submission.pk,
                "follow_up": follow_up,
                "has_reference": bool(reference),
            },
        )
        if follow_up == FollowUp.RECONSIDER:
            locked_case = case_stage_advance(
                actor=actor, case=locked_case, to_stage=Stage.RAPID_REVIEW, reason="panel_reconsideration"
            )
            outcome_version_raise(
                actor=actor,
                case=locked_case,
                cause="panel_reconsideration",
                data={"submission_id": submission.pk},
            )
    case.refresh_from_db()
    return submission
