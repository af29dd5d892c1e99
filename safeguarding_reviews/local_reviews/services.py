"""Writes for the local review. Keyword-only; each checks the policy and the step rules (steps.py), owns its
transaction and records one audit event holding ids, codes and dates only (never what was typed)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.parallel_processes.selectors import processes_for_case
from safeguarding_reviews.signoffs.services import document_signoffs_supersede

from . import plan, selectors
from .models import (
    FamilyContact,
    LocalReview,
    Method,
    Methodology,
    PlanTarget,
    ProgressReview,
    ReviewKind,
    TermsAgreement,
    TermsOfReference,
)
from .policies import LEARNING_REVIEW_STAGES, ReviewAction, may
from .signals import terms_version_created
from .steps import Step, refusal
from .wiring import TERMS_KIND

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

# Marking these targets achieved is the step of the same name (blocked by a constraint, or too early).
TARGET_STEPS = {
    plan.Target.PRACTITIONER_EVENT: Step.PRACTITIONER_EVENT,
    plan.Target.FIRST_DRAFT: Step.FIRST_DRAFT,
    plan.Target.PUBLICATION: Step.PUBLICATION,
}


def _check_write(actor: User, review: LocalReview) -> None:
    if not may(actor, ReviewAction.WRITE, review.case):
        raise PermissionDenied("Only the business unit runs the local review")
    if review.case.stage == Stage.CLOSED:
        raise ValidationError("The case is closed: its local review can no longer be changed")


def _refuse(step: str, review: LocalReview, **loaded: Any) -> None:
    reason = refusal(step, selectors.review_state(review, **loaded))
    if reason:
        raise ValidationError(reason)


def _past(value: dt.date, field: str, label: str) -> None:
    if value > clock.today():
        raise ValidationError({field: f"{label} must be today or in the past"})


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _open(*, actor: User | None, case: Case, kind: str, initiated_on: dt.date) -> LocalReview:
    try:
        with transaction.atomic():
            review = LocalReview.objects.create(
                case=case, kind=kind, initiated_on=initiated_on, created_by=actor, created_at=clock.now()
            )
    except IntegrityError as exc:
        raise ValidationError("This case already has a local review") from exc
    PlanTarget.objects.bulk_create(
        PlanTarget(review=review, target=code, due_on=due)
        for code, due in plan.default_targets(initiated_on).items()
    )
    record_event(
        event_type=EventType.LOCAL_REVIEW_OPENED,
        actor=actor,
        case=case,
        target=review,
        data={"review_id": review.pk, "kind": kind, "initiated_on": initiated_on.isoformat()},
    )
    return review


def local_review_open_statutory(*, actor: User, case: Case, initiated_on: dt.date) -> LocalReview:
    """The statutory LCSPR, opened by the route into the LCSPR stage (panel.services.panel_submission_record,
    inside its transaction, which also records the `lcspr_initiated` milestone that starts the 6-month
    publication clock). Idempotent: a case that already has its review keeps it."""
    existing = selectors.review_for_case(case)
    if existing is not None:
        return existing
    with transaction.atomic():
        return _open(actor=actor, case=case, kind=ReviewKind.STATUTORY, initiated_on=initiated_on)


def local_learning_review_start(*, actor: User, case: Case, initiated_on: dt.date) -> LocalReview:
    """A business manager starts a local learning review for a case that did not go to an LCSPR. Recorded as
    not a statutory LCSPR: no statutory clock (no `lcspr_initiated` milestone) and no Panel notice."""
    if not may(actor, ReviewAction.START_LEARNING_REVIEW, case):
        raise PermissionDenied("Only the business manager starts a local learning review")
    if case.stage not in LEARNING_REVIEW_STAGES:
        raise ValidationError(
            "A local learning review is for a case that did not go to an LCSPR: at the decision stage or "
            "the action plan"
        )
    _past(initiated_on, "initiated_on", "The date the review started")
    with transaction.atomic(durable=True):
        return _open(actor=actor, case=case, kind=ReviewKind.LOCAL_LEARNING, initiated_on=initiated_on)


def plan_target_update(
    *,
    actor: User,
    target: PlanTarget,
    expected_version: int,
    due_on: dt.date,
    achieved_on: dt.date | None,
) -> PlanTarget:
    """Change a target's date or record when it was achieved. Marking the practitioner event, the first
    draft or publication achieved is refused while a constraint blocks it or before what it needs
    (steps.py)."""
    review = target.review
    _check_write(actor, review)
    if achieved_on is not None:
        _past(achieved_on, "achieved_on", "The date achieved")
        if achieved_on < review.initiated_on:
            raise ValidationError({"achieved_on": "The date achieved cannot be before the review started"})
        step = TARGET_STEPS.get(plan.Target(target.target))
        if step is not None and target.achieved_on is None:
            _refuse(step, review)
    if due_on < review.initiated_on:
        raise ValidationError({"due_on": "The target date cannot be before the review started"})
    with transaction.atomic(durable=True):
        changes = {
            "due_on": due_on,
            "achieved_on": achieved_on,
            "updated_by": actor,
            "updated_at": clock.now(),
        }
        changed = sorted(name for name in ("due_on", "achieved_on") if getattr(target, name) != changes[name])
        target = update_versioned(target, expected_version=expected_version, changes=changes)
        record_event(
            event_type=EventType.LOCAL_REVIEW_TARGET_UPDATED,
            actor=actor,
            case=review.case,
            target=target,
            data={
                "target_id": target.pk,
                "target": target.target,
                "version": target.version,
                "fields": changed,
                "due_on": due_on.isoformat(),
                "achieved_on": achieved_on.isoformat() if achieved_on else None,
            },
        )
    target.review = review
    return target


def _on_new_terms_version(*, actor: User, terms: TermsOfReference) -> None:
    """A new version supersedes the standing sign-offs of earlier ones (signoffs, in the saving transaction;
    the document is the review's terms of reference, document_id = the review's id), then tells receivers."""
    document_signoffs_supersede(
        case=terms.review.case,
        kind=TERMS_KIND,
        document_id=terms.review_id,
        because="new_version",
        actor=actor,
    )
    terms_version_created.send(sender=TermsOfReference, terms=terms, actor=actor)


def terms_save(
    *,
    actor: User,
    review: LocalReview,
    expected_version: int,
    scope_from: dt.date,
    scope_to: dt.date,
    lines_of_enquiry: list[str],
    agency_ids: list[int],
    child_perspective: str,
    family_context: str,
    proportionality: str,
) -> TermsOfReference:
    """Save the terms of reference as a new version (`expected_version`: the version the user started
    from, 0 for the first). Earlier versions stay readable; a later version needs a new LCPC agreement. The
    known parallel processes are copied from the case's register into the version."""
    case = review.case
    _check_write(actor, review)
    errors: dict[str, str] = {}
    if scope_from > scope_to:
        errors["scope_to"] = "The end of the scope period must be the same as or after its start"
    lines = [line.strip() for line in lines_of_enquiry if line and line.strip()]
    if not lines:
        errors["lines_of_enquiry"] = "Enter at least one key line of enquiry"
    known = selectors.agency_names(case)
    agencies = sorted({int(pk) for pk in agency_ids})
    if not agencies:
        errors["agency_ids"] = "Select the agencies in scope"
    elif set(agencies) - set(known):
        errors["agency_ids"] = "Select agencies of the partnership"
    texts = {
        "child_perspective": (child_perspective or "").strip(),
        "family_context": (family_context or "").strip(),
        "proportionality": (proportionality or "").strip(),
    }
    for name, message in (
        ("child_perspective", "Enter how the child's perspective will be addressed"),
        ("family_context", "Enter how the family context will be addressed"),
        ("proportionality", "Enter how the review stays proportionate"),
    ):
        if not texts[name]:
            errors[name] = message
    if errors:
        raise ValidationError(errors)
    processes = [{"id": p.pk, "kind": p.kind, "status": p.status} for p in processes_for_case(case)]
    with transaction.atomic(durable=True):
        LocalReview.objects.select_for_update().filter(pk=review.pk).first()
        current = selectors.terms_current(review)
        current_version = current.version if current else 0
        if current_version != expected_version:
            assert current is not None
            raise StaleVersionError(current)
        terms = TermsOfReference.objects.create(
            review=review,
            version=current_version + 1,
            scope_from=scope_from,
            scope_to=scope_to,
            lines_of_enquiry=lines,
            agency_ids=agencies,
            parallel_processes=processes,
            created_by=actor,
            created_at=clock.now(),
            **texts,
        )
        record_event(
            event_type=EventType.LOCAL_REVIEW_TERMS_SAVED,
            actor=actor,
            case=case,
            target=terms,
            data={"terms_id": terms.pk, "version": terms.version, "agency_ids": agencies},
        )
        _on_new_terms_version(actor=actor, terms=terms)
    terms.review = review
    return terms


def _agreement_values(agreed_on: dt.date, meeting: str, members_present: str) -> dict[str, Any]:
    _past(agreed_on, "agreed_on", "The date agreed")
    return {
        "meeting": _text(meeting, "meeting", "Enter the meeting"),
        "members_present": _text(members_present, "members_present", "Enter the members present"),
    }


def terms_agreement_record(
    *,
    actor: User,
    terms: TermsOfReference,
    agreed_on: dt.date,
    meeting: str,
    members_present: str,
) -> TermsAgreement:
    """The LCPC's agreement of this version (the current one only; a version is agreed once)."""
    review = terms.review
    _check_write(actor, review)
    values = _agreement_values(agreed_on, meeting, members_present)
    current = selectors.terms_current(review)
    if current is None or current.pk != terms.pk:
        raise ValidationError("Only the current version of the terms of reference can be agreed")
    if agreed_on < clock.london(terms.created_at).date():
        raise ValidationError({"agreed_on": "The date agreed cannot be before this version was written"})
    try:
        with transaction.atomic(durable=True):
            agreement = TermsAgreement.objects.create(
                terms=terms, agreed_on=agreed_on, recorded_by=actor, recorded_at=clock.now(), **values
            )
            record_event(
                event_type=EventType.LOCAL_REVIEW_TERMS_AGREED,
                actor=actor,
                case=review.case,
                target=agreement,
                data={"terms_id": terms.pk, "version": terms.version, "agreed_on": agreed_on.isoformat()},
            )
    except IntegrityError as exc:
        raise ValidationError("This version has already been agreed") from exc
    return agreement


def methodology_save(
    *,
    actor: User,
    review: LocalReview,
    expected_version: int,
    method: str,
    other_description: str,
    analysis_rationale: str,
    participation_rationale: str,
) -> Methodology:
    """Choose or change the methodology (`expected_version` 0 for the first). Any change clears the LCPC's
    agreement: it agreed what it saw."""
    _check_write(actor, review)
    if method not in Method.values:
        raise ValidationError({"method": "Select the methodology"})
    other_description = (other_description or "").strip()
    if method == Method.OTHER and not other_description:
        raise ValidationError({"other_description": "Describe the other methodology"})
    values = {
        "method": method,
        "other_description": other_description if method == Method.OTHER else "",
        "analysis_rationale": _text(
            analysis_rationale,
            "analysis_rationale",
            "Enter how frontline practice and organisational learning will be analysed",
        ),
        "participation_rationale": _text(
            participation_rationale,
            "participation_rationale",
            "Enter how practitioners and the family will take part",
        ),
    }
    with transaction.atomic(durable=True):
        current = Methodology.objects.select_for_update().filter(review=review).first()
        if current is None:
            if expected_version != 0:
                raise ValidationError("The methodology was removed while you were looking at it")
            methodology = Methodology.objects.create(
                review=review, updated_by=actor, updated_at=clock.now(), **values
            )
            changed = sorted(values)
        else:
            changed = sorted(name for name, value in values.items() if getattr(current, name) != value)
            clear = (
                {
                    "agreed_on": None,
                    "agreed_meeting": "",
                    "agreed_members_present": "",
                    "agreed_recorded_by": None,
                }
                if changed
                else {}
            )
            methodology = update_versioned(
                current,
                expected_version=expected_version,
                changes={**values, **clear, "updated_by": actor, "updated_at": clock.now()},
            )
        record_event(
            event_type=EventType.LOCAL_REVIEW_METHODOLOGY_SAVED,
            actor=actor,
            case=review.case,
            target=methodology,
            data={
                "methodology_id": methodology.pk,
                "method": method,
                "version": methodology.version,
                "fields": changed,
            },
        )
    return methodology


def methodology_agreement_record(
    *,
    actor: User,
    methodology: Methodology,
    expected_version: int,
    agreed_on: dt.date,
    meeting: str,
    members_present: str,
) -> Methodology:
    """The LCPC's agreement of the methodology as it stands (after the terms of reference are agreed)."""
    review = methodology.review
    _check_write(actor, review)
    values = _agreement_values(agreed_on, meeting, members_present)
    if methodology.agreed:
        raise ValidationError("The methodology has already been agreed")
    _refuse(Step.METHODOLOGY_AGREEMENT, review, methodology=methodology)
    with transaction.atomic(durable=True):
        methodology = update_versioned(
            methodology,
            expected_version=expected_version,
            changes={
                "agreed_on": agreed_on,
                "agreed_meeting": values["meeting"],
                "agreed_members_present": values["members_present"],
                "agreed_recorded_by": actor,
            },
        )
        record_event(
            event_type=EventType.LOCAL_REVIEW_METHODOLOGY_AGREED,
            actor=actor,
            case=review.case,
            target=methodology,
            data={"methodology_id": methodology.pk, "agreed_on": agreed_on.isoformat()},
        )
    return methodology


def progress_review_record(
    *, actor: User, review: LocalReview, held_on: dt.date, quality_comments: str, actions_agreed: str
) -> ProgressReview:
    """The LCPC's progress review (reg 14): time against plan is computed from the plan on `held_on`."""
    _check_write(actor, review)
    _past(held_on, "held_on", "The date of the progress review")
    if held_on < review.initiated_on:
        raise ValidationError({"held_on": "The progress review cannot be before the review started"})
    comments = _text(quality_comments, "quality_comments", "Enter the comments on quality")
    targets = selectors.targets_of(review)
    late = plan.late_targets([(t.target, t.due_on, t.achieved_on) for t in targets], on=held_on)
    with transaction.atomic(durable=True):
        progress = ProgressReview.objects.create(
            review=review,
            held_on=held_on,
            late_targets=late,
            quality_comments=comments,
            actions_agreed=(actions_agreed or "").strip(),
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        record_event(
            event_type=EventType.LOCAL_REVIEW_PROGRESS_RECORDED,
            actor=actor,
            case=review.case,
            target=progress,
            data={"progress_review_id": progress.pk, "held_on": held_on.isoformat(), "late_targets": late},
        )
    return progress


def local_review_record_family_contact(
    *, actor: User, review: LocalReview, contacted_on: dt.date, summary: str
) -> FamilyContact:
    """Record a contact with the child's family for the review: refused while a parallel process's
    constraint blocks family contact, or before the terms of reference are agreed (steps.py)."""
    _check_write(actor, review)
    _refuse(Step.FAMILY_CONTACT, review)
    _past(contacted_on, "contacted_on", "The date of contact")
    if contacted_on < review.initiated_on:
        raise ValidationError({"contacted_on": "The date of contact cannot be before the review started"})
    summary = _text(summary, "summary", "Enter what the contact was for")
    with transaction.atomic(durable=True):
        contact = FamilyContact.objects.create(
            review=review,
            contacted_on=contacted_on,
            summary=summary,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        record_event(
            event_type=EventType.LOCAL_REVIEW_FAMILY_CONTACT,
            actor=actor,
            case=review.case,
            target=contact,
            data={"family_contact_id": contact.pk, "contacted_on": contacted_on.isoformat()},
        )
    return contact
