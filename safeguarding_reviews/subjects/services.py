"""Writes to the people in a case. Identity details are written beside the subject, never into it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_lock
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.organisations.models import Partnership
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from .ages import age_on
from .identity_parts import POSTCODE_ERROR, clean_list, name_errors, normalise_postcode
from .labels import household_label, next_child_labels
from .models import IdentityGrant, Subject, SubjectIdentity, SubjectKind
from .policies import may_manage_subjects
from .selectors import taken_child_labels

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

SUBJECT_FIELDS = ("label", "relationship", "sex", "age_years", "is_unborn", "ethnicity", "disability")
IDENTITY_FIELDS = (
    "first_names",
    "last_name",
    "known_as",
    "initials",
    "date_of_birth",
    "expected_delivery_date",
    "address_line_1",
    "town",
    "postcode",
    "nhs_number",
    "schools",
    "school_short_names",
    "legal_status",
)
LIST_FIELDS = frozenset({"known_as", "initials", "schools", "school_short_names"})
DATE_FIELDS = frozenset({"date_of_birth", "expected_delivery_date"})


def identity_normalised(identity: dict[str, Any]) -> dict[str, Any]:
    """The identity values as stored: text trimmed, lists cleaned (no blanks or repeats), the postcode
    normalised ("SW1A 1AA"). ValidationError (by field) for a name with no part or a postcode of the wrong
    shape: a form checks both first, so these speak to other callers (the demo, imports)."""
    values: dict[str, Any] = {}
    for name, value in identity.items():
        if name in LIST_FIELDS:
            values[name] = clean_list([value] if isinstance(value, str) else value)
        elif name in DATE_FIELDS:
            values[name] = value or None
        else:
            values[name] = " ".join(str(value or "").split())
    errors: dict[str, str] = {}
    if "first_names" in values or "last_name" in values:
        errors |= name_errors(values.get("first_names", ""), values.get("last_name", ""))
    if values.get("postcode"):
        postcode = normalise_postcode(values["postcode"])
        if postcode is None:
            errors["postcode"] = POSTCODE_ERROR
        values["postcode"] = postcode or values["postcode"]
    if errors:
        raise ValidationError(errors)
    return values


def identity_record_view(
    *,
    actor: User,
    case: Case | None,
    subject_ids: list[int],
    page: str,
    partnership: Any = None,
    practitioner_ids: list[int] | None = None,
    family_member_ids: list[int] | None = None,
) -> None:
    """Audit one showing of identity details: which subjects (ids only), which practitioners' names
    (practitioners app, ids only) and which added family members' names and addresses (families app, ids
    only), on which page: one event for the page. Nothing shown, nothing recorded. `case` is None only for
    a referral draft, which names its partnership instead."""
    if not subject_ids and not practitioner_ids and not family_member_ids:
        return
    data: dict[str, Any] = {"subject_ids": sorted(subject_ids), "page": page}
    if practitioner_ids:
        data["practitioner_ids"] = sorted(practitioner_ids)
    if family_member_ids:
        data["family_member_ids"] = sorted(family_member_ids)
    with transaction.atomic():
        record_event(
            event_type=EventType.IDENTITY_VIEWED,
            actor=actor,
            case=case,
            partnership=partnership,
            data=data,
        )


def subject_insert(
    *,
    actor: User,
    kind: str,
    details: dict[str, Any],
    identity: dict[str, Any],
    case: Case | None = None,
    referral: Any = None,
) -> Subject:
    """Insert a subject and its identity. A building block: runs inside the caller's transaction, which
    records the audit event (subject_add below, or the referral services)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("subject_insert runs inside the caller's transaction")
    if kind not in SubjectKind.values:
        raise ValueError(f"Unknown subject kind {kind!r}")
    _check_fields({}, identity)
    identity = identity_normalised(identity)
    siblings = Subject.objects.filter(kind=kind)
    siblings = siblings.filter(case=case) if case is not None else siblings.filter(referral=referral)
    order = (siblings.aggregate(m=Max("order"))["m"] or 0) + 1
    values = {name: details[name] for name in SUBJECT_FIELDS if name in details}
    values["age_years"] = _age(
        values.get("age_years"), identity.get("date_of_birth"), case=case, referral=referral
    )
    subject = Subject.objects.create(
        case=case,
        referral=referral,
        kind=kind,
        order=order,
        created_by=actor,
        **values,
    )
    SubjectIdentity.objects.create(
        subject=subject, **{name: identity.get(name) or _blank(name) for name in IDENTITY_FIELDS}
    )
    return subject


def _age(given: int | None, date_of_birth: dt.date | None, *, case: Case | None, referral: Any) -> int | None:
    """The age given, or worked out from the date of birth on the day of the incident."""
    if given is not None or date_of_birth is None:
        return given
    incident = getattr(case, "incident_date", None) or getattr(referral, "incident_date", None)
    return age_on(date_of_birth, incident or clock.today())


def _blank(name: str) -> Any:
    if name in LIST_FIELDS:
        return []
    return None if name in DATE_FIELDS else ""


def subject_change(
    *, subject: Subject, expected_version: int, changes: dict[str, Any], identity_changes: dict[str, Any]
) -> tuple[Subject, list[str]]:
    """Apply changes to a subject and its identity under the subject's version (a building block: the
    caller owns the transaction and the audit). Returns the subject and the names of changed fields."""
    identity_changes = identity_normalised(identity_changes)
    identity = SubjectIdentity.objects.filter(subject=subject).first()
    changed = sorted(name for name, value in changes.items() if getattr(subject, name) != value)
    changed += sorted(
        name
        for name, value in identity_changes.items()
        if identity is None or getattr(identity, name) != value
    )
    if "age_years" in changes and changes["age_years"] is None:
        dob = identity_changes.get("date_of_birth", identity.date_of_birth if identity else None)
        changes = changes | {"age_years": _age(None, dob, case=subject.case, referral=subject.referral)}
    subject = update_versioned(subject, expected_version=expected_version, changes=changes)
    if identity is None:
        SubjectIdentity.objects.create(
            subject=subject, **{name: identity_changes.get(name) or _blank(name) for name in IDENTITY_FIELDS}
        )
    elif identity_changes:
        SubjectIdentity.objects.filter(pk=identity.pk).update(**identity_changes)
    return subject, changed


def label_for_new(*, case: Case, kind: str, relationship: str) -> str:
    """The case's first child takes the case's pseudonym, later ones the next free "Child X" in the
    partnership; a household member is named from their
    relationship to the case's first child. Inside the caller's transaction (it locks the partnership so two
    people adding children at once cannot take the same letter)."""
    Partnership.objects.select_for_update(no_key=True).get(pk=case.lead_partnership_id)
    if kind == SubjectKind.CHILD:
        if not Subject.objects.filter(case=case, kind=SubjectKind.CHILD).exists():
            return case.pseudonym  # the case's first child is the child the pseudonym names
        return next_child_labels(taken_child_labels(case.lead_partnership_id))[0]
    first_child = Subject.objects.filter(case=case, kind=SubjectKind.CHILD).order_by("order", "pk").first()
    number = Subject.objects.filter(case=case, kind=kind).count() + 1
    return household_label(relationship, first_child.label if first_child else case.pseudonym, number)


def subject_add(
    *, actor: User, case: Case, kind: str, details: dict[str, Any], identity: dict[str, Any]
) -> Subject:
    """The business unit adds a person to a case (a child or a household member)."""
    if not may_manage_subjects(actor, case):
        raise PermissionDenied
    with transaction.atomic(durable=True):
        if not details.get("label"):
            details = details | {
                "label": label_for_new(case=case, kind=kind, relationship=details.get("relationship", ""))
            }
        subject = subject_insert(actor=actor, case=case, kind=kind, details=details, identity=identity)
        record_event(
            event_type=EventType.SUBJECT_ADDED,
            actor=actor,
            case=case,
            target=subject,
            data={"subject_id": subject.pk, "kind": kind},
        )
    return subject


def subject_update(
    *,
    actor: User,
    case: Case,
    subject: Subject,
    expected_version: int,
    changes: dict[str, Any],
    identity_changes: dict[str, Any],
) -> Subject:
    """The business unit edits a person's details, identity and label. StaleVersionError if someone saved
    since `expected_version`."""
    if not may_manage_subjects(actor, case) or subject.case_id != case.pk:
        raise PermissionDenied
    _check_fields(changes, identity_changes)
    try:
        with transaction.atomic(durable=True):
            subject, changed = subject_change(
                subject=subject,
                expected_version=expected_version,
                changes=changes,
                identity_changes=identity_changes,
            )
            record_event(
                event_type=EventType.SUBJECT_UPDATED,
                actor=actor,
                case=case,
                target=subject,
                data={"subject_id": subject.pk, "fields": changed, "version": subject.version},
            )
    except StaleVersionError:
        with transaction.atomic(durable=True):
            record_event(
                event_type=EventType.SUBJECT_UPDATE_CONFLICT,
                actor=actor,
                case=case,
                target=subject,
                data={"subject_id": subject.pk, "expected_version": expected_version},
            )
        raise
    return subject


def _check_fields(changes: dict[str, Any], identity_changes: dict[str, Any]) -> None:
    unknown = (set(changes) - set(SUBJECT_FIELDS)) | (set(identity_changes) - set(IDENTITY_FIELDS))
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")


def _require_business_manager(actor: User, case: Case) -> None:
    if Role.BUSINESS_MANAGER not in roles_by_partnership(actor).get(case.lead_partnership_id, frozenset()):
        raise PermissionDenied


def identity_grant_give(*, actor: User, case: Case, user: User, reason: str) -> IdentityGrant:
    """The business manager lets the case's accepted independent reviewer see identity details, with a
    reason (audited). The caller (reviewers) has checked `user` is the case's accepted reviewer."""
    _require_business_manager(actor, case)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the reviewer needs the identity details"})
    with transaction.atomic():
        case_lock(case=case)
        if IdentityGrant.objects.filter(case=case, user=user, revoked_at__isnull=True).exists():
            raise ValidationError("The reviewer already sees identity details")
        grant = IdentityGrant.objects.create(case=case, user=user, reason=reason, granted_by=actor)
        record_event(
            event_type=EventType.IDENTITY_GRANTED,
            actor=actor,
            case=case,
            target=grant,
            data={"user_id": user.pk},
        )
    return grant


def identity_grant_revoke(*, actor: User, case: Case, user: User, reason: str = "") -> IdentityGrant:
    """End the reviewer's identity grant: from the next page they see pseudonyms only."""
    _require_business_manager(actor, case)
    with transaction.atomic():
        grant = (
            IdentityGrant.objects.select_for_update(no_key=True)
            .filter(case=case, user=user, revoked_at__isnull=True)
            .first()
        )
        if grant is None:
            raise ValidationError("The reviewer has no identity grant to revoke")
        grant.revoked_at = clock.now()
        grant.revoked_by = actor
        grant.revoke_reason = reason.strip()
        grant.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        record_event(
            event_type=EventType.IDENTITY_GRANT_REVOKED,
            actor=actor,
            case=case,
            target=grant,
            data={"user_id": user.pk},
        )
    return grant
