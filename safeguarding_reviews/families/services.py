"""Writes of the family's involvement. Keyword-only; each owns its transaction and records one audit event
with ids and choice values only: never a name, an address or the free text (reasons, wishes, views)."""

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
from safeguarding_reviews.core.forms import check_choices
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.parallel_processes.selectors import active_blocks
from safeguarding_reviews.reports.models import DocumentGeneration
from safeguarding_reviews.reports.services import document_generation_request
from safeguarding_reviews.subjects.policies import may_see_identity
from safeguarding_reviews.subjects.services import identity_normalised, identity_record_view

from . import rules, selectors
from .models import (
    Approach,
    ApproachMethod,
    ContactKind,
    ContactMethod,
    ContactResult,
    DraftResponse,
    ExplainedHow,
    FamilyMember,
    FamilyMemberContact,
    FamilyMemberIdentity,
)
from .policies import WRITE_REFUSED, may_record_family

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

LETTER_BUILDER = "family_information_letter"
LETTER_KIND = "family_information_letter"
SUBJECT_DETAILS = (
    "They are one of the case's people: change their details on the case's people pages, not here"
)
# An added member's identity details (a subject's are subjects.services.IDENTITY_FIELDS).
IDENTITY_FIELDS = ("first_names", "last_name", "known_as", "initials", "address_line_1", "town", "postcode")
REMOVED = "This family member was removed from the review: their record is kept and can no longer be changed"


def family_names_record_view(*, actor: User, case: Case, members: list[FamilyMember], page: str) -> None:
    """Audit one showing of these members' names (and addresses): subject ids for the case's people, member
    ids for those added. Nothing shown, nothing recorded."""
    identity_record_view(
        actor=actor,
        case=case,
        subject_ids=[m.subject_id for m in members if m.subject_id is not None],
        family_member_ids=[m.pk for m in members if m.subject_id is None],
        page=page,
    )


def _check(actor: User, case: Case, member: FamilyMember | None = None) -> None:
    if not may_record_family(actor, case):
        raise PermissionDenied(WRITE_REFUSED)
    if case.stage == Stage.CLOSED:
        raise ValidationError("The case is closed: the family's involvement can no longer be changed")
    if member is not None and member.case_id != case.pk:
        raise PermissionDenied("The family member is not on this case")
    if member is not None and member.is_removed:
        raise ValidationError(REMOVED)


def _refuse(refusal: str | None) -> None:
    if refusal is not None:
        raise ValidationError(refusal)


def _identity_values(identity: dict[str, Any]) -> dict[str, Any]:
    """An added member's identity as stored: every part present (blank if not given), text trimmed, lists
    cleaned, the postcode normalised. The caller has checked it (rules.member_errors)."""
    unknown = set(identity) - set(IDENTITY_FIELDS)
    if unknown:
        raise ValueError(f"Not identity fields: {sorted(unknown)}")
    blank = {name: [] if name in ("known_as", "initials") else "" for name in IDENTITY_FIELDS}
    return identity_normalised(blank | identity)


def member_add(
    *,
    actor: User,
    case: Case,
    subject_id: int | None = None,
    relationship: str = "",
    is_child: bool = False,
    age_years: int | None = None,
    identity: dict[str, Any] | None = None,
) -> FamilyMember:
    """Add a family member to the review: one of the case's people (`subject_id`; a child subject is a
    child member), or someone else by relationship, with their name (first names, last name, known-as names,
    initials) and address (line 1, town, postcode) kept as identity details (`identity`, IDENTITY_FIELDS)."""
    _check(actor, case)
    relationship = relationship.strip()
    errors: dict[str, str] = {}
    if subject_id is not None:
        child = selectors.subject_is_child(case, subject_id)
        if child is None:
            errors["subject"] = "Choose a person from the list"
        elif FamilyMember.objects.filter(case=case, subject_id=subject_id, removed_at__isnull=True).exists():
            errors["subject"] = "This person is already in the family list"
        is_child, age_years, relationship = bool(child), None, ""
    else:
        identity = identity or {}
        errors = rules.member_errors(
            relationship=relationship, is_child=is_child, age_years=age_years, identity=identity
        )
    if errors:
        raise ValidationError(errors)
    stored = _identity_values(identity) if subject_id is None and identity is not None else None
    try:
        with transaction.atomic(durable=True):
            member = FamilyMember.objects.create(
                case=case,
                subject_id=subject_id,
                relationship=relationship,
                is_child=is_child,
                age_years=age_years,
                created_by=actor,
            )
            if stored is not None:
                FamilyMemberIdentity.objects.create(member=member, **stored)
            record_event(
                event_type=EventType.FAMILY_MEMBER_ADDED,
                actor=actor,
                case=case,
                target=member,
                data={"member_id": member.pk, "subject_id": subject_id, "is_child": is_child},
            )
    except IntegrityError as exc:  # the same person added by someone else at the same moment
        raise ValidationError({"subject": "This person is already in the family list"}) from exc
    return member


def _update(
    *,
    actor: User,
    case: Case,
    member: FamilyMember,
    expected_version: int,
    changes: dict[str, Any],
    event_type: EventType,
    data: dict[str, Any] | None = None,
    identity_changes: dict[str, Any] | None = None,
) -> FamilyMember:
    """Save `changes` (and an added member's `identity_changes`: name and address in parts) to the member at
    `expected_version`, with one event naming the fields changed; a stale save records the conflict and
    raises StaleVersionError (with the current row). A member removed meanwhile is refused
    (ValidationError)."""
    try:
        with transaction.atomic(durable=True):
            current = FamilyMember.objects.select_for_update(no_key=True).get(pk=member.pk)
            if current.is_removed:
                raise ValidationError(REMOVED)
            changed = sorted(n for n, v in changes.items() if n != "decided_by" and getattr(current, n) != v)
            identity = None
            if identity_changes is not None:
                identity = FamilyMemberIdentity.objects.filter(member=current).first()
                changed += sorted(
                    n for n, v in identity_changes.items() if identity is None or getattr(identity, n) != v
                )
            member = update_versioned(current, expected_version=expected_version, changes=changes)
            if identity_changes is not None and identity is None:
                FamilyMemberIdentity.objects.create(member=member, **identity_changes)
            elif identity_changes and identity is not None:
                FamilyMemberIdentity.objects.filter(pk=identity.pk).update(**identity_changes)
            record_event(
                event_type=event_type,
                actor=actor,
                case=case,
                target=member,
                data={"member_id": member.pk, "fields": changed, "version": member.version} | (data or {}),
            )
    except StaleVersionError:
        with transaction.atomic(durable=True):
            record_event(
                event_type=EventType.FAMILY_UPDATE_CONFLICT,
                actor=actor,
                case=case,
                target=member,
                data={"member_id": member.pk, "expected_version": expected_version},
            )
        raise
    return member


def member_update(
    *,
    actor: User,
    case: Case,
    member: FamilyMember,
    expected_version: int,
    relationship: str,
    is_child: bool = False,
    age_years: int | None = None,
    identity: dict[str, Any] | None = None,
) -> FamilyMember:
    """Correct an added member's details: relationship, whether a child and their age, and (only for those
    who may see identity details) their name and address in parts (`identity`, IDENTITY_FIELDS; parts left
    out are blanked); `identity` None leaves the identity alone. A member who is one of the case's people
    has none of these on their row (their label, age, name and address are the subject's, changed on the
    case's people pages): refused. Audited with the field names changed, never their values."""
    _check(actor, case, member)
    if member.subject_id is not None:
        raise ValidationError(SUBJECT_DETAILS)
    if identity is not None and not may_see_identity(actor, case):
        raise PermissionDenied("Only people who may see identity details change a name or address")
    relationship = relationship.strip()
    errors = rules.member_errors(
        relationship=relationship, is_child=is_child, age_years=age_years, identity=identity
    )
    if errors:
        raise ValidationError(errors)
    return _update(
        actor=actor,
        case=case,
        member=member,
        expected_version=expected_version,
        changes={"relationship": relationship, "is_child": is_child, "age_years": age_years},
        identity_changes=None if identity is None else _identity_values(identity),
        event_type=EventType.FAMILY_MEMBER_CHANGED,
    )


def member_remove(
    *, actor: User, case: Case, member: FamilyMember, expected_version: int, reason: str
) -> FamilyMember:
    """Remove a member recorded in error, with a reason. Never deleted: the row, its identity, contacts and
    letters stay, marked removed, readable as history and closed to writes; they leave the counts, the task
    list and the letter. Audited with ids only (never the reason)."""
    _check(actor, case, member)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you are removing this family member"})
    return _update(
        actor=actor,
        case=case,
        member=member,
        expected_version=expected_version,
        changes={"removed_at": clock.now(), "removed_by": actor, "removal_reason": reason},
        event_type=EventType.FAMILY_MEMBER_REMOVED,
    )


def approach_record(
    *,
    actor: User,
    case: Case,
    member: FamilyMember,
    expected_version: int,
    approach: str,
    approach_method: str = "",
    approach_reason: str = "",
    agreed_with: str = "",
    decided_on: dt.date | None = None,
    child_wishes: str = "",
    child_adaptation: str = "",
) -> FamilyMember:
    """Decide whether and how to approach the member, with reasons (and, for a child, their wishes and how
    their involvement is adapted). A decision to approach is refused while a parallel process's constraint
    blocks contact with the family; a decision not to approach is not (e.g. because of a criminal trial,
    agreed with the police: `agreed_with` names the role)."""
    _check(actor, case, member)
    check_choices(approach=(approach, Approach))
    if approach_method:
        check_choices(approach_method=(approach_method, ApproachMethod))
    errors = rules.approach_errors(
        approach=approach,
        method=approach_method,
        reason=approach_reason,
        decided_on=decided_on,
        is_child=member.is_child,
        wishes=child_wishes,
        adaptation=child_adaptation,
        today=clock.today(),
    )
    if errors:
        raise ValidationError(errors)
    _refuse(rules.approach_refusal(approach, active_blocks(case)))
    changes = {
        "approach": approach,
        "approach_method": approach_method if approach == Approach.YES else "",
        "approach_reason": approach_reason.strip(),
        "agreed_with": agreed_with.strip(),
        "decided_on": decided_on or clock.today(),
        "decided_by": actor,
        "child_wishes": child_wishes.strip() if member.is_child else "",
        "child_adaptation": child_adaptation.strip() if member.is_child else "",
    }
    return _update(
        actor=actor,
        case=case,
        member=member,
        expected_version=expected_version,
        changes=changes,
        event_type=EventType.FAMILY_APPROACH_DECIDED,
        data={"approach": approach, "approach_method": changes["approach_method"]},
    )


def contact_add(
    *,
    actor: User,
    case: Case,
    member: FamilyMember,
    kind: str,
    on: dt.date,
    method: str,
    result: str,
    attended_by: str = "",
    place: str = "",
) -> FamilyMemberContact:
    """Record a contact attempt or a meeting with a member the review decided to approach. Refused while a
    constraint blocks contact with the family, or before the decision to approach them."""
    _check(actor, case, member)
    check_choices(kind=(kind, ContactKind), method=(method, ContactMethod), result=(result, ContactResult))
    errors = rules.contact_errors(
        kind=kind, on=on, result=result, attended_by=attended_by, today=clock.today()
    )
    if errors:
        raise ValidationError(errors)
    _refuse(rules.family_contact_refusal(active_blocks(case)))
    if member.approach != Approach.YES:
        raise ValidationError("Record the decision to approach them first")
    with transaction.atomic(durable=True):
        contact = FamilyMemberContact.objects.create(
            member=member,
            kind=kind,
            on=on,
            method=method,
            result=result,
            attended_by=attended_by.strip() if kind == ContactKind.MEETING else "",
            place=place.strip() if kind == ContactKind.MEETING else "",
            created_by=actor,
        )
        record_event(
            event_type=EventType.FAMILY_CONTACT_RECORDED,
            actor=actor,
            case=case,
            target=contact,
            data={
                "member_id": member.pk,
                "contact_id": contact.pk,
                "kind": kind,
                "method": method,
                "result": result,
            },
        )
    return contact


def expectations_record(
    *,
    actor: User,
    case: Case,
    member: FamilyMember,
    expected_version: int,
    expectations_on: dt.date,
    expectations_how: str,
) -> FamilyMember:
    """Record when and how the review's expectations were explained to the member."""
    _check(actor, case, member)
    check_choices(expectations_how=(expectations_how, ExplainedHow))
    errors = rules.expectations_errors(explained_on=expectations_on, today=clock.today())
    if errors:
        raise ValidationError(errors)
    return _update(
        actor=actor,
        case=case,
        member=member,
        expected_version=expected_version,
        changes={"expectations_on": expectations_on, "expectations_how": expectations_how},
        event_type=EventType.FAMILY_MEMBER_UPDATED,
    )


def views_record(
    *, actor: User, case: Case, member: FamilyMember, expected_version: int, views_used: str
) -> FamilyMember:
    """Record how the member's views were used in the report (in the report's words: no names)."""
    _check(actor, case, member)
    if not views_used.strip():
        raise ValidationError({"views_used": "Enter how their views were used in the report"})
    return _update(
        actor=actor,
        case=case,
        member=member,
        expected_version=expected_version,
        changes={"views_used": views_used.strip()},
        event_type=EventType.FAMILY_MEMBER_UPDATED,
    )


def draft_record(
    *,
    actor: User,
    case: Case,
    member: FamilyMember,
    expected_version: int,
    draft_shared_on: dt.date,
    draft_response: str,
    draft_id: int | None = None,
    draft_response_on: dt.date | None = None,
) -> FamilyMember:
    """Record the draft report shared with the member before publication (which version, if known) and
    their response. Refused while a constraint blocks sharing the draft."""
    _check(actor, case, member)
    check_choices(draft_response=(draft_response, DraftResponse))
    errors = rules.draft_errors(
        shared_on=draft_shared_on, response=draft_response, response_on=draft_response_on, today=clock.today()
    )
    if draft_id is not None and draft_id not in {pk for pk, _ in selectors.draft_choices(case.pk)}:
        errors["draft"] = "Choose a version of the draft from the list"
    if errors:
        raise ValidationError(errors)
    _refuse(rules.draft_refusal(active_blocks(case), approach=member.approach))
    return _update(
        actor=actor,
        case=case,
        member=member,
        expected_version=expected_version,
        changes={
            "draft_shared_on": draft_shared_on,
            "draft_id": draft_id,
            "draft_response": draft_response,
            "draft_response_on": draft_response_on,
        },
        event_type=EventType.FAMILY_MEMBER_UPDATED,
        data={"draft_id": draft_id, "draft_response": draft_response},
    )


def letter_request(*, actor: User, case: Case, member: FamilyMember) -> DocumentGeneration:
    """Ask the task worker to make the member's information letter (Word, from the partnership's template
    of the family information letter kind). It names them and their address, so it needs identity access
    as well as the right to record; refused while a constraint blocks contact with the family, and without
    a name to address it to."""
    _check(actor, case, member)
    if not may_see_identity(actor, case):
        raise PermissionDenied("Only people who may see identity details make the information letter")
    _refuse(rules.family_contact_refusal(active_blocks(case)))
    if member.approach == Approach.NO:
        raise ValidationError("The review decided not to approach them: no letter is sent")
    if selectors.letter_identity(case, member) is None:
        raise ValidationError("Their name is not recorded: the letter cannot be addressed")
    return document_generation_request(
        user=actor,
        case=case,
        kind=LETTER_KIND,
        subject_id=member.pk,
        subject_version=member.version,
        context_builder_name=LETTER_BUILDER,
    )
