"""Writes for the local review. Keyword-only; each checks the policy and the step rules (steps.py), owns its
transaction and records one audit event holding ids, codes and dates only (never what was typed)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.parallel_processes.selectors import processes_for_case
from safeguarding_reviews.signoffs.services import document_signoffs_supersede

from . import methods, plan, selectors
from .models import (
    AWAITING_ANSWER,
    FamilyContact,
    InformationRequest,
    InformationRequestChase,
    InformationStatus,
    LocalReview,
    Methodology,
    PlanTarget,
    ProgressReview,
    RecipientKind,
    ReviewKind,
    ReviewMethod,
    TermsAgreement,
    TermsOfReference,
)
from .policies import LEARNING_REVIEW_STAGES, ReviewAction, is_recipient, may, may_manage_methods
from .signals import terms_version_created
from .steps import Step, refusal
from .wiring import TERMS_KIND

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.organisations.models import Partnership

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


def _plan_target_set(
    *, case: Case, target: str, actor: User, because: str, reached: bool
) -> PlanTarget | None:
    """Another app recorded (or undid) what a target stands for: `because` names it. Runs inside the caller's
    transaction (a signal receiver), so the target and its cause commit together; audited like a change by
    hand, with the cause. Nothing happens when the case has no local review or the target is already so."""
    found = (
        PlanTarget.objects.select_for_update(no_key=True)
        .filter(review__case=case, target=target, achieved_on__isnull=reached)
        .select_related("review")
        .first()
    )
    if found is None:
        return None
    achieved_on = clock.today() if reached else None
    found = update_versioned(
        found,
        expected_version=found.version,
        changes={"achieved_on": achieved_on, "updated_by": actor, "updated_at": clock.now()},
    )
    record_event(
        event_type=EventType.LOCAL_REVIEW_TARGET_UPDATED,
        actor=actor,
        case=case,
        target=found,
        data={
            "target_id": found.pk,
            "target": found.target,
            "version": found.version,
            "fields": ["achieved_on"],
            "due_on": found.due_on.isoformat(),
            "achieved_on": achieved_on.isoformat() if achieved_on else None,
            "because": because,
        },
    )
    return found


def plan_target_reached(*, case: Case, target: str, actor: User, because: str) -> PlanTarget | None:
    """Mark the target achieved today (e.g. "final_report_submitted"), unless it already is: a date the
    business unit gave stays. The business unit can still change the date on the target's page."""
    return _plan_target_set(case=case, target=target, actor=actor, because=because, reached=True)


def plan_target_reopened(*, case: Case, target: str, actor: User, because: str) -> PlanTarget | None:
    """What the target stood for was undone (e.g. "final_report_reopened"): it is no longer achieved."""
    return _plan_target_set(case=case, target=target, actor=actor, because=because, reached=False)


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
        LocalReview.objects.select_for_update(no_key=True).filter(pk=review.pk).first()
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
    method: ReviewMethod | None,
    other_description: str,
    analysis_rationale: str,
    participation_rationale: str,
) -> Methodology:
    """Choose or change the methodology (`expected_version` 0 for the first). The method comes from the
    managed list (methods.choice_refusal: the active national methods and the partnership's own; a method
    retired since it was chosen may be kept); its description is required when the method requires one. Any
    change clears the LCPC's agreement: it agreed what it saw."""
    _check_write(actor, review)
    if method is None:
        raise ValidationError({"method": "Select the methodology"})
    other_description = (other_description or "").strip()
    values: dict[str, Any] = {
        "method_id": method.pk,
        "other_description": other_description if method.requires_description else "",
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
        current = Methodology.objects.select_for_update(no_key=True).filter(review=review).first()
        # Read again under the lock: the method may have been retired since the form was shown.
        method = ReviewMethod.objects.select_for_update(no_key=True).filter(pk=method.pk).first()
        if method is None:
            raise ValidationError({"method": "Select the methodology"})
        facts = method_facts(method)
        reason = methods.choice_refusal(
            facts,
            partnership_id=review.case.lead_partnership_id,
            current=current is not None and current.method_id == method.pk,
        )
        if reason:
            raise ValidationError({"method": reason})
        reason = methods.description_refusal(facts, other_description)
        if reason:
            raise ValidationError({"other_description": reason})
        if current is None:
            if expected_version != 0:
                raise ValidationError("The methodology was removed while you were looking at it")
            methodology = Methodology.objects.create(
                review=review, updated_by=actor, updated_at=clock.now(), **values
            )
            changed = sorted(name.removesuffix("_id") for name in values)
        else:
            changed = sorted(
                name.removesuffix("_id") for name, value in values.items() if getattr(current, name) != value
            )
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
                "method": method.code,
                "method_id": method.pk,
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


def method_facts(method: ReviewMethod) -> methods.MethodFacts:
    return methods.MethodFacts(
        partnership_id=method.partnership_id,
        is_active=method.is_active,
        requires_description=method.requires_description,
        label=method.label,
    )


def _check_methods_manager(actor: User, partnership: Partnership) -> None:
    if not may_manage_methods(actor, partnership):
        raise PermissionDenied("Only the partnership's business manager manages its review methods")


def _limited(value: str, field: str, message: str, limit: int) -> str:
    value = _text(value, field, message)
    if len(value) > limit:
        raise ValidationError({field: f"{message} in {limit:,} characters or fewer"})
    return value


def review_method_add(
    *,
    actor: User,
    partnership: Partnership,
    label: str,
    description: str,
    source: str,
    requires_description: bool,
) -> ReviewMethod:
    """Add a method of the partnership's own to the list its reviews choose from. Its name must differ from
    every method on the national list and the partnership's own (methods.label_refusal); its code is made
    from the name (methods.code_for)."""
    _check_methods_manager(actor, partnership)
    values = {
        "label": _limited(label, "label", "Enter the name of the method", 200),
        "description": _limited(description, "description", "Describe the method", 5_000),
        "source": _limited(source, "source", "Enter where the method is described", 400),
    }
    try:
        with transaction.atomic(durable=True):
            listed = list(
                ReviewMethod.objects.select_for_update(no_key=True)
                .filter(Q(partnership=None) | Q(partnership=partnership))
                .values_list("code", "label", "sort_order", "partnership_id")
            )
            reason = methods.label_refusal(values["label"], [row[1] for row in listed])
            if reason:
                raise ValidationError({"label": reason})
            own_orders = [row[2] for row in listed if row[3] is not None]
            method = ReviewMethod.objects.create(
                partnership=partnership,
                vocabulary_version=methods.PARTNERSHIP_VERSION,
                code=methods.code_for(values["label"], {row[0] for row in listed}),
                requires_description=bool(requires_description),
                sort_order=min(max(own_orders, default=0) + 10, 32_000),
                created_by=actor,
                created_at=clock.now(),
                **values,
            )
            record_event(
                event_type=EventType.REVIEW_METHOD_ADDED,
                actor=actor,
                partnership=partnership,
                target=method,
                data={"method_id": method.pk, "code": method.code},
            )
    except IntegrityError as exc:
        raise ValidationError(
            "Another method was added at the same time: check the list and try again"
        ) from exc
    return method


def _review_method_set_active(
    *, actor: User, method: ReviewMethod, action: methods.ListAction
) -> ReviewMethod:
    if method.partnership is None:
        raise ValidationError(methods.NATIONAL_READ_ONLY)
    partnership = method.partnership
    _check_methods_manager(actor, partnership)
    with transaction.atomic(durable=True):
        method = ReviewMethod.objects.select_for_update(no_key=True).get(pk=method.pk)
        reason = methods.list_action_refusal(method_facts(method), action, partnership_id=partnership.pk)
        if reason:
            raise ValidationError(reason)
        method.is_active = action is methods.ListAction.REINSTATE
        method.changed_by = actor
        method.changed_at = clock.now()
        method.save(update_fields=["is_active", "changed_by", "changed_at"])
        record_event(
            event_type=(
                EventType.REVIEW_METHOD_REINSTATED if method.is_active else EventType.REVIEW_METHOD_RETIRED
            ),
            actor=actor,
            partnership=partnership,
            target=method,
            data={"method_id": method.pk, "code": method.code},
        )
    method.partnership = partnership
    return method


def review_method_retire(*, actor: User, method: ReviewMethod) -> ReviewMethod:
    """Retire one of the partnership's own methods: no new methodology may choose it; a methodology that
    already uses it keeps it (methods.choice_refusal). Never deleted."""
    return _review_method_set_active(actor=actor, method=method, action=methods.ListAction.RETIRE)


def review_method_reinstate(*, actor: User, method: ReviewMethod) -> ReviewMethod:
    """Put a retired method of the partnership's own back on the list its reviews choose from."""
    return _review_method_set_active(actor=actor, method=method, action=methods.ListAction.REINSTATE)


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


# Written requests for information or drafts (reg 14 oversight): the rapid review's agency-request pattern.
# The recipient is a named person at an agency (an existing member with an agency role for it, or a new
# person invited through the same invitation the rapid review uses) or the case's independent reviewer.
# Chasing reuses rapid_review.chasing.next_step and the rapid review's chase interval.


def _info_link(request: InformationRequest) -> str:
    from django.urls import reverse

    return reverse(
        "local_reviews:information_request", kwargs={"case_id": request.case_id, "request_id": request.pk}
    )


def _info_email(*, request: InformationRequest, to: str, template: str) -> None:
    from safeguarding_reviews.emails.services import absolute_url, email_send

    case = request.case
    email_send(
        to=to,
        template=template,
        context={
            "case_reference": case.reference,
            "partnership_name": case.lead_partnership.name,
            "link": absolute_url(_info_link(request)),
        },
    )


def reviewers_of(case: Case) -> list[Any]:
    """The case's independent reviewers: active members named on it with the INDEPENDENT_REVIEWER capacity."""
    return [
        row.user
        for row in CaseMembership.objects.filter(
            case=case, capacity=CaseCapacity.INDEPENDENT_REVIEWER, ended_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "pk")
    ]


def agency_people(case: Case, agency_id: int | None = None) -> list[tuple[Any, int]]:
    """(person, agency id) for each active member of the case's partnership with an agency role there."""
    from safeguarding_reviews.organisations.models import MembershipRole
    from safeguarding_reviews.organisations.roles import AGENCY_ROLES

    rows = MembershipRole.objects.filter(
        membership__partnership_id=case.lead_partnership_id,
        membership__ended_at__isnull=True,
        membership__user__is_active=True,
        role__in=list(AGENCY_ROLES),
        agency__isnull=False,
    ).select_related("membership__user")
    if agency_id is not None:
        rows = rows.filter(agency_id=agency_id)
    seen: dict[tuple[int, int], tuple[Any, int]] = {}
    for row in rows.order_by("membership__user__full_name", "pk"):
        if row.agency_id is not None:
            seen.setdefault((row.membership.user_id, row.agency_id), (row.membership.user, row.agency_id))
    return list(seen.values())


def information_request_send(
    *,
    actor: User,
    review: LocalReview,
    recipient_kind: str,
    asks_for: str,
    asked: str,
    due_on: dt.date | None,
    context: str = "",
    agency_id: int | None = None,
    recipient_id: int | None = None,
    new_name: str = "",
    new_email: str = "",
) -> InformationRequest:
    """Send a written request for information or a draft, with a due date, to a named person at an agency
    (an existing member with an agency role for it, or a new person invited: `new_name` and `new_email`) or
    to the case's independent reviewer. A person at an agency not yet named on the case is named as agency
    author (the scoped grant), which lets them reach this request only."""
    from safeguarding_reviews.organisations.models import Membership
    from safeguarding_reviews.organisations.selectors import active_agencies_of_partnership
    from safeguarding_reviews.organisations.services import platform_admin_refuse

    from .information import due_on_error

    case = review.case
    _check_write(actor, review)
    errors: dict[str, str] = {}
    asked = (asked or "").strip()
    if not asked:
        errors["asked"] = "Enter what is asked"
    due_error = due_on_error(due_on, today=clock.today())
    if due_error:
        errors["due_on"] = due_error
    if asks_for not in ("information", "draft"):
        errors["asks_for"] = "Select whether you are asking for information or for a draft"
    invites = False
    agency = recipient = None
    if recipient_kind == RecipientKind.REVIEWER:
        reviewers = {person.pk: person for person in reviewers_of(case)}
        if recipient_id is None and len(reviewers) == 1:
            recipient_id = next(iter(reviewers))
        recipient = reviewers.get(recipient_id) if recipient_id is not None else None
        if recipient is None:
            errors["recipient_id"] = (
                "Select the case's independent reviewer (appoint one first if there is none)"
            )
    elif recipient_kind == RecipientKind.AGENCY:
        found = active_agencies_of_partnership(case.lead_partnership_id).filter(pk=agency_id or 0).first()
        agency = found
        if agency is None:
            errors["agency_id"] = "Select an agency of the case's partnership"
        elif recipient_id is None:
            invites = True
            if not (new_name.strip() and new_email.strip()):
                errors["recipient_id"] = (
                    "Select a person at the agency, or enter a new person's name and email address"
                )
        else:
            people = {person.pk: person for person, _ in agency_people(case, agency.pk)}
            recipient = people.get(recipient_id)
            if recipient is None:
                errors["recipient_id"] = "Select a person with a role at the agency you chose"
    else:
        errors["recipient_kind"] = "Select who to send the request to"
    if errors:
        raise ValidationError(errors)
    if recipient_kind == RecipientKind.AGENCY:
        platform_admin_refuse(
            actor=actor,
            partnership=case.lead_partnership,
            path="agency_author",
            emails=[new_email] if invites else [],
            users=[] if invites else [recipient],
            field="recipient",
        )
    now, today = clock.now(), clock.today()
    assert due_on is not None
    with transaction.atomic(durable=True):
        grant = invitation = None
        if invites:
            from safeguarding_reviews.organisations.services import invitation_create_for_agency_author

            try:
                invitation, _token = invitation_create_for_agency_author(
                    actor=actor,
                    partnership=case.lead_partnership,
                    email=new_email,
                    full_name=new_name,
                    agency=found,  # type: ignore[arg-type]  # set whenever a new person is invited
                )
            except ValidationError as exc:
                message = "; ".join(str(m) for m in exc.messages)
                if Membership.objects.filter(
                    partnership_id=case.lead_partnership_id,
                    ended_at__isnull=True,
                    user__email__iexact=new_email.strip(),
                ).exists():
                    message = "this person is already a member: choose them from the list"
                raise ValidationError({"new_email": f"New person: {message}"}) from exc
        elif (
            recipient is not None
            and not CaseMembership.objects.filter(case=case, user=recipient, ended_at__isnull=True).exists()
        ):
            grant = CaseMembership.objects.create(
                case=case, user=recipient, capacity=CaseCapacity.AGENCY_AUTHOR, added_by=actor
            )
        request = InformationRequest.objects.create(
            review=review,
            case=case,
            recipient_kind=recipient_kind,
            agency=agency,
            recipient=recipient,
            invitation=invitation,
            asks_for=asks_for,
            asked=asked,
            context=(context or "").strip(),
            due_on=due_on,
            round_started_on=today,
            sent_by=actor,
            sent_at=now,
            granted_membership=grant,
        )
        record_event(
            event_type=EventType.INFORMATION_REQUEST_SENT,
            actor=actor,
            case=case,
            target=request,
            data={
                "request_id": request.pk,
                "recipient_kind": recipient_kind,
                "asks_for": asks_for,
                "agency_id": agency.pk if agency else None,
                "recipient_id": recipient.pk if recipient else None,
                "invitation_id": str(invitation.pk) if invitation else None,
                "due_on": due_on.isoformat(),
                "granted_membership_id": grant.pk if grant else None,
            },
        )
        if recipient is not None:  # an invited person is told when they accept
            _info_email(request=request, to=recipient.email, template="information_request")
    return request


def information_recipient_join(*, user: User, invitation: Any) -> list[InformationRequest]:
    """The person invited from the send form accepted: they become the recipient of the requests waiting for
    them and are named on the case as agency author. Runs inside the acceptance's transaction."""
    joined = []
    waiting = InformationRequest.objects.select_related("case__lead_partnership").filter(
        invitation=invitation, recipient__isnull=True, status__in=AWAITING_ANSWER
    )
    for request in waiting:
        case = request.case
        grant = None
        if not CaseMembership.objects.filter(case=case, user=user, ended_at__isnull=True).exists():
            grant = CaseMembership.objects.create(
                case=case, user=user, capacity=CaseCapacity.AGENCY_AUTHOR, added_by=invitation.invited_by
            )
        request = update_versioned(
            request,
            expected_version=request.version,
            changes={"recipient": user, "granted_membership": grant},
        )
        record_event(
            event_type=EventType.INFORMATION_REQUEST_RECIPIENT_JOINED,
            actor=user,
            case=case,
            target=request,
            data={
                "request_id": request.pk,
                "recipient_id": user.pk,
                "granted_membership_id": grant.pk if grant else None,
            },
        )
        _info_email(request=request, to=user.email, template="information_request")
        joined.append(request)
    return joined


def _info_move(
    request: InformationRequest, *, expected_version: int, allowed: frozenset[str], changes: dict[str, Any]
) -> InformationRequest:
    if request.version != expected_version:
        raise StaleVersionError(current=request)
    if request.status not in allowed:
        raise ValidationError(f"This request is {request.get_status_display().lower()}")
    return update_versioned(request, expected_version=expected_version, changes=changes)


def _end_info_grant(request: InformationRequest, now: dt.datetime) -> int | None:
    if request.granted_membership_id is None:
        return None
    CaseMembership.objects.filter(pk=request.granted_membership_id, ended_at__isnull=True).update(
        ended_at=now
    )
    return request.granted_membership_id


def information_request_answer(
    *, actor: User, request: InformationRequest, expected_version: int, answer: str, uploaded_file: Any = None
) -> InformationRequest:
    """The recipient answers, with text and optionally a document (checked by the documents app). Once
    answered it cannot be answered again unless the business unit asks again."""
    from safeguarding_reviews.alerts.models import AlertKind
    from safeguarding_reviews.alerts.services import alert_create
    from safeguarding_reviews.cases.policies import visible_cases
    from safeguarding_reviews.documents.services import document_store, documents_attach_to_case
    from safeguarding_reviews.organisations.roles import Role
    from safeguarding_reviews.organisations.selectors import people_with_roles

    if not is_recipient(actor, request):
        raise PermissionDenied("Only the request's recipient answers it")
    if request.status not in AWAITING_ANSWER:
        raise ValidationError("This request has already been answered")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Enter your answer"})
    if request.version != expected_version:
        raise StaleVersionError(current=request)
    case = request.case
    with transaction.atomic(durable=True):
        document = None
        if uploaded_file is not None:
            # Stored without a case (the recipient may not see the case itself), then given the case.
            try:
                document = document_store(
                    actor=actor,
                    case=None,
                    uploaded_file=uploaded_file,
                    purpose="information_request",
                    partnership=case.lead_partnership,
                )
            except ValidationError as exc:
                raise ValidationError({"document": exc.messages}) from exc
            documents_attach_to_case(document_ids=[document.pk], case=case)
        request = _info_move(
            request,
            expected_version=expected_version,
            allowed=AWAITING_ANSWER,
            changes={
                "status": InformationStatus.ANSWERED,
                "answer": answer,
                "answer_document": document,
                "answered_by": actor,
                "answered_at": clock.now(),
            },
        )
        record_event(
            event_type=EventType.INFORMATION_REQUEST_ANSWERED,
            actor=actor,
            case=case,
            target=request,
            data={
                "request_id": request.pk,
                "round": request.round,
                "document_id": str(document.pk) if document else None,
            },
        )
        # The business unit's alert, for those who see the case (a restricted case is never announced).
        for person in people_with_roles(
            partnership_id=case.lead_partnership_id, roles=[Role.BUSINESS_UNIT_OFFICER, Role.BUSINESS_MANAGER]
        ):
            if not visible_cases(person).filter(pk=case.pk).exists():
                continue
            alert_create(
                user=person, case=case, kind=AlertKind.INFORMATION_REQUEST_ANSWERED, link=_info_link(request)
            )
    return request


def information_request_accept(
    *, actor: User, request: InformationRequest, expected_version: int
) -> InformationRequest:
    """The business unit accepts the answer; the recipient's access through this request ends."""
    _check_write(actor, request.review)
    now = clock.now()
    with transaction.atomic(durable=True):
        request = _info_move(
            request,
            expected_version=expected_version,
            allowed=frozenset({InformationStatus.ANSWERED}),
            changes={"status": InformationStatus.ACCEPTED, "closed_at": now},
        )
        ended = _end_info_grant(request, now)
        record_event(
            event_type=EventType.INFORMATION_REQUEST_ACCEPTED,
            actor=actor,
            case=request.case,
            target=request,
            data={"request_id": request.pk, "ended_membership_id": ended},
        )
    return request


def information_request_ask_again(
    *,
    actor: User,
    request: InformationRequest,
    expected_version: int,
    asked_again: str,
    due_on: dt.date | None,
) -> InformationRequest:
    """The business unit asks again after an answer: a new round with a new due date (the reminders start
    again) and the recipient answers afresh."""
    from .information import due_on_error

    _check_write(actor, request.review)
    errors: dict[str, str] = {}
    asked_again = (asked_again or "").strip()
    if not asked_again:
        errors["asked_again"] = "Enter what is asked now"
    due_error = due_on_error(due_on, today=clock.today())
    if due_error:
        errors["due_on"] = due_error
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        request = _info_move(
            request,
            expected_version=expected_version,
            allowed=frozenset({InformationStatus.ANSWERED}),
            changes={
                "status": InformationStatus.ASKED_AGAIN,
                "asked_again": asked_again,
                "due_on": due_on,
                "round": request.round + 1,
                "round_started_on": clock.today(),
            },
        )
        record_event(
            event_type=EventType.INFORMATION_REQUEST_ASKED_AGAIN,
            actor=actor,
            case=request.case,
            target=request,
            data={
                "request_id": request.pk,
                "round": request.round,
                "due_on": due_on.isoformat() if due_on else None,
            },
        )
        if request.recipient is not None:
            _info_email(request=request, to=request.recipient.email, template="information_request_again")
    return request


def information_request_withdraw(
    *, actor: User, request: InformationRequest, expected_version: int, reason: str
) -> InformationRequest:
    """The business unit withdraws an open or answered request, saying why (kept on the request; the audit
    event says only that a reason was given). The recipient's access ends at once."""
    _check_write(actor, request.review)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for withdrawing the request"})
    now = clock.now()
    with transaction.atomic(durable=True):
        request = _info_move(
            request,
            expected_version=expected_version,
            allowed=AWAITING_ANSWER | {InformationStatus.ANSWERED},
            changes={"status": InformationStatus.WITHDRAWN, "closed_at": now, "withdrawal_reason": reason},
        )
        ended = _end_info_grant(request, now)
        record_event(
            event_type=EventType.INFORMATION_REQUEST_WITHDRAWN,
            actor=actor,
            case=request.case,
            target=request,
            data={"request_id": request.pk, "ended_membership_id": ended, "reason_given": True},
        )
    return request


def information_request_chase(*, request: InformationRequest, step: str) -> bool:
    """Take one step (rapid_review.chasing): the reminder before the due date, or a step of the ladder once
    overdue: the recipient, then the agency's safeguarding lead (none for the reviewer), then the business
    manager(s) who see the case. Recorded first under a unique (request, round, step), so never twice."""
    from django.urls import reverse

    from safeguarding_reviews.alerts.models import AlertKind
    from safeguarding_reviews.alerts.services import alert_create
    from safeguarding_reviews.cases.policies import visible_cases
    from safeguarding_reviews.emails.services import absolute_url, email_send
    from safeguarding_reviews.organisations.roles import Role
    from safeguarding_reviews.organisations.selectors import people_with_roles
    from safeguarding_reviews.rapid_review import chasing

    today, now = clock.today(), clock.now()
    case = request.case
    link = email_link = _info_link(request)
    recipient_address = (
        request.recipient.email if request.recipient else getattr(request.invitation, "email", "")
    )
    try:
        with transaction.atomic(durable=True):
            timing = {"due_on__gte": today} if step == chasing.DUE_SOON else {"due_on__lt": today}
            if not InformationRequest.objects.filter(
                pk=request.pk, status__in=AWAITING_ANSWER, round=request.round, **timing
            ).exists():
                return False
            managers: list[Any] = []
            recipient_alert = None
            if step == chasing.DUE_SOON:
                to, template = [recipient_address], "information_request_due_soon"
                recipient_alert = AlertKind.INFORMATION_REQUEST_DUE_SOON
            elif step == chasing.AUTHOR:
                to, template = [recipient_address], "information_request_chase"
                recipient_alert = AlertKind.INFORMATION_REQUEST_OVERDUE
            elif step == chasing.SAFEGUARDING_LEAD:
                # The lead does not see the request: their link is the home page.
                to = [request.agency.safeguarding_lead_email] if request.agency else []
                template, email_link = "information_request_chase_lead", reverse("home")
            elif step == chasing.BUSINESS_MANAGER:
                managers = [
                    person
                    for person in people_with_roles(
                        partnership_id=case.lead_partnership_id, roles=[Role.BUSINESS_MANAGER]
                    )
                    if visible_cases(person).filter(pk=case.pk).exists()
                ]
                to, template = [user.email for user in managers], "information_request_chase_manager"
            else:
                raise ValueError(f"Not a chase step: {step}")
            to = [address for address in to if address]
            InformationRequestChase.objects.create(
                request=request,
                step=step,
                round=request.round,
                chased_at=now,
                chased_on=today,
                emailed=bool(to),
            )
            record_event(
                event_type=EventType.INFORMATION_REQUEST_CHASED,
                case=case,
                target=request,
                data={"request_id": request.pk, "step": step, "round": request.round, "emails": len(to)},
            )
            context = {
                "case_reference": case.reference,
                "partnership_name": case.lead_partnership.name,
                "link": absolute_url(email_link),
            }
            for address in to:
                email_send(to=address, template=template, context=context)
            for user in managers:
                alert_create(user=user, case=case, kind=AlertKind.INFORMATION_REQUEST_OVERDUE, link=link)
            if recipient_alert is not None and request.recipient is not None:
                alert_create(user=request.recipient, case=None, kind=recipient_alert, link=link)
    except IntegrityError:
        return False  # another run took this step first
    return True


def information_chases_run() -> int:
    """Today's step for every request awaiting an answer (rapid_review.chasing.next_step, with the rapid
    review's chase interval and the partnership's reminder lead, on its local calendar)."""
    from functools import partial

    from safeguarding_reviews.clocks.selectors import clock_settings_for
    from safeguarding_reviews.rapid_review.chasing import next_step
    from safeguarding_reviews.rapid_review.services import chase_interval
    from safeguarding_reviews.working_days.calculator import add_working_days
    from safeguarding_reviews.working_days.selectors import (
        closure_days_by_partnership,
        statutory_non_working_days,
    )

    today = clock.today()
    waiting = list(
        InformationRequest.objects.filter(status__in=AWAITING_ANSWER)
        .select_related("case__lead_partnership", "agency", "recipient", "invitation")
        .prefetch_related("chases")
        .order_by("pk")
    )
    if not waiting:
        return 0
    statutory = statutory_non_working_days()
    partnerships = {r.case.lead_partnership_id: r.case.lead_partnership for r in waiting}
    closures = closure_days_by_partnership(sorted(partnerships))
    intervals = {pid: chase_interval(pid) for pid in partnerships}
    leads = {pid: clock_settings_for(p).reminder_lead_working_days for pid, p in partnerships.items()}
    taken = 0
    for request in waiting:
        pid = request.case.lead_partnership_id
        step = next_step(
            due_on=request.due_on,
            today=today,
            done={c.step: c.chased_on for c in request.chases.all() if c.round == request.round},
            interval=intervals[pid],
            add_working_days=partial(
                add_working_days, non_working=statutory | closures.get(pid, frozenset())
            ),
            due_soon_days=leads[pid],
            started_on=request.round_started_on,
        )
        if step is not None and information_request_chase(request=request, step=step):
            taken += 1
    return taken
