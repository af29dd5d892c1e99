"""Writes for the rapid review outcome. Keyword-only; each checks the policy, owns its transaction and records
one audit event holding ids, codes and field names only (never the text typed).

Every edit, of the outcome's own fields or of its rows (immediate actions, learning, evidence), is a
conditional update on the version the user started from (core.versioning) and raises the version, then sends
`outcome_changed` in the same transaction: the signoffs app supersedes the sign-offs given before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from safeguarding_reviews.actions.lifecycle import INITIAL_STATUSES
from safeguarding_reviews.actions.models import ActionSource, ActionStatus, CaseAction
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.chronology.selectors import visible_entries
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.signals import answers
from safeguarding_reviews.core.versioning import update_versioned
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.rapid_review.models import RETURN_SECTIONS, AgencyReturn

from .criteria import CRITERIA_VERSION, Answer, Decision, version_of
from .models import LearningPoint, OutcomeEvidence, PracticeTheme, RapidReviewOutcome
from .policies import WRITE_STAGES, OutcomeAction, may
from .selectors import ASSESSMENT_CODES, CITABLE_RETURN_STATUSES, answer_field
from .signals import outcome_changed, outcome_fixed_check

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

_ASSESSMENT_FIELDS = frozenset(
    name for code in ASSESSMENT_CODES for name in (answer_field(code), f"{answer_field(code)}_reason")
)
SECTION_FIELDS: dict[str, frozenset[str]] = {
    "facts": frozenset({"facts_summary"}),
    "context": frozenset({"lived_context"}),
    "assessment": _ASSESSMENT_FIELDS,
    "decision": frozenset(
        {
            "decision",
            "other_learning_review",
            "national_review_appropriate",
            "national_review_reason",
            "rationale",
        }
    ),
}


def _check(actor: User, case: Case) -> None:
    if not may(actor, OutcomeAction.WRITE, case):
        raise PermissionDenied("Only the business unit writes the outcome")
    if case.stage not in WRITE_STAGES:
        raise ValidationError("The outcome can be changed only while the case is at the rapid review")


def outcome_start(*, actor: User, case: Case) -> RapidReviewOutcome:
    """Start the case's outcome. The person who starts it is its first drafter."""
    _check(actor, case)
    try:
        with transaction.atomic(durable=True):
            outcome = RapidReviewOutcome.objects.create(
                case=case, drafted_by=actor, criteria_version=CRITERIA_VERSION
            )
            outcome.contributors.add(actor)
            record_event(
                event_type=EventType.OUTCOME_STARTED,
                actor=actor,
                case=case,
                target=outcome,
                data={"outcome_id": outcome.pk, "criteria_version": CRITERIA_VERSION},
            )
    except IntegrityError as exc:  # two people pressed "Start" at once: one outcome per case
        raise ValidationError("The outcome has already been started") from exc
    return outcome


def _edit(
    *,
    actor: User,
    outcome: RapidReviewOutcome,
    expected_version: int,
    event_type: EventType,
    data: dict[str, Any],
    changes: dict[str, Any] | None = None,
    rows: Callable[[], Any] | None = None,
) -> RapidReviewOutcome:
    """One edit: raise the version (or refuse a stale one), change rows, audit, tell the sign-offs."""
    case = outcome.case
    previous = expected_version
    with transaction.atomic(durable=True):
        outcome = update_versioned(
            outcome,
            expected_version=expected_version,
            changes={**(changes or {}), "updated_by": actor, "updated_at": clock.now()},
        )
        outcome.case = case
        target = rows() if rows is not None else outcome
        outcome.contributors.add(actor)
        record_event(
            event_type=event_type,
            actor=actor,
            case=case,
            target=target,
            data={"outcome_id": outcome.pk, "version": outcome.version, **data},
        )
        outcome_changed.send(
            sender=RapidReviewOutcome, actor=actor, outcome=outcome, previous_version=previous
        )
    return outcome


def clean_section(section: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The section's rules (an answer needs a reason, a decision needs a rationale …): the cleaned changes,
    or ValidationError naming every field at fault. Forms call it too, so all errors show at once."""
    if section not in SECTION_FIELDS:
        raise ValueError(f"Unknown outcome section: {section}")
    unknown = set(changes) - SECTION_FIELDS[section]
    if unknown:
        raise ValueError(f"Not {section} fields: {sorted(unknown)}")
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    errors: dict[str, str] = {}
    if section == "assessment":
        for code in ASSESSMENT_CODES:
            name = answer_field(code)
            answer, reason = cleaned.get(name, ""), cleaned.get(f"{name}_reason", "")
            if answer and answer not in Answer.values:
                errors[name] = "Select yes, no or not known"
            if answer and not reason:
                errors[f"{name}_reason"] = "Give the reason for this answer"
            if reason and not answer:
                errors[name] = "Select yes, no or not known"
    if section == "decision":
        if cleaned.get("decision") not in Decision.values:
            errors["decision"] = "Select the decision"
        if cleaned.get("decision") == Decision.OTHER_LEARNING_REVIEW:
            if not cleaned.get("other_learning_review"):
                errors["other_learning_review"] = "Select the kind of learning review"
        else:
            cleaned["other_learning_review"] = ""
        if cleaned.get("national_review_appropriate") not in Answer.values:
            errors["national_review_appropriate"] = "Select whether a national review may be appropriate"
        elif not cleaned.get("national_review_reason"):
            errors["national_review_reason"] = "Give the reason for this answer"
        if not cleaned.get("rationale"):
            errors["rationale"] = "Enter the rationale for the decision"
    if errors:
        raise ValidationError(errors)
    return cleaned


def outcome_update(
    *, actor: User, outcome: RapidReviewOutcome, section: str, expected_version: int, changes: dict[str, Any]
) -> RapidReviewOutcome:
    """Save one section's fields. A save based on a stale version raises StaleVersionError."""
    _check(actor, outcome.case)
    cleaned = clean_section(section, changes)
    changed = sorted(name for name, value in cleaned.items() if getattr(outcome, name) != value)
    return _edit(
        actor=actor,
        outcome=outcome,
        expected_version=expected_version,
        event_type=EventType.OUTCOME_UPDATED,
        data={"section": section, "fields": changed},
        # An outcome keeps the criteria version it started on (a new version never rewrites it); one with
        # none (older rows) is recorded as answering the first version, as criteria.version_of reads it.
        changes={
            **cleaned,
            **({"criteria_version": version_of(outcome.criteria_version)} if section == "assessment" else {}),
        },
    )


# --- immediate actions -------------------------------------------------------------------------------


def _check_agency(case: Case, agency: Agency) -> None:
    if agency.partnership_id != case.lead_partnership_id or not agency.is_active:
        raise ValidationError({"owner_agency": "Select an agency of the case's partnership"})


def _check_safety(other_children_safe: bool, note: str) -> None:
    if other_children_safe and not note.strip():
        raise ValidationError({"other_children_note": "Say how other children's safety was confirmed"})


def immediate_action_add(
    *,
    actor: User,
    outcome: RapidReviewOutcome,
    expected_version: int,
    description: str,
    owner_agency: Agency,
    due_on: dt.date,
    status: str = ActionStatus.NOT_STARTED,
    other_children_safe: bool = False,
    other_children_note: str = "",
) -> RapidReviewOutcome:
    case = outcome.case
    _check(actor, case)
    _check_agency(case, owner_agency)
    if not description.strip():
        raise ValidationError({"description": "Enter the action"})
    if status not in INITIAL_STATUSES:
        raise ValidationError({"status": "Select the status"})
    _check_safety(other_children_safe, other_children_note)

    def rows() -> CaseAction:
        return CaseAction.objects.create(
            case=case,
            partnership_id=case.lead_partnership_id,
            source=ActionSource.IMMEDIATE,
            outcome=outcome,
            added_by=actor,
            description=description.strip(),
            owner_agency=owner_agency,
            due_on=due_on,
            status=status,
            other_children_safe=other_children_safe,
            other_children_note=other_children_note.strip(),
        )

    return _edit(
        actor=actor,
        outcome=outcome,
        expected_version=expected_version,
        event_type=EventType.OUTCOME_ACTION_ADDED,
        data={"owner_agency_id": owner_agency.pk, "due_on": due_on.isoformat(), "status": status},
        rows=rows,
    )


def immediate_action_update(
    *,
    actor: User,
    outcome: RapidReviewOutcome,
    expected_version: int,
    action_id: int,
    other_children_safe: bool,
    other_children_note: str = "",
) -> RapidReviewOutcome:
    """Change the outcome's confirmation that other children are safe. The action's status is not part of the
    outcome: it changes on the case action list (actions.services) and never raises the outcome's version."""
    _check(actor, outcome.case)
    action = CaseAction.objects.filter(outcome=outcome, pk=action_id).first()
    if action is None:
        raise ValidationError("That action is not on this outcome")
    _check_safety(other_children_safe, other_children_note)

    def rows() -> CaseAction:
        CaseAction.objects.filter(pk=action.pk).update(
            other_children_safe=other_children_safe,
            other_children_note=other_children_note.strip(),
        )
        return action

    return _edit(
        actor=actor,
        outcome=outcome,
        expected_version=expected_version,
        event_type=EventType.OUTCOME_ACTION_UPDATED,
        data={"action_id": action.pk, "other_children_safe": other_children_safe},
        rows=rows,
    )


def immediate_action_remove(
    *, actor: User, outcome: RapidReviewOutcome, expected_version: int, action_id: int
) -> RapidReviewOutcome:
    _check(actor, outcome.case)
    action = CaseAction.objects.filter(outcome=outcome, pk=action_id).first()
    if action is None:
        raise ValidationError("That action is not on this outcome")
    if action.updates.exists():
        raise ValidationError("This action has updates on the case action list, so it cannot be removed")

    def rows() -> RapidReviewOutcome:
        CaseAction.objects.filter(outcome=outcome, pk=action_id).delete()
        return outcome

    return _edit(
        actor=actor,
        outcome=outcome,
        expected_version=expected_version,
        event_type=EventType.OUTCOME_ACTION_REMOVED,
        data={"action_id": action_id},
        rows=rows,
    )


# --- learning ------------------------------------------------------------------------------------------


def learning_point_add(
    *, actor: User, outcome: RapidReviewOutcome, expected_version: int, text: str, theme_ids: list[int]
) -> RapidReviewOutcome:
    _check(actor, outcome.case)
    if not text.strip():
        raise ValidationError({"text": "Enter the learning identified"})
    themes = list(PracticeTheme.objects.filter(pk__in=theme_ids, is_active=True))
    if len(themes) != len(set(theme_ids)):
        raise ValidationError({"themes": "Select themes from the list"})
    if not themes:
        raise ValidationError({"themes": "Select at least one practice theme"})

    def rows() -> LearningPoint:
        point = LearningPoint.objects.create(outcome=outcome, text=text.strip())
        point.themes.set(themes)
        return point

    return _edit(
        actor=actor,
        outcome=outcome,
        expected_version=expected_version,
        event_type=EventType.OUTCOME_LEARNING_ADDED,
        data={"themes": sorted(t.code for t in themes)},
        rows=rows,
    )


def learning_point_remove(
    *, actor: User, outcome: RapidReviewOutcome, expected_version: int, point_id: int
) -> RapidReviewOutcome:
    _check(actor, outcome.case)
    point = LearningPoint.objects.filter(outcome=outcome, pk=point_id).first()
    if point is None:
        raise ValidationError("That learning is not on this outcome")

    def rows() -> RapidReviewOutcome:
        point.delete()  # its theme links go with it
        return outcome

    return _edit(
        actor=actor,
        outcome=outcome,
        expected_version=expected_version,
        event_type=EventType.OUTCOME_LEARNING_REMOVED,
        data={"learning_id": point_id},
        rows=rows,
    )


# --- evidence ------------------------------------------------------------------------------------------


def evidence_add(
    *,
    actor: User,
    outcome: RapidReviewOutcome,
    expected_version: int,
    entry_id: int | None = None,
    return_id: int | None = None,
    section: str = "",
    note: str = "",
) -> RapidReviewOutcome:
    """Cite a chronology entry the actor may see, or a section of a submitted or accepted agency return."""
    case = outcome.case
    _check(actor, case)
    if (entry_id is None) == (return_id is None):
        raise ValidationError("Select one chronology entry or one section of a return")
    fields: dict[str, Any]
    if entry_id is not None:
        # Through the restriction-aware selector: an entry the actor may not see cannot be cited by id.
        entry = visible_entries(actor, case).filter(pk=entry_id).first()
        if entry is None:
            raise ValidationError({"entry": "Select a chronology entry of this case"})
        fields = {"chronology_entry": entry}
        data: dict[str, Any] = {"chronology_entry_id": entry.pk}
    else:
        assert return_id is not None
        agency_return = AgencyReturn.objects.filter(
            pk=return_id, request__case=case, request__status__in=CITABLE_RETURN_STATUSES
        ).first()
        if agency_return is None or section not in dict(RETURN_SECTIONS):
            raise ValidationError({"return_section": "Select a section of a submitted return"})
        if not getattr(agency_return, section).strip():
            raise ValidationError({"return_section": "That section of the return is empty"})
        fields = {"agency_return": agency_return, "return_section": section}
        data = {"agency_return_id": agency_return.pk, "return_section": section}

    def rows() -> OutcomeEvidence:
        return OutcomeEvidence.objects.create(outcome=outcome, note=note.strip(), **fields)

    return _edit(
        actor=actor,
        outcome=outcome,
        expected_version=expected_version,
        event_type=EventType.OUTCOME_EVIDENCE_ADDED,
        data=data,
        rows=rows,
    )


def evidence_remove(
    *, actor: User, outcome: RapidReviewOutcome, expected_version: int, evidence_id: int
) -> RapidReviewOutcome:
    _check(actor, outcome.case)
    if not OutcomeEvidence.objects.filter(outcome=outcome, pk=evidence_id).exists():
        raise ValidationError("That evidence is not on this outcome")

    def rows() -> RapidReviewOutcome:
        OutcomeEvidence.objects.filter(outcome=outcome, pk=evidence_id).delete()
        return outcome

    return _edit(
        actor=actor,
        outcome=outcome,
        expected_version=expected_version,
        event_type=EventType.OUTCOME_EVIDENCE_REMOVED,
        data={"evidence_id": evidence_id},
        rows=rows,
    )


def outcome_version_raise(
    *, actor: User, case: Case, cause: str, data: dict[str, Any]
) -> RapidReviewOutcome | None:
    """Raise the outcome's version for a reason outside the outcome (a correction or withdrawal of a
    chronology entry it was written from), so a report made before it is out of date and the sign-offs
    given on it are superseded (outcome_changed). Unlike an edit, the actor does not become a contributor:
    correcting the chronology is not drafting the outcome, so they may still sign it off.

    Nothing happens (None) when the case has no outcome, or the outcome is fixed: the case has left the
    rapid review stage (the report was sent to the Panel), so the sent report and its sign-offs stay as
    they are. Runs inside the caller's transaction (the caller's write and this raise commit together).
    `data` holds ids and codes only; it goes into the `outcome.version_raised` event with `cause`."""
    outcome = RapidReviewOutcome.objects.filter(case=case).first()
    if outcome is None or case.stage not in WRITE_STAGES:
        return None
    if any(answers(outcome_fixed_check, sender=RapidReviewOutcome, case=case)):
        return None
    with transaction.atomic():
        # Not conditional on a version the user saw: the raise must happen whatever the version is now.
        RapidReviewOutcome.objects.filter(pk=outcome.pk).update(version=F("version") + 1)
        outcome.refresh_from_db(fields=["version"])
        previous = outcome.version - 1
        record_event(
            event_type=EventType.OUTCOME_VERSION_RAISED,
            actor=actor,
            case=case,
            target=outcome,
            data={"outcome_id": outcome.pk, "version": outcome.version, "cause": cause, **data},
        )
        outcome_changed.send(
            sender=RapidReviewOutcome, actor=actor, outcome=outcome, previous_version=previous
        )
    return outcome
