"""Writes at screening. Each service owns its transaction and records one screening audit event; the
stage move and the clock milestones they trigger record their own events inside the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.organisations.models import Partnership

from .criteria import ALL_CRITERIA, Answer, LearningRoute, Outcome, assess, inconsistency
from .models import Screening, ScrutinyComment
from .policies import ScreeningAction, is_chair, may

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

PREPARE_FIELDS = (
    *(name for name, _ in ALL_CRITERIA),
    *(f"{name}_note" for name, _ in ALL_CRITERIA),
    "lived_elsewhere",
    "other_local_authority",
    "other_partnership",
    "other_partnership_name",
)
SCREENABLE_STAGES = frozenset({Stage.REFERRAL, Stage.SCREENING})


def _screening_row(case: Case) -> Screening:
    """Lock (creating if needed) the case's screening row inside the caller's transaction."""
    Screening.objects.get_or_create(case=case, defaults={"version": 1})
    return Screening.objects.select_for_update(no_key=True).get(case=case)


def _start_screening_if_needed(*, actor: User, case: Case) -> None:
    """A case the business unit opened by hand starts at "referral": screening it moves it on."""
    if Case.objects.filter(pk=case.pk).values_list("stage", flat=True).get() == Stage.REFERRAL:
        case_stage_advance(actor=actor, case=case, to_stage=Stage.SCREENING, reason="screening_started")


def _record_conflict(*, actor: User, case: Case, expected_version: int) -> None:
    with transaction.atomic(durable=True):
        record_event(
            event_type=EventType.SCREENING_UPDATE_CONFLICT,
            actor=actor,
            case=case,
            data={"expected_version": expected_version},
        )


def screening_awareness_record(
    *, actor: User, case: Case, expected_version: int, la_became_aware_on: dt.date
) -> Screening:
    """Record the date the local authority became aware. The 5-working-day clocks run from it."""
    if not may(actor, ScreeningAction.PREPARE, case):
        raise PermissionDenied
    if case.stage == Stage.CLOSED:
        raise ValidationError("The case is closed")
    if la_became_aware_on > clock.today():
        raise ValidationError({"la_became_aware_on": "The date must be today or in the past"})
    if case.incident_date and la_became_aware_on < case.incident_date:
        raise ValidationError(
            {"la_became_aware_on": "The local authority cannot become aware before the date of the incident"}
        )
    try:
        with transaction.atomic(durable=True):
            screening = _screening_row(case)
            screening = update_versioned(
                screening,
                expected_version=expected_version,
                changes={"la_became_aware_on": la_became_aware_on},
            )
            _start_screening_if_needed(actor=actor, case=case)
            milestone_record(
                actor=actor, case=case, event=MilestoneEvent.LA_BECAME_AWARE, occurred_on=la_became_aware_on
            )
            record_event(
                event_type=EventType.SCREENING_AWARENESS_RECORDED,
                actor=actor,
                case=case,
                target=screening,
                data={"version": screening.version},
            )
    except StaleVersionError:
        _record_conflict(actor=actor, case=case, expected_version=expected_version)
        raise
    return screening


def _check_prepare(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(PREPARE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    errors: dict[str, str] = {}
    for name, _ in ALL_CRITERIA:
        if changes.get(name, "") not in ("", *Answer.values):
            errors[name] = "Select yes, no or not known"
    cleaned = dict(changes)
    if cleaned.get("lived_elsewhere"):
        if not (cleaned.get("other_local_authority") or "").strip():
            errors["other_local_authority"] = "Enter the local authority where the child lived"
        chosen = cleaned.get("other_partnership")
        typed = (cleaned.get("other_partnership_name") or "").strip()
        if chosen and typed:
            errors["other_partnership_name"] = "Choose a partnership from the list or type its name, not both"
        elif not chosen and not typed:
            errors["other_partnership"] = "Choose the child's home partnership, or type its name below"
        if chosen is not None and not isinstance(chosen, Partnership):
            raise ValueError("other_partnership must be a Partnership")
    else:
        cleaned.update(other_local_authority="", other_partnership=None, other_partnership_name="")
    if errors:
        raise ValidationError(errors)
    return cleaned


def screening_prepare(
    *, actor: User, case: Case, expected_version: int, changes: dict[str, Any]
) -> Screening:
    """Save the criteria checklist (and where the child lived). Locked once the decision is recorded."""
    if not may(actor, ScreeningAction.PREPARE, case):
        raise PermissionDenied
    if case.stage not in SCREENABLE_STAGES:
        raise ValidationError("The screening decision has been recorded: the checklist can no longer change")
    cleaned = _check_prepare(changes)
    if (
        cleaned.get("other_partnership") is not None
        and cleaned["other_partnership"].pk == case.lead_partnership_id
    ):
        raise ValidationError({"other_partnership": "Choose a partnership other than this case's"})
    try:
        with transaction.atomic(durable=True):
            screening = _screening_row(case)
            if screening.is_decided:
                raise ValidationError(
                    "The screening decision has been recorded: the checklist can no longer change"
                )
            changed = sorted(name for name, value in cleaned.items() if getattr(screening, name) != value)
            screening = update_versioned(
                screening,
                expected_version=expected_version,
                changes=cleaned | {"prepared_by": actor, "prepared_at": clock.now()},
            )
            _start_screening_if_needed(actor=actor, case=case)
            # Codes only: the answers are yes/no/not known and the fields are names; notes are free text.
            record_event(
                event_type=EventType.SCREENING_PREPARED,
                actor=actor,
                case=case,
                target=screening,
                data={
                    "answers": {name: getattr(screening, name) for name, _ in ALL_CRITERIA},
                    "lived_elsewhere": screening.lived_elsewhere,
                    "other_partnership_id": screening.other_partnership_id,
                    "fields": changed,
                    "version": screening.version,
                },
            )
    except StaleVersionError:
        _record_conflict(actor=actor, case=case, expected_version=expected_version)
        raise
    return screening


def screening_decide(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    outcome: str,
    learning_route: str,
    rationale: str,
    decided_on: dt.date,
    confirm_inconsistent: bool = False,
) -> Screening:
    """The local authority delegate decides: notify the Panel, or another learning route.

    "Notify" moves the case to the notification stage; "does not meet the criteria" closes it with the
    learning route recorded. Either way the Independent Chair is told (an alert and an email that
    carries only the case reference and a link)."""
    if not may(actor, ScreeningAction.DECIDE, case):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Select the decision"
    if outcome == Outcome.OTHER_LEARNING_ROUTE and learning_route not in LearningRoute.values:
        errors["learning_route"] = "Select the other learning route"
    if outcome == Outcome.NOTIFY:
        learning_route = ""
    if not (rationale or "").strip():
        errors["rationale"] = "Enter the rationale for the decision"
    if decided_on > clock.today():
        errors["decided_on"] = "The date of the decision must be today or in the past"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(durable=True):
            screening = _screening_row(case)
            locked_case = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
            if screening.is_decided:
                raise ValidationError("A decision has already been recorded for this case")
            if locked_case.stage != Stage.SCREENING:
                raise ValidationError("The case is not at screening")
            if screening.la_became_aware_on is None:
                raise ValidationError(
                    "Record the date the local authority became aware before recording the decision"
                )
            if decided_on < screening.la_became_aware_on:
                raise ValidationError(
                    {"decided_on": "The decision cannot be before the local authority became aware"}
                )
            assessment = assess(screening.answers())
            if assessment.unanswered and set(assessment.unanswered) & {n for n, _ in ALL_CRITERIA[:3]}:
                raise ValidationError("Answer the s16C questions on the criteria checklist first")
            problem = inconsistency(outcome, assessment)
            if problem and not confirm_inconsistent:
                raise ValidationError({"confirm_inconsistent": problem})
            screening = update_versioned(
                screening,
                expected_version=expected_version,
                changes={
                    "outcome": outcome,
                    "learning_route": learning_route,
                    "rationale": rationale.strip(),
                    "decided_on": decided_on,
                    "decided_by": actor,
                    "decided_at": clock.now(),
                    "inconsistency_confirmed": bool(problem),
                },
            )
            milestone_record(
                actor=actor, case=case, event=MilestoneEvent.DECISION_RECORDED, occurred_on=decided_on
            )
            if outcome == Outcome.NOTIFY:
                case_stage_advance(
                    actor=actor,
                    case=locked_case,
                    to_stage=Stage.NOTIFICATION,
                    reason="screening_decision_notify",
                )
            else:
                case_stage_advance(
                    actor=actor,
                    case=locked_case,
                    to_stage=Stage.CLOSED,
                    reason=f"screening_decision_{learning_route}",
                )
            record_event(
                event_type=EventType.SCREENING_DECIDED,
                actor=actor,
                case=case,
                target=screening,
                data={
                    "outcome": outcome,
                    "learning_route": learning_route,
                    "inconsistency_confirmed": bool(problem),
                    "version": screening.version,
                },
            )
            _tell_chairs(actor=actor, case=case)
    except StaleVersionError:
        _record_conflict(actor=actor, case=case, expected_version=expected_version)
        raise
    case.refresh_from_db()
    return screening


def _tell_chairs(*, actor: User, case: Case) -> None:
    """The Independent Chair is informed of every decision (Working Together 2023: independent scrutiny)."""
    handoff_notify(
        event=Handoff.SCREENING_DECISION,
        case=case,
        actor=actor,
        link=reverse("screening:detail", kwargs={"case_id": case.pk}),
    )


def scrutiny_comment_add(
    *, actor: User, case: Case, body: str, reply_to: ScrutinyComment | None = None
) -> ScrutinyComment:
    """The Independent Chair records a scrutiny comment, or the business unit answers one."""
    if not may(actor, ScreeningAction.SCRUTINY, case):
        raise PermissionDenied
    if not (body or "").strip():
        raise ValidationError({"body": "Enter your comment"})
    if reply_to is not None and reply_to.case_id != case.pk:
        raise ValidationError({"reply_to": "Choose a comment on this case"})
    from_chair = is_chair(actor, case)
    path = reverse("screening:scrutiny", kwargs={"case_id": case.pk})
    with transaction.atomic(durable=True):
        comment = ScrutinyComment.objects.create(
            case=case,
            author=actor,
            from_chair=from_chair,
            reply_to=reply_to,
            body=body.strip(),
            created_at=clock.now(),
        )
        record_event(
            event_type=EventType.SCRUTINY_COMMENTED,
            actor=actor,
            case=case,
            target=comment,
            data={"from_chair": from_chair, "reply_to_id": reply_to.pk if reply_to else None},
        )
        handoff_notify(
            event=Handoff.SCRUTINY_COMMENT if from_chair else Handoff.SCRUTINY_REPLY,
            case=case,
            actor=actor,
            link=path,
        )
    return comment
