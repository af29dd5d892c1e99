"""Recording the rapid review's submission to the Panel and the Panel's response. Keyword-only; each checks
the policy, owns its transaction and records one audit event (ids, codes and dates only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from safeguarding_reviews.alerts.rules import Handoff
from safeguarding_reviews.alerts.services import handoff_notify
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import MilestoneEvent
from safeguarding_reviews.clocks.services import milestone_record
from safeguarding_reviews.core import clock
from safeguarding_reviews.outcomes.selectors import outcome_for_case
from safeguarding_reviews.signoffs.selectors import signoff_state

from .models import PanelResponse, PanelSubmission
from .policies import PanelAction, may


def panel_submission_record(*, actor: Any, case: Case, sent_on: dt.date) -> PanelSubmission:
    """Record that the signed-off report was sent to the Panel on `sent_on`: the rapid review clock's "sent"
    milestone, and the case moves on to the decision stage (the outcome is then fixed)."""
    if not may(actor, PanelAction.RECORD, case):
        raise PermissionDenied
    if case.stage != Stage.RAPID_REVIEW:
        raise ValidationError(
            "The rapid review has already been sent, or the case is not at the rapid review"
        )
    if sent_on > clock.today():
        raise ValidationError({"sent_on": "The date sent must be today or in the past"})
    outcome = outcome_for_case(case)
    if outcome is None:
        raise ValidationError("Record the rapid review outcome first")
    state = signoff_state(outcome)
    if state.report is None or not state.complete:
        raise ValidationError("All three partners must sign off the current report before it is sent")
    try:
        with transaction.atomic(durable=True):
            submission = PanelSubmission.objects.create(
                case=case,
                report=state.report,
                report_sha256=state.report.sha256,
                outcome_version=outcome.version,
                sent_on=sent_on,
                recorded_by=actor,
                recorded_at=clock.now(),
            )
            milestone_record(
                actor=actor, case=case, event=MilestoneEvent.RAPID_REVIEW_SENT, occurred_on=sent_on
            )
            case_stage_advance(actor=actor, case=case, to_stage=Stage.DECISION, reason="rapid_review_sent")
            record_event(
                event_type=EventType.PANEL_SUBMISSION_RECORDED,
                actor=actor,
                case=case,
                target=submission,
                data={
                    "submission_id": submission.pk,
                    "report_id": state.report.pk,
                    "report_sha256": state.report.sha256,
                    "outcome_version": outcome.version,
                    "sent_on": sent_on.isoformat(),
                },
            )
    except IntegrityError as exc:
        raise ValidationError("The submission to the Panel has already been recorded") from exc
    return submission


def panel_response_record(
    *, actor: Any, case: Case, response: str, response_on: dt.date, notes: str = ""
) -> PanelSubmission:
    if not may(actor, PanelAction.RECORD, case):
        raise PermissionDenied
    if response not in PanelResponse.values:
        raise ValidationError({"response": "Select the Panel's response"})
    with transaction.atomic(durable=True):
        submission = PanelSubmission.objects.select_for_update().filter(case=case).first()
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
