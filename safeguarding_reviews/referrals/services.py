"""Writes to referrals. Each service owns its transaction and records its audit event; submitting also
opens the case (cases.services), moves it to screening and starts the clocks (clocks.services)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError
from django.urls import reverse

from safeguarding_reviews.alerts.rules import Handoff
from safeguarding_reviews.alerts.services import handoff_notify
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.cases.models import Case, CaseCapacity
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.documents import services as document_services
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.organisations.models import Agency, MembershipRole, Partnership
from safeguarding_reviews.subjects import services as subject_services
from safeguarding_reviews.subjects.labels import household_label, next_child_labels
from safeguarding_reviews.subjects.models import Subject, SubjectKind
from safeguarding_reviews.subjects.selectors import taken_child_labels

from .models import Channel, Referral, ReferralAttachment, ReferralStatus
from .policies import is_case_runner, may_refer_for, recording_partnerships
from .sections import BY_SLUG, missing_sections

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

DOCUMENT_PURPOSE = "referral"


def _audit(
    event_type: EventType,
    *,
    actor: User,
    referral: Referral,
    target: Any = None,
    object_type: str | None = None,
    object_id: str | None = None,
    **data: Any,
) -> None:
    """Ids and codes only: never names or the referral's free text."""
    record_event(
        event_type=event_type,
        actor=actor,
        case=referral.case if referral.case_id else None,
        partnership=referral.partnership,
        target=target if target is not None or object_type else referral,
        object_type=object_type,
        object_id=object_id,
        data={"referral_id": str(referral.pk), **data},
    )


def _check_may_edit(actor: User, referral: Referral) -> None:
    """Drafts: their author, while still an agency representative of the agency. On a case: the business
    unit. Submitted referrals are not edited here."""
    if referral.status != ReferralStatus.DRAFT:
        raise ValidationError("This referral has already been submitted")
    if referral.case_id is None:
        if referral.created_by_id != actor.pk or not may_refer_for(actor, referral.agency):
            raise PermissionDenied
    elif not is_case_runner(actor, referral.case):
        raise PermissionDenied


def referral_start(*, actor: User, agency: Agency) -> Referral:
    """An agency representative starts a draft referral for their agency (only they will see it)."""
    if not may_refer_for(actor, agency):
        raise PermissionDenied
    job_title = (
        MembershipRole.objects.filter(
            membership__user=actor,
            membership__partnership_id=agency.partnership_id,
            membership__ended_at__isnull=True,
        )
        .values_list("membership__job_title", flat=True)
        .first()
    )
    with transaction.atomic(durable=True):
        referral = Referral.objects.create(
            partnership_id=agency.partnership_id,
            agency=agency,
            created_by=actor,
            channel=Channel.ONLINE,
            referrer_name=getattr(actor, "full_name", "")[:200],
            referrer_email=actor.email,
            referrer_role=(job_title or "")[:200],
        )
        _audit(EventType.REFERRAL_STARTED, actor=actor, referral=referral, agency_id=agency.pk)
    return referral


def referral_record_received(
    *, actor: User, agency: Agency, channel: str, received_at: dt.datetime, case: Case | None = None
) -> Referral:
    """The business unit records a referral an agency made by phone or email. The case opens now (or the
    given open case, opened by hand and still without a referral, takes it) and the 48-hour
    written-confirmation clock starts from `received_at`; the business unit then completes the referral on
    the case."""
    from safeguarding_reviews.clocks.models import MilestoneEvent
    from safeguarding_reviews.clocks.services import milestone_record

    if agency.partnership_id not in recording_partnerships(actor):
        raise PermissionDenied
    if channel not in (Channel.PHONE, Channel.EMAIL):
        raise ValidationError({"channel": "Select how the referral was received"})
    if received_at > clock.now():
        raise ValidationError({"received_on": "The date and time received must be in the past"})
    received_on = clock.london(received_at).date()
    with transaction.atomic(durable=True):
        partnership = Partnership.objects.select_for_update(no_key=True).get(pk=agency.partnership_id)
        if case is None:
            pseudonym = next_child_labels(taken_child_labels(partnership.pk))[0]
            case = case_services.case_open_for_referral(
                actor=actor,
                partnership=partnership,
                pseudonym=pseudonym,
                incident_date=None,
                referral_received_on=received_on,
                capacity=CaseCapacity.CASE_LEAD,
            )
        else:
            case = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
            if case.lead_partnership_id != partnership.pk or case.stage == Stage.CLOSED:
                raise ValidationError("Only an open case of this partnership can take a referral")
            if Referral.objects.filter(case=case).exists():
                raise ValidationError("This case already has a referral")
        referral = Referral.objects.create(
            partnership=partnership,
            agency=agency,
            created_by=actor,
            channel=channel,
            case=case,
            received_at=received_at,
        )
        milestone_record(
            actor=actor,
            case=case,
            event=MilestoneEvent.REFERRAL_RECEIVED,
            occurred_on=received_on,
            occurred_at=received_at,
        )
        _audit(
            EventType.REFERRAL_RECORDED, actor=actor, referral=referral, agency_id=agency.pk, channel=channel
        )
        _tell_business_unit(case, actor=actor, event=Handoff.REFERRAL_RECORDED)
    return referral


def referral_section_save(
    *, actor: User, referral: Referral, section: str, values: dict[str, Any], expected_version: int
) -> Referral:
    """Save one section of the form (its answers have passed the section's form) and mark it complete.
    StaleVersionError if the referral was saved elsewhere since `expected_version`."""
    _check_may_edit(actor, referral)
    spec = BY_SLUG[section]
    unknown = set(values) - set(spec.fields)
    if unknown:
        raise ValueError(f"Not in section {section}: {sorted(unknown)}")
    if (
        section == "children"
        and not Subject.objects.filter(referral=referral, kind=SubjectKind.CHILD).exists()
    ):
        raise ValidationError("Add at least one child")
    changes = dict(values)
    completed = list(referral.completed_sections)
    if section not in completed:
        changes["completed_sections"] = [*completed, section]
    try:
        with transaction.atomic(durable=True):
            referral = update_versioned(referral, expected_version=expected_version, changes=changes)
            _audit(
                EventType.REFERRAL_UPDATED,
                actor=actor,
                referral=referral,
                section=section,
                fields=sorted(values),
                version=referral.version,
            )
    except StaleVersionError:
        with transaction.atomic(durable=True):
            _audit(
                EventType.REFERRAL_UPDATE_CONFLICT,
                actor=actor,
                referral=referral,
                section=section,
                expected_version=expected_version,
            )
        raise
    return referral


def _provisional_label(referral: Referral, kind: str, relationship: str) -> str:
    """Labels before the case exists: "Child 1", "Mother (household member 1)"; set for real on submit.
    On a case, the first child takes the case's pseudonym and later ones the next free letter."""
    same_kind = Subject.objects.filter(referral=referral, kind=kind).count()
    if referral.case is None:
        if kind == SubjectKind.CHILD:
            return f"Child {same_kind + 1}"
        return household_label(relationship, "the child", same_kind + 1)
    return subject_services.label_for_new(case=referral.case, kind=kind, relationship=relationship)


def referral_person_add(
    *, actor: User, referral: Referral, kind: str, details: dict[str, Any], identity: dict[str, Any]
) -> Subject:
    """Name a child or a household member in the referral. Their identity goes to SubjectIdentity."""
    _check_may_edit(actor, referral)
    with transaction.atomic(durable=True):
        label = _provisional_label(referral, kind, details.get("relationship", ""))
        subject = subject_services.subject_insert(
            actor=actor,
            kind=kind,
            details=details | {"label": label},
            identity=identity,
            case=referral.case,
            referral=referral,
        )
        _audit(
            EventType.SUBJECT_ADDED,
            actor=actor,
            referral=referral,
            target=subject,
            subject_id=subject.pk,
            kind=kind,
        )
    return subject


def referral_person_update(
    *,
    actor: User,
    referral: Referral,
    subject: Subject,
    expected_version: int,
    changes: dict[str, Any],
    identity_changes: dict[str, Any],
) -> Subject:
    _check_may_edit(actor, referral)
    if subject.referral_id != referral.pk:
        raise PermissionDenied
    changes = dict(changes)
    changes.pop("label", None)
    try:
        with transaction.atomic(durable=True):
            if referral.case_id is None and subject.kind == SubjectKind.HOUSEHOLD_MEMBER:
                changes["label"] = household_label(
                    changes.get("relationship", ""), "the child", subject.order
                )
            subject, changed = subject_services.subject_change(
                subject=subject,
                expected_version=expected_version,
                changes=changes,
                identity_changes=identity_changes,
            )
            _audit(
                EventType.SUBJECT_UPDATED,
                actor=actor,
                referral=referral,
                target=subject,
                subject_id=subject.pk,
                fields=changed,
            )
    except StaleVersionError:
        with transaction.atomic(durable=True):
            _audit(
                EventType.SUBJECT_UPDATE_CONFLICT,
                actor=actor,
                referral=referral,
                target=subject,
                subject_id=subject.pk,
                expected_version=expected_version,
            )
        raise
    return subject


def referral_person_remove(*, actor: User, referral: Referral, subject: Subject) -> None:
    """Take a person out of a referral that has not been submitted (their identity goes with them)."""
    _check_may_edit(actor, referral)
    if subject.referral_id != referral.pk:
        raise PermissionDenied
    subject_id = subject.pk
    try:
        with transaction.atomic(durable=True):
            Subject.objects.filter(pk=subject_id).delete()  # cascades to SubjectIdentity
            remaining = Subject.objects.filter(referral=referral, kind=SubjectKind.CHILD).exists()
            if not remaining and "children" in referral.completed_sections:
                Referral.objects.filter(pk=referral.pk).update(
                    completed_sections=[s for s in referral.completed_sections if s != "children"],
                    version=F("version") + 1,
                )
            _audit(
                EventType.SUBJECT_REMOVED,
                actor=actor,
                referral=referral,
                object_type="subjects.subject",
                object_id=str(subject_id),
                subject_id=subject_id,
            )
    except ProtectedError as exc:
        raise ValidationError(
            "This person is already used elsewhere in the case and cannot be removed"
        ) from exc
    referral.refresh_from_db()


def referral_attachment_add(*, actor: User, referral: Referral, uploaded_file: Any) -> Document:
    """Attach a file to the referral: checked by content and stored in the document store."""
    _check_may_edit(actor, referral)
    with transaction.atomic(durable=True):
        document = document_services.document_store(
            actor=actor,
            case=referral.case,
            uploaded_file=uploaded_file,
            purpose=DOCUMENT_PURPOSE,
            partnership=referral.partnership,
        )
        ReferralAttachment.objects.create(referral=referral, document=document)
    return document


def referral_attachment_remove(*, actor: User, referral: Referral, document: Document) -> None:
    _check_may_edit(actor, referral)
    if not ReferralAttachment.objects.filter(referral=referral, document=document).exists():
        raise PermissionDenied
    with transaction.atomic(durable=True):
        if document.case_id is None:
            ReferralAttachment.objects.filter(referral=referral, document=document).delete()
            document_services.document_discard(document=document)
        else:
            Document.objects.filter(pk=document.pk).update(removed_at=clock.now())
        _audit(
            EventType.DOCUMENT_REMOVED,
            actor=actor,
            referral=referral,
            object_type="documents.document",
            object_id=str(document.pk),
            document_id=str(document.pk),
        )


def submission_problems(referral: Referral) -> list[tuple[str, str]]:
    """(section slug, message) for everything that stops the referral being submitted."""
    problems = [
        (s.slug, f"Complete the section: {s.title}") for s in missing_sections(referral.completed_sections)
    ]
    today = clock.today()
    if referral.incident_date and referral.incident_date > today:
        problems.append(("incident", "The date of the incident must be today or in the past"))
    if referral.incident_date and referral.aware_date and referral.aware_date < referral.incident_date:
        problems.append(("incident", "The date the agency became aware cannot be before the incident"))
    if referral.aware_date and referral.aware_date > today:
        problems.append(("incident", "The date the agency became aware must be today or in the past"))
    if not Subject.objects.filter(referral=referral, kind=SubjectKind.CHILD).exists():
        problems.append(("children", "Add at least one child"))
    return list(dict.fromkeys(problems))


def referral_submit(*, actor: User, referral: Referral) -> Case:
    """Submit a complete referral. An online draft opens its case now (pseudonym: the next free "Child X"
    in the partnership), naming the referrer on it as agency representative; a referral the business unit
    recorded already has its case. The case moves to screening; REFERRAL_RECEIVED is recorded with today's
    date for online referrals (recorded ones have it from the phone call or email); the business unit
    officers are emailed a reference and a link."""
    from safeguarding_reviews.clocks.models import MilestoneEvent
    from safeguarding_reviews.clocks.services import milestone_record
    from safeguarding_reviews.parallel_processes.services import parallel_processes_from_referral

    _check_may_edit(actor, referral)
    problems = submission_problems(referral)
    if problems:
        raise ValidationError([message for _, message in problems])
    today = clock.today()
    with transaction.atomic(durable=True):
        partnership = Partnership.objects.select_for_update(no_key=True).get(pk=referral.partnership_id)
        locked = Referral.objects.select_for_update(no_key=True).get(pk=referral.pk)
        if locked.status != ReferralStatus.DRAFT:
            raise ValidationError("This referral has already been submitted")
        online = locked.case_id is None
        if online:
            children = list(
                Subject.objects.filter(referral=locked, kind=SubjectKind.CHILD).order_by("order", "pk")
            )
            labels = next_child_labels(taken_child_labels(partnership.pk), len(children))
            case = case_services.case_open_for_referral(
                actor=actor,
                partnership=partnership,
                pseudonym=labels[0],
                incident_date=locked.incident_date,
                referral_received_on=today,
                capacity=CaseCapacity.AGENCY_REPRESENTATIVE,
            )
            for child, label in zip(children, labels, strict=True):
                Subject.objects.filter(pk=child.pk).update(case=case, label=label, version=F("version") + 1)
            household = Subject.objects.filter(referral=locked, kind=SubjectKind.HOUSEHOLD_MEMBER)
            for number, person in enumerate(household.order_by("order", "pk"), start=1):
                Subject.objects.filter(pk=person.pk).update(
                    case=case,
                    label=household_label(person.relationship, labels[0], number),
                    version=F("version") + 1,
                )
            document_services.documents_attach_to_case(
                document_ids=list(locked.attachments.values_list("document_id", flat=True)), case=case
            )
        else:
            recorded_case = locked.case
            assert recorded_case is not None
            case = recorded_case
            if case.incident_date is None and locked.incident_date:
                Case.objects.filter(pk=case.pk).update(
                    incident_date=locked.incident_date, version=F("version") + 1
                )
                case.refresh_from_db()
        Referral.objects.filter(pk=locked.pk).update(
            status=ReferralStatus.SUBMITTED,
            case=case,
            submitted_at=clock.now(),
            submitted_by=actor,
            version=F("version") + 1,
        )
        if case.stage == Stage.REFERRAL:  # a case opened by hand may have moved on already
            case_services.case_stage_advance(
                actor=actor, case=case, to_stage=Stage.SCREENING, reason="referral_submitted"
            )
        if online:
            milestone_record(
                actor=actor, case=case, event=MilestoneEvent.REFERRAL_RECEIVED, occurred_on=today
            )
            # The online form is itself the written confirmation the seed document asks for within 48
            # hours of a phone or email referral: record it at once so that clock is met, never overdue.
            milestone_record(
                actor=actor,
                case=case,
                event=MilestoneEvent.WRITTEN_CONFIRMATION_RECEIVED,
                occurred_on=today,
                occurred_at=clock.now(),
            )
        # The case's parallel-process register starts from the referral's answers.
        parallel_processes_from_referral(actor=actor, case=case, referral=locked)
        referral.refresh_from_db()
        _audit(
            EventType.REFERRAL_SUBMITTED,
            actor=actor,
            referral=referral,
            channel=referral.channel,
            child_count=Subject.objects.filter(case=case, kind=SubjectKind.CHILD).count(),
        )
        if online:  # a recorded referral told the business unit when it was recorded
            _tell_business_unit(case, actor=actor, event=Handoff.REFERRAL_SUBMITTED)
    return case


def _tell_business_unit(case: Case, *, actor: User, event: Handoff) -> None:
    handoff_notify(
        event=event,
        case=case,
        actor=actor,
        link=reverse("referrals:case_referral", kwargs={"case_id": case.pk}),
    )


def referral_written_confirmation_record(
    *, actor: User, referral: Referral, received_at: dt.datetime
) -> Referral:
    """The business unit records that the agency confirmed a phone or email referral in writing (the
    48-hour clock stops)."""
    from safeguarding_reviews.clocks.models import MilestoneEvent
    from safeguarding_reviews.clocks.services import milestone_record

    case = referral.case
    if case is None or not is_case_runner(actor, case):
        raise PermissionDenied
    if referral.channel == Channel.ONLINE:
        raise ValidationError("An online referral is already in writing")
    if received_at > clock.now():
        raise ValidationError(
            {"received_on": "The date written confirmation was received must be in the past"}
        )
    if referral.received_at and received_at < referral.received_at:
        raise ValidationError(
            {"received_on": "Written confirmation cannot be received before the referral itself"}
        )
    with transaction.atomic(durable=True):
        Referral.objects.filter(pk=referral.pk).update(
            written_confirmation_at=received_at, version=F("version") + 1
        )
        milestone_record(
            actor=actor,
            case=case,
            event=MilestoneEvent.WRITTEN_CONFIRMATION_RECEIVED,
            occurred_on=clock.london(received_at).date(),
            occurred_at=received_at,
        )
        _audit(EventType.REFERRAL_CONFIRMED_IN_WRITING, actor=actor, referral=referral)
    referral.refresh_from_db()
    return referral
