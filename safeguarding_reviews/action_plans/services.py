"""Writes to the action plans. Keyword-only; each checks the policy (policies.PlanAccess), owns its
transaction, makes its change a conditional update on the row's version where the row is versioned
(core.versioning: a stale save raises StaleVersionError, nothing overwritten) and records one audit event
holding ids, dates and codes only, never the text typed.

Statuses move only as actions/lifecycle.py allows; closing and the impact check follow closure.py; the chase
follows escalation.py. An action's status change is also kept as a dated entry in its updates
(actions.CaseActionUpdate), so an action's updates are its whole history, whichever page changed it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from safeguarding_reviews.actions.lifecycle import (
    ActionStatus,
    Move,
    move,
)
from safeguarding_reviews.actions.models import ActionSource, CaseAction, CaseActionUpdate
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_lock
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import update_versioned
from safeguarding_reviews.documents.services import document_store
from safeguarding_reviews.organisations.models import Agency, Partnership
from safeguarding_reviews.outcomes.models import PracticeTheme

from . import closure, escalation
from .models import (
    ADOPTED_ORIGINS,
    ActionChase,
    ActionEvidence,
    DecidedBy,
    EvidenceDecision,
    EvidenceKind,
    EvidenceOutcome,
    ImpactCheck,
    ImpactCheckRule,
    Recommendation,
    RecommendationClosure,
    RecommendationOrigin,
)
from .policies import PlanAccess, PlanPermission, may_add_action_for

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

EVIDENCE_PURPOSE = "action_evidence"


def _refuse(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def _past_or_today(name: str, label: str, day: dt.date | None) -> None:
    if day is None:
        raise ValidationError({name: f"Enter the {label}"})
    if day > clock.today():
        raise ValidationError({name: f"The {label} must be today or in the past"})


def _required(**texts: tuple[str, str]) -> None:
    errors = {name: message for name, (value, message) in texts.items() if not value.strip()}
    if errors:
        raise ValidationError(errors)


# --- recommendations ---------------------------------------------------------------------------------------


@dataclass
class RecommendationFields:
    """What the business unit writes about a recommendation (the form's cleaned data)."""

    text: str
    all_partners: bool = False
    lead_agency_id: int | None = None
    contributing_agency_ids: list[int] = field(default_factory=list)
    expected_difference: str = ""
    measured_by: str = ""
    due_on: dt.date | None = None
    theme_ids: list[int] = field(default_factory=list)
    source_title: str = ""
    source_detail: str = ""


def _agencies_of(partnership: Partnership, ids: Iterable[int]) -> list[Agency]:
    wanted = sorted(set(ids))
    found = list(Agency.objects.filter(partnership=partnership, pk__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError({"contributing_agency_ids": "Select agencies from the list"})
    return found


def _themes_of(ids: Iterable[int]) -> list[PracticeTheme]:
    wanted = sorted(set(ids))
    found = list(PracticeTheme.objects.filter(pk__in=wanted, is_active=True))
    if len(found) != len(wanted):
        raise ValidationError({"theme_ids": "Select practice themes from the list"})
    return found


def _recommendation_values(
    partnership: Partnership, fields: RecommendationFields, *, adopted: bool
) -> tuple[dict[str, Any], list[Agency], list[PracticeTheme]]:
    errors: dict[str, str] = {}
    if not fields.text.strip():
        errors["text"] = "Enter the recommendation"
    if adopted and not fields.source_title.strip():
        errors["source_title"] = "Enter the name of the review the recommendation comes from"
    if not fields.all_partners and fields.lead_agency_id is None and not fields.contributing_agency_ids:
        errors["lead_agency_id"] = "Select the lead agency, or choose all partners"
    if errors:
        raise ValidationError(errors)
    lead = None
    if not fields.all_partners and fields.lead_agency_id is not None:
        lead = Agency.objects.filter(partnership=partnership, pk=fields.lead_agency_id).first()
        if lead is None:
            raise ValidationError({"lead_agency_id": "Select the lead agency from the list"})
    contributing = [] if fields.all_partners else _agencies_of(partnership, fields.contributing_agency_ids)
    contributing = [agency for agency in contributing if lead is None or agency.pk != lead.pk]
    values = {
        "text": fields.text.strip(),
        "all_partners": fields.all_partners,
        "lead_agency": lead,
        "expected_difference": fields.expected_difference.strip(),
        "measured_by": fields.measured_by.strip(),
        "due_on": fields.due_on,
        "source_title": fields.source_title.strip() if adopted else "",
        "source_detail": fields.source_detail.strip() if adopted else "",
    }
    return values, contributing, _themes_of(fields.theme_ids)


def _recommendation_event(
    event_type: EventType, actor: User, recommendation: Recommendation, target: Any = None, **data: Any
) -> None:
    """One audit event about a recommendation (its case, if any, and its partnership), ids and codes only."""
    record_event(
        event_type=event_type,
        actor=actor,
        case=recommendation.case,
        partnership=recommendation.partnership,
        target=target or recommendation,
        data={"recommendation_id": recommendation.pk, **data},
    )


def _next_number(partnership: Partnership, case: Case | None) -> int:
    last = Recommendation.objects.filter(partnership=partnership, case=case).aggregate(last=Max("number"))
    return (last["last"] or 0) + 1


def recommendation_adopt(
    *, actor: User, partnership: Partnership, origin: str, fields: RecommendationFields
) -> Recommendation:
    """A recommendation the partnership adopts from elsewhere (a national review, another partnership's
    review, a thematic review), entered by the business unit with its source. It has no case."""
    if not PlanAccess(actor, partnership).runs_plans:
        raise _refuse("Only the business unit adds recommendations to the action plans")
    if origin not in ADOPTED_ORIGINS:
        raise ValidationError({"origin": "Select where the recommendation comes from"})
    values, contributing, themes = _recommendation_values(partnership, fields, adopted=True)
    now = clock.now()
    with transaction.atomic(durable=True):
        recommendation = Recommendation.objects.create(
            partnership=partnership,
            origin=origin,
            number=_next_number(partnership, None),
            created_by=actor,
            created_at=now,
            updated_at=now,
            **values,
        )
        recommendation.contributing_agencies.set(contributing)
        recommendation.themes.set(themes)
        record_event(
            event_type=EventType.RECOMMENDATION_ADDED,
            actor=actor,
            partnership=partnership,
            target=recommendation,
            data=_recommendation_data(recommendation, contributing, themes),
        )
    return recommendation


def _recommendation_data(
    recommendation: Recommendation, contributing: list[Agency], themes: list[PracticeTheme]
) -> dict[str, Any]:
    return {
        "recommendation_id": recommendation.pk,
        "origin": recommendation.origin,
        "all_partners": recommendation.all_partners,
        "lead_agency_id": recommendation.lead_agency_id,
        "agency_ids": sorted(a.pk for a in contributing),
        "theme_ids": sorted(t.pk for t in themes),
        "due_on": recommendation.due_on.isoformat() if recommendation.due_on else None,
    }


def recommendations_take_in(*, actor: User, case: Case) -> list[Recommendation]:
    """Take the case's recommendations into the action plan, at any stage: every final report recommendation
    (by its stable id) and every rapid review learning point not taken in yet. What each says is copied
    (text, agencies, due date, expected difference, themes) for the business unit to complete; the plan keeps
    its copy whatever happens to the record later. Returns the new ones (none when all are in)."""
    from safeguarding_reviews.final_reports.models import AgencyScope
    from safeguarding_reviews.final_reports.models import Recommendation as ReportRecommendation
    from safeguarding_reviews.outcomes.models import LearningPoint

    partnership = case.lead_partnership
    if not PlanAccess(actor, partnership).runs_plans:
        raise _refuse("Only the business unit takes recommendations into the action plan")
    created: list[Recommendation] = []
    now = clock.now()
    with transaction.atomic(durable=True):
        case_lock(case=case)
        number = _next_number(partnership, case)
        report_recommendations = (
            ReportRecommendation.objects.filter(report__case=case, action_plan_recommendation__isnull=True)
            .prefetch_related("agencies", "themes")
            .order_by("number", "pk")
        )
        for source in report_recommendations:
            agencies = list(source.agencies.all())
            recommendation = Recommendation.objects.create(
                partnership=partnership,
                case=case,
                origin=RecommendationOrigin.LCSPR,
                final_report_recommendation=source,
                number=number,
                text=source.required,
                all_partners=source.agency_scope == AgencyScope.PARTNERS or not agencies,
                expected_difference=source.expected_difference,
                due_on=source.due_on,
                created_by=actor,
                created_at=now,
                updated_at=now,
            )
            if not recommendation.all_partners:
                recommendation.contributing_agencies.set(agencies)
            recommendation.themes.set(list(source.themes.all()))
            created.append(recommendation)
            number += 1
        learning_points = (
            LearningPoint.objects.filter(outcome__case=case, action_plan_recommendation__isnull=True)
            .prefetch_related("themes")
            .order_by("pk")
        )
        for point in learning_points:
            recommendation = Recommendation.objects.create(
                partnership=partnership,
                case=case,
                origin=RecommendationOrigin.RAPID_REVIEW,
                learning_point=point,
                number=number,
                text=point.text,
                all_partners=True,
                created_by=actor,
                created_at=now,
                updated_at=now,
            )
            recommendation.themes.set(list(point.themes.all()))
            created.append(recommendation)
            number += 1
        if created:
            record_event(
                event_type=EventType.RECOMMENDATION_ADDED,
                actor=actor,
                case=case,
                data={
                    "recommendation_ids": [r.pk for r in created],
                    "final_report_recommendation_ids": [
                        r.final_report_recommendation_id for r in created if r.final_report_recommendation_id
                    ],
                    "learning_point_ids": [r.learning_point_id for r in created if r.learning_point_id],
                },
            )
    return created


def recommendation_update(
    *, actor: User, recommendation: Recommendation, expected_version: int, fields: RecommendationFields
) -> Recommendation:
    """Change what a recommendation says, who it is for, its due date or themes (the business unit)."""
    partnership = recommendation.partnership
    if not PlanAccess(actor, partnership).runs_plans:
        raise _refuse("Only the business unit changes a recommendation")
    values, contributing, themes = _recommendation_values(
        partnership, fields, adopted=recommendation.origin in ADOPTED_ORIGINS
    )
    changed = [name for name, value in values.items() if getattr(recommendation, name) != value]
    if sorted(a.pk for a in recommendation.contributing_agencies.all()) != sorted(a.pk for a in contributing):
        changed.append("contributing_agencies")
    if sorted(t.pk for t in recommendation.themes.all()) != sorted(t.pk for t in themes):
        changed.append("themes")
    with transaction.atomic(durable=True):
        recommendation = update_versioned(
            recommendation, expected_version=expected_version, changes={**values, "updated_at": clock.now()}
        )
        recommendation.contributing_agencies.set(contributing)
        recommendation.themes.set(themes)
        _recommendation_event(
            EventType.RECOMMENDATION_CHANGED,
            actor,
            recommendation,
            version=recommendation.version,
            fields=sorted(changed),
        )
    return recommendation


# --- actions -----------------------------------------------------------------------------------------------


@dataclass
class ActionFields:
    description: str
    owner_agency_id: int | None
    due_on: dt.date | None
    owner_role: str = ""
    owner_user_id: int | None = None


def _action_values(partnership: Partnership, fields: ActionFields) -> dict[str, Any]:
    from safeguarding_reviews.organisations.selectors import people_with_roles

    errors: dict[str, str] = {}
    if not fields.description.strip():
        errors["description"] = "Enter what the agency will do"
    if fields.owner_agency_id is None:
        errors["owner_agency_id"] = "Select the agency that owns the action"
    if fields.due_on is None:
        errors["due_on"] = "Enter the due date"
    # A due date in the past is allowed: a plan kept until now in a spreadsheet comes in with its overdue
    # actions, which are then overdue here too (derived) and chased.
    if not fields.owner_role.strip() and fields.owner_user_id is None:
        errors["owner_role"] = "Enter the owner's role"
    if errors or fields.owner_agency_id is None:
        raise ValidationError(errors)
    agency = Agency.objects.filter(partnership=partnership, pk=fields.owner_agency_id).first()
    if agency is None:
        raise ValidationError({"owner_agency_id": "Select the agency from the list"})
    owner = None
    if fields.owner_user_id is not None:
        members = {
            user.pk: user
            for user in people_with_roles(partnership_id=partnership.pk, roles=OWNER_ACCOUNT_ROLES)
        }
        owner = members.get(fields.owner_user_id)
        if owner is None:
            raise ValidationError({"owner_user_id": "Select the owner's account from the list"})
    return {
        "description": fields.description.strip(),
        "owner_agency": agency,
        "owner_role": fields.owner_role.strip(),
        "owner_user": owner,
        "due_on": fields.due_on,
    }


# The roles whose accounts may be named as an action's owner (an agency's people).
OWNER_ACCOUNT_ROLES = ("agency_representative", "agency_author")


def _new_action(actor: User, recommendation: Recommendation, values: dict[str, Any]) -> CaseAction:
    return CaseAction.objects.create(
        case=recommendation.case,
        partnership=recommendation.partnership,
        source=ActionSource.RECOMMENDATION,
        recommendation=recommendation,
        added_by=actor,
        **values,
    )


def _action_data(action: CaseAction, **extra: Any) -> dict[str, Any]:
    return {
        "action_id": action.pk,
        "recommendation_id": action.recommendation_id,
        "owner_agency_id": action.owner_agency_id,
        "version": action.version,
        **extra,
    }


def plan_action_add(*, actor: User, recommendation: Recommendation, fields: ActionFields) -> CaseAction:
    """An agency's action answering a recommendation addressed to it: the business unit for any addressed
    agency, an agency representative for their own."""
    access = PlanAccess(actor, recommendation.partnership)
    if not access.may_recommendation(PlanPermission.ADD_ACTION, recommendation):
        raise _refuse("Only the business unit or an addressed agency's representative adds actions")
    if recommendation.status != closure.RecommendationStatus.OPEN:
        raise ValidationError(
            "This recommendation is closed: an impact check that finds no impact reopens it"
        )
    values = _action_values(recommendation.partnership, fields)
    if not may_add_action_for(access, recommendation, values["owner_agency"].pk):
        raise ValidationError(
            {"owner_agency_id": "Select an agency the recommendation is addressed to (your own agency)"}
        )
    with transaction.atomic(durable=True):
        action = _new_action(actor, recommendation, values)
        record_event(
            event_type=EventType.PLAN_ACTION_ADDED,
            actor=actor,
            case=action.case,
            partnership=action.partnership,
            target=action,
            data=_action_data(action, due_on=action.due_on.isoformat(), owner_user_id=action.owner_user_id),
        )
    return action


def _check(actor: User, action: CaseAction, permission: PlanPermission, message: str) -> PlanAccess:
    access = PlanAccess(actor, action.partnership)
    if not (access.may_view_action(action) and access.may_action(permission, action)):
        raise _refuse(message)
    return access


def _action_change(
    *,
    actor: User,
    action: CaseAction,
    expected_version: int,
    changes: dict[str, Any],
    event_type: EventType,
    happened_on: dt.date,
    text: str,
    target_update: bool = False,
    **data: Any,
) -> tuple[CaseAction, CaseActionUpdate]:
    """The one way an action changes, inside the caller's transaction: a conditional update on its version
    (a stale one raises StaleVersionError), a dated entry in its updates (from and to, when the status moved)
    and one audit event naming the action, or the update itself when that is what was added."""
    previous = action.status
    action = update_versioned(action, expected_version=expected_version, changes=changes)
    moved = previous != action.status
    update = CaseActionUpdate.objects.create(
        action=action,
        happened_on=happened_on,
        text=text.strip(),
        status_from=previous if moved else "",
        status_to=action.status if moved else "",
        added_by=actor,
    )
    record_event(
        event_type=event_type,
        actor=actor,
        case=action.case,
        partnership=action.partnership,
        target=update if target_update else action,
        data=_action_data(action, update_id=update.pk, **data),
    )
    return action, update


def _moved(action: CaseAction, new: str, allowed: set[Move]) -> None:
    found = move(action.status, new)
    if found is None or found not in allowed:
        raise ValidationError(
            {"status": f"An action {ActionStatus(action.status).label.lower()} cannot move to that status"}
        )


def plan_action_update(
    *,
    actor: User,
    action: CaseAction,
    expected_version: int,
    happened_on: dt.date,
    text: str,
    status: str = "",
) -> CaseActionUpdate:
    """A dated progress update (the owning agency's people or the business unit), optionally moving the
    action between not started and in progress."""
    _check(
        actor,
        action,
        PlanPermission.UPDATE,
        "Only the owning agency or the business unit updates this action",
    )
    _required(text=(text, "Enter the update"))
    _past_or_today("happened_on", "date of the update", happened_on)
    changes: dict[str, Any] = {}
    if status and status != action.status:
        _moved(action, status, {Move.WORK})
        changes["status"] = status
    with transaction.atomic(durable=True):
        _, update = _action_change(
            actor=actor,
            action=action,
            expected_version=expected_version,
            changes=changes,
            event_type=EventType.PLAN_ACTION_UPDATED,
            happened_on=happened_on,
            text=text,
            target_update=True,
            to=changes.get("status"),
        )
    return update


def plan_action_complete(
    *, actor: User, action: CaseAction, expected_version: int, completed_on: dt.date, text: str = ""
) -> CaseAction:
    """The agency says the action is done and gives the date it wants it considered complete; it then awaits
    the evidence and the business unit's or the committee's decision."""
    _check(
        actor,
        action,
        PlanPermission.UPDATE,
        "Only the owning agency or the business unit completes this action",
    )
    _moved(action, ActionStatus.AWAITING_EVIDENCE, {Move.COMPLETE})
    _past_or_today("completed_on", "date it should be considered complete", completed_on)
    with transaction.atomic(durable=True):
        action, _ = _action_change(
            actor=actor,
            action=action,
            expected_version=expected_version,
            changes={"status": ActionStatus.AWAITING_EVIDENCE, "completed_on": completed_on},
            event_type=EventType.PLAN_ACTION_COMPLETED,
            happened_on=clock.today(),
            text=text,
            completed_on=completed_on.isoformat(),
        )
    return action


def evidence_add(
    *, actor: User, action: CaseAction, uploaded_file: Any, kind: str, description: str = ""
) -> ActionEvidence:
    """A file of evidence for an action (an audit, a sample, a training record, a revised procedure), kept in
    the document store. Not on a settled action: its evidence has been decided."""
    _check(actor, action, PlanPermission.UPDATE, "Only the owning agency or the business unit gives evidence")
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": "Select what kind of evidence it is"})
    if action.status in (ActionStatus.EVIDENCE_ACCEPTED, ActionStatus.WITHDRAWN, ActionStatus.SUPERSEDED):
        raise ValidationError({"upload": "This action's evidence has been decided: no more can be added"})
    if uploaded_file is None:
        raise ValidationError({"upload": "Select a file"})
    with transaction.atomic(durable=True):
        # Stored without a case: the evidence is read through the plan's own page and access (an agency
        # representative is not named on the case, and documents:download is the case's).
        document = document_store(
            actor=actor,
            case=None,
            uploaded_file=uploaded_file,
            purpose=EVIDENCE_PURPOSE,
            partnership=action.partnership,
        )
        evidence = ActionEvidence.objects.create(
            action=action,
            document=document,
            kind=kind,
            description=description.strip(),
            uploaded_by=actor,
            uploaded_at=clock.now(),
        )
        record_event(
            event_type=EventType.PLAN_ACTION_EVIDENCE_ADDED,
            actor=actor,
            case=action.case,
            partnership=action.partnership,
            target=evidence,
            data=_action_data(action, evidence_id=evidence.pk, document_id=str(document.pk), kind=kind),
        )
    return evidence


def evidence_record_download(*, actor: User, evidence: ActionEvidence) -> None:
    """The one read event of an evidence download. Linked to no case row (the page is the plan's, like a
    list naming cases): the case is named in the data."""
    action = evidence.action
    with transaction.atomic():
        record_event(
            event_type=EventType.PLAN_ACTION_EVIDENCE_DOWNLOADED,
            actor=actor,
            partnership=action.partnership,
            target=evidence.document,
            data={
                "action_id": action.pk,
                "evidence_id": evidence.pk,
                "document_id": str(evidence.document_id),
                "case_id": str(action.case_id) if action.case_id else None,
            },
        )


def evidence_decide(
    *,
    actor: User,
    action: CaseAction,
    expected_version: int,
    outcome: str,
    decided_on: dt.date,
    questions: str = "",
    meeting: str = "",
) -> EvidenceDecision:
    """The business unit or the monitoring committee accepts the evidence for a completed action, or returns
    it with questions (the action is back in progress). A committee member always records the committee's
    decision, at a meeting; the business unit records its own, or the committee's when it names the
    meeting."""
    access = _check(
        actor, action, PlanPermission.DECIDE, "Only the business unit or the committee decides on evidence"
    )
    if outcome not in EvidenceOutcome.values:
        raise ValidationError({"outcome": "Select whether the evidence is accepted"})
    new = ActionStatus.EVIDENCE_ACCEPTED if outcome == EvidenceOutcome.ACCEPTED else ActionStatus.IN_PROGRESS
    if action.status != ActionStatus.AWAITING_EVIDENCE:
        raise ValidationError(
            {"outcome": "Only an action marked completed and awaiting evidence can be decided"}
        )
    _moved(action, new, {Move.ACCEPT, Move.RETURN})
    if outcome == EvidenceOutcome.RETURNED and not questions.strip():
        raise ValidationError({"questions": "Enter the questions for the agency"})
    by_committee = access.is_committee and not access.runs_plans or bool(meeting.strip())
    if by_committee and not meeting.strip():
        raise ValidationError({"meeting": "Enter the committee meeting that decided"})
    _past_or_today("decided_on", "date of the decision", decided_on)
    with transaction.atomic(durable=True):
        decision = EvidenceDecision.objects.create(
            action=action,
            outcome=outcome,
            questions=questions.strip(),
            decided_by_body=DecidedBy.COMMITTEE if by_committee else DecidedBy.BUSINESS_UNIT,
            meeting=meeting.strip(),
            decided_on=decided_on,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        _action_change(
            actor=actor,
            action=action,
            expected_version=expected_version,
            changes={"status": new},
            event_type=EventType.PLAN_ACTION_EVIDENCE_DECIDED,
            happened_on=decided_on,
            text=questions,
            decision_id=decision.pk,
            outcome=outcome,
            by=decision.decided_by_body,
            decided_on=decided_on.isoformat(),
        )
    return decision


def withdrawal_request(*, actor: User, action: CaseAction, expected_version: int, reason: str) -> CaseAction:
    """Ask for an action to be withdrawn, with the reason; the business manager approves or refuses."""
    _check(
        actor,
        action,
        PlanPermission.WITHDRAW_REQUEST,
        "Only the owning agency or the business unit asks to withdraw an action",
    )
    _moved(action, ActionStatus.WITHDRAWN, {Move.WITHDRAW})
    if action.withdrawal_requested_on is not None:
        raise ValidationError(
            {"reason": "A withdrawal has already been asked for: the business manager decides"}
        )
    _required(reason=(reason, "Enter the reason for withdrawing the action"))
    today = clock.today()
    with transaction.atomic(durable=True):
        action, _ = _action_change(
            actor=actor,
            action=action,
            expected_version=expected_version,
            changes={
                "withdrawal_reason": reason.strip(),
                "withdrawal_requested_by": actor,
                "withdrawal_requested_on": today,
            },
            event_type=EventType.PLAN_ACTION_WITHDRAWAL_REQUESTED,
            happened_on=today,
            text=f"Withdrawal asked for: {reason}",
        )
    return action


def withdrawal_decide(
    *, actor: User, action: CaseAction, expected_version: int, approve: bool, note: str = ""
) -> CaseAction:
    """The business manager approves the withdrawal (the action is withdrawn) or refuses it (the request is
    cleared, with the note in the action's updates; the action carries on)."""
    _check(actor, action, PlanPermission.WITHDRAW_APPROVE, "Only the business manager approves a withdrawal")
    if action.withdrawal_requested_on is None:
        raise ValidationError({"decision": "Nobody has asked to withdraw this action"})
    if action.withdrawal_requested_by_id == actor.pk and approve:
        raise ValidationError({"decision": "Another business manager approves a withdrawal you asked for"})
    if not approve and not note.strip():
        raise ValidationError({"note": "Enter why the withdrawal is refused"})
    _moved(action, ActionStatus.WITHDRAWN, {Move.WITHDRAW})
    today = clock.today()
    if approve:
        changes: dict[str, Any] = {
            "status": ActionStatus.WITHDRAWN,
            "withdrawal_approved_by": actor,
            "withdrawal_approved_on": today,
        }
    else:
        changes = {"withdrawal_reason": "", "withdrawal_requested_by": None, "withdrawal_requested_on": None}
    with transaction.atomic(durable=True):
        action, _ = _action_change(
            actor=actor,
            action=action,
            expected_version=expected_version,
            changes=changes,
            event_type=EventType.PLAN_ACTION_WITHDRAWAL_DECIDED,
            happened_on=today,
            text=note if approve else f"Withdrawal refused: {note}",
            approved=approve,
        )
    return action


def plan_action_supersede(
    *, actor: User, action: CaseAction, expected_version: int, fields: ActionFields, reason: str
) -> CaseAction:
    """Replace an open action with a new one (the business unit): the old one is superseded and points to
    the new. Returns the new action."""
    _check(actor, action, PlanPermission.SUPERSEDE, "Only the business unit replaces an action")
    if action.recommendation is None:
        raise ValidationError({"description": "Only an action answering a recommendation is replaced here"})
    _moved(action, ActionStatus.SUPERSEDED, {Move.SUPERSEDE})
    _required(reason=(reason, "Enter why the action is replaced"))
    values = _action_values(action.partnership, fields)
    recommendation = action.recommendation
    if not PlanAccess(actor, action.partnership).addressed_agency_ids(
        recommendation, {values["owner_agency"].pk}
    ):
        raise ValidationError({"owner_agency_id": "Select an agency the recommendation is addressed to"})
    with transaction.atomic(durable=True):
        replacement = _new_action(actor, recommendation, values)
        _action_change(
            actor=actor,
            action=action,
            expected_version=expected_version,
            changes={"status": ActionStatus.SUPERSEDED, "superseded_by": replacement},
            event_type=EventType.PLAN_ACTION_SUPERSEDED,
            happened_on=clock.today(),
            text=reason,
            replacement_id=replacement.pk,
        )
    return replacement


# --- closing and the impact check --------------------------------------------------------------------------


def impact_rule_in_force(on: dt.date) -> ImpactCheckRule:
    rule = ImpactCheckRule.objects.filter(effective_from__lte=on).order_by("-effective_from", "-pk").first()
    if rule is None:
        rule = ImpactCheckRule.objects.order_by("effective_from", "pk").first()
    if rule is None:
        raise RuntimeError("No impact check rule: migration action_plans 0002 seeds one")
    return rule


def recommendation_close(
    *,
    actor: User,
    recommendation: Recommendation,
    expected_version: int,
    meeting: str,
    decided_on: dt.date | None,
    note: str = "",
) -> RecommendationClosure:
    """The committee's decision that a recommendation is closed (recorded by a committee member or the
    business unit): only when every action is evidence-accepted or withdrawn with approval (closure.py).
    Schedules the impact check from the rule in force."""
    access = PlanAccess(actor, recommendation.partnership)
    if not access.may_recommendation(PlanPermission.DECIDE, recommendation):
        raise _refuse("Only the business unit or the monitoring committee records a closure")
    if recommendation.status != closure.RecommendationStatus.OPEN:
        raise ValidationError("This recommendation is already closed")
    statuses = list(CaseAction.objects.filter(recommendation=recommendation).values_list("status", flat=True))
    problems = closure.closure_blockers(statuses, meeting=meeting, decided_on=decided_on, today=clock.today())
    if problems:
        raise ValidationError({key or "__all__": message for key, message in problems.items()})
    assert decided_on is not None  # closure_blockers refuses a missing date
    rule = impact_rule_in_force(decided_on)
    earliest, due, latest = closure.impact_schedule(
        decided_on,
        earliest_months=rule.earliest_months,
        due_months=rule.due_months,
        latest_months=rule.latest_months,
    )
    with transaction.atomic(durable=True):
        recommendation = update_versioned(
            recommendation,
            expected_version=expected_version,
            changes={
                "status": closure.RecommendationStatus.CLOSED,
                "closed_on": decided_on,
                "updated_at": clock.now(),
            },
        )
        closed = RecommendationClosure.objects.create(
            recommendation=recommendation,
            meeting=meeting.strip(),
            decided_on=decided_on,
            note=note.strip(),
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        check = ImpactCheck.objects.create(
            recommendation=recommendation,
            closure=closed,
            rule=rule,
            earliest_on=earliest,
            due_on=due,
            latest_on=latest,
        )
        _recommendation_event(
            EventType.RECOMMENDATION_CLOSED,
            actor,
            recommendation,
            closure_id=closed.pk,
            impact_check_id=check.pk,
            rule_version=rule.version,
            decided_on=decided_on.isoformat(),
            impact_due_on=due.isoformat(),
        )
    return closed


def impact_check_record(
    *,
    actor: User,
    check: ImpactCheck,
    expected_version: int,
    result: str,
    what_changed: str,
    evidence: str,
    reason: str,
    new_action: ActionFields | None = None,
) -> ImpactCheck:
    """What changed for children, the evidence, and whether the impact was shown, with a reason. "Not shown"
    reopens the recommendation with a new action (closure.py)."""
    recommendation = check.recommendation
    access = PlanAccess(actor, recommendation.partnership)
    if not access.may_recommendation(PlanPermission.DECIDE, recommendation):
        raise _refuse("Only the business unit or the monitoring committee records an impact check")
    if check.result:
        raise ValidationError("This impact check has been recorded")
    given = new_action is not None and bool(new_action.description.strip())
    problems = closure.impact_problems(
        result=result, what_changed=what_changed, evidence=evidence, reason=reason, new_action_given=given
    )
    if problems:
        raise ValidationError(
            {("description" if key == "new_action" else key): msg for key, msg in problems.items()}
        )
    reopens = closure.impact_reopens(result)
    values = _action_values(recommendation.partnership, new_action) if reopens and new_action else None
    if values is not None and not access.addressed_agency_ids(recommendation, {values["owner_agency"].pk}):
        raise ValidationError({"owner_agency_id": "Select an agency the recommendation is addressed to"})
    today = clock.today()
    with transaction.atomic(durable=True):
        action = None
        if values is not None:
            recommendation = update_versioned(
                recommendation,
                expected_version=recommendation.version,
                changes={
                    "status": closure.RecommendationStatus.OPEN,
                    "closed_on": None,
                    "reopened_count": recommendation.reopened_count + 1,
                    "updated_at": clock.now(),
                },
            )
            RecommendationClosure.objects.filter(pk=check.closure_id).update(reopened_on=today)
            action = _new_action(actor, recommendation, values)
        check = update_versioned(
            check,
            expected_version=expected_version,
            changes={
                "result": result,
                "what_changed": what_changed.strip(),
                "evidence": evidence.strip(),
                "reason": reason.strip(),
                "recorded_by": actor,
                "recorded_on": today,
                "new_action": action,
            },
        )
        _recommendation_event(
            EventType.IMPACT_CHECK_RECORDED,
            actor,
            recommendation,
            target=check,
            impact_check_id=check.pk,
            result=result,
            new_action_id=action.pk if action else None,
        )
        if action is not None:
            _recommendation_event(
                EventType.RECOMMENDATION_REOPENED,
                actor,
                recommendation,
                impact_check_id=check.pk,
                new_action_id=action.pk,
                reopened_count=recommendation.reopened_count,
            )
    return check


# --- the chase (task worker) -------------------------------------------------------------------------------


def _owner_people(action: CaseAction) -> list[Any]:
    """Who the owner step tells: the named account, or else the owning agency's representatives."""
    from safeguarding_reviews.organisations.roles import Role

    if action.owner_user is not None and action.owner_user.is_active:
        return [action.owner_user]
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__partnership_id=action.partnership_id,
            memberships__ended_at__isnull=True,
            memberships__roles__role=Role.AGENCY_REPRESENTATIVE,
            memberships__roles__agency_id=action.owner_agency_id,
        )
        .distinct()
        .order_by("pk")
    )


def action_chase(*, action: CaseAction, step: str) -> bool:
    """Take one step (escalation.py) for one action: the reminder before its due date, or a step of the ladder
    once overdue: the owner, then the agency's safeguarding lead, then the business manager(s). Recorded first
    under a unique (action, due date, step), so never twice, whatever runs at once. Emails carry the
    partnership's name and a link only; alerts go to the people with accounts."""
    from django.urls import reverse

    from safeguarding_reviews.alerts.models import AlertKind
    from safeguarding_reviews.alerts.services import alert_create
    from safeguarding_reviews.emails.services import absolute_url, email_send
    from safeguarding_reviews.organisations.roles import Role
    from safeguarding_reviews.organisations.selectors import people_with_roles

    today, now = clock.today(), clock.now()
    partnership = action.partnership
    link = reverse("action_plans:action", kwargs={"slug": partnership.slug, "action_id": action.pk})
    people: list[Any] = []
    addresses: list[str] = []
    kind: str
    if step == escalation.EscalationStep.DUE_SOON:
        people, template, kind = _owner_people(action), "action_due_soon", AlertKind.ACTION_DUE_SOON
    elif step == escalation.EscalationStep.OWNER:
        people, template, kind = _owner_people(action), "action_overdue", AlertKind.ACTION_OVERDUE
    elif step == escalation.EscalationStep.SAFEGUARDING_LEAD:
        # The lead may have no account: their email only, and a link to the home page.
        addresses = (
            [action.owner_agency.safeguarding_lead_email]
            if action.owner_agency.safeguarding_lead_email
            else []
        )
        template, kind = "action_overdue_lead", ""
    elif step == escalation.EscalationStep.BUSINESS_MANAGER:
        people = people_with_roles(partnership_id=partnership.pk, roles=[Role.BUSINESS_MANAGER])
        template, kind = "action_overdue_manager", AlertKind.ACTION_OVERDUE
    else:
        raise ValueError(f"Not a chase step: {step}")
    addresses += [person.email for person in people if person.email]
    email_link = reverse("home") if step == escalation.EscalationStep.SAFEGUARDING_LEAD else link
    try:
        with transaction.atomic(durable=True):
            timing = (
                {"due_on__gte": today}
                if step == escalation.EscalationStep.DUE_SOON
                else {"due_on__lt": today}
            )
            from safeguarding_reviews.actions.lifecycle import WORK_STATUSES

            if not CaseAction.objects.filter(
                pk=action.pk, status__in=list(WORK_STATUSES), due_on=action.due_on, **timing
            ).exists():
                return False
            ActionChase.objects.create(
                action=action,
                step=step,
                due_on=action.due_on,
                chased_at=now,
                chased_on=today,
                emailed=bool(addresses),
            )
            record_event(
                event_type=EventType.PLAN_ACTION_CHASED,
                case=action.case,
                partnership=partnership,
                target=action,
                data={
                    "action_id": action.pk,
                    "step": step,
                    "due_on": action.due_on.isoformat(),
                    "emails": len(addresses),
                },
            )
            context = {"partnership_name": partnership.name, "link": absolute_url(email_link)}
            for address in addresses:
                email_send(to=address, template=template, context=context)
            if kind:
                for person in people:
                    alert_create(user=person, case=None, kind=kind, link=link)
    except IntegrityError:
        return False  # another run took this step first
    return True


def action_chases_run() -> int:
    """Today's step for every action the agencies still have to do (escalation.next_step, with the rapid
    review's chase interval and the partnership's reminder lead, on its local calendar). Returns how many
    steps were taken."""
    from functools import partial

    from safeguarding_reviews.actions.lifecycle import WORK_STATUSES
    from safeguarding_reviews.clocks.selectors import clock_settings_for
    from safeguarding_reviews.rapid_review.services import chase_interval
    from safeguarding_reviews.working_days.calculator import add_working_days
    from safeguarding_reviews.working_days.selectors import (
        closure_days_by_partnership,
        statutory_non_working_days,
    )

    today = clock.today()
    waiting = list(
        CaseAction.objects.filter(status__in=list(WORK_STATUSES))
        .select_related("partnership", "owner_agency", "owner_user")
        .prefetch_related("chases")
        .order_by("pk")
    )
    if not waiting:
        return 0
    statutory = statutory_non_working_days()
    partnerships = {a.partnership_id: a.partnership for a in waiting}
    closures = closure_days_by_partnership(sorted(partnerships))
    intervals = {pid: chase_interval(pid) for pid in partnerships}
    leads = {pid: clock_settings_for(p).reminder_lead_working_days for pid, p in partnerships.items()}
    taken = 0
    for action in waiting:
        pid = action.partnership_id
        step = escalation.next_step(
            status=action.status,
            due_on=action.due_on,
            today=today,
            done={c.step: c.chased_on for c in action.chases.all() if c.due_on == action.due_on},
            interval=intervals[pid],
            add_working_days=partial(
                add_working_days, non_working=statutory | closures.get(pid, frozenset())
            ),
            due_soon_days=leads[pid],
            started_on=clock.london(action.added_at).date() if action.added_at else None,
        )
        if step is not None and action_chase(action=action, step=step):
            taken += 1
    return taken


def plan_record_view(*, actor: User, partnership: Partnership, page: str, case_ids: list[str]) -> None:
    """Every page of the plans is a read of case data: one event naming the page and the cases it showed
    (like cases.services.case_list_record_view). Not linked to a case row: the plans are the partnership's
    page, and an agency representative reading their actions does not thereby open the case."""
    with transaction.atomic():
        record_event(
            event_type=EventType.ACTION_PLAN_VIEWED,
            actor=actor,
            partnership=partnership,
            data={"page": page, "case_ids": case_ids},
        )
