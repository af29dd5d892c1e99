"""Writes to a case's practitioners register. Keyword-only; each owns its transaction and records one audit
event, naming ids and field names only (a practitioner's name never goes into the audit trail)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import check_choices
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.parallel_processes.selectors import active_blocks
from safeguarding_reviews.report_drafts.selectors import draft_in_case
from safeguarding_reviews.subjects.identity_parts import name_errors
from safeguarding_reviews.subjects.services import identity_record_view

from . import rules
from .models import (
    Attendance,
    ContactMethod,
    DraftComment,
    DraftSharing,
    InvitationKind,
    InvitationResponse,
    NoBlameStatement,
    Practitioner,
    PractitionerIdentity,
    PractitionerInvitation,
    StatementGivenBy,
)
from .policies import may_manage_practitioners

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

PRACTITIONER_FIELDS = ("agency_id", "role", "team", "involved_from", "involved_to")
IDENTITY_FIELDS = ("first_names", "last_name", "work_email")


def practitioner_names_record_view(
    *, actor: User, case: Case, practitioner_ids: list[int], page: str
) -> None:
    """Audit one showing of practitioners' names (ids only) as an identity read. Nothing shown, nothing
    recorded."""
    identity_record_view(actor=actor, case=case, subject_ids=[], practitioner_ids=practitioner_ids, page=page)


def _check_manage(actor: User, case: Case) -> None:
    if not may_manage_practitioners(actor, case):
        raise PermissionDenied("Only the business unit keeps the practitioners register")
    if case.stage == Stage.CLOSED:
        raise ValidationError("The case is closed: its practitioners can no longer be changed")


def _clean(
    values: dict[str, Any], identity: dict[str, Any], *, case: Case, current: Practitioner | None = None
) -> None:
    """The service's own checks (a form checks the same first, so these speak only to other callers)."""
    unknown = (set(values) - set(PRACTITIONER_FIELDS)) | (set(identity) - set(IDENTITY_FIELDS))
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    errors: dict[str, str] = {}
    if "role" in values and not (values["role"] or "").strip():
        errors["role"] = "Enter their role or job title"
    if "first_names" in identity or "last_name" in identity:
        errors |= name_errors(identity.get("first_names", ""), identity.get("last_name", ""))
    keep_agency_id = current.agency_id if current is not None else None
    agency_id = values.get("agency_id")
    if agency_id is None and "agency_id" in values:
        errors["agency"] = "Choose an agency from the list"
    elif agency_id is not None and agency_id != keep_agency_id:
        # A new agency must be an active agency of the lead partnership; keeping the one recorded is fine
        # even if it has since been made inactive.
        active = Agency.objects.filter(pk=agency_id, partnership_id=case.lead_partnership_id, is_active=True)
        if not active.exists():
            errors["agency"] = "Choose an agency from the list"
    # A change of one date is checked against the other as recorded.
    period_from: dt.date | None = values.get("involved_from", getattr(current, "involved_from", None))
    period_to: dt.date | None = values.get("involved_to", getattr(current, "involved_to", None))
    errors |= rules.involvement_errors(period_from, period_to, today=clock.today())
    if errors:
        raise ValidationError(errors)


def practitioner_add(
    *,
    actor: User,
    case: Case,
    agency_id: int,
    role: str,
    first_names: str = "",
    last_name: str = "",
    team: str = "",
    involved_from: dt.date | None = None,
    involved_to: dt.date | None = None,
    work_email: str = "",
) -> Practitioner:
    """The business unit adds a practitioner involved with the child or family: agency and role on the
    register, the name and work email kept apart as identity details."""
    _check_manage(actor, case)
    values = {
        "agency_id": agency_id,
        "role": role.strip(),
        "team": team.strip(),
        "involved_from": involved_from,
        "involved_to": involved_to,
    }
    identity = {
        "first_names": " ".join(first_names.split()),
        "last_name": " ".join(last_name.split()),
        "work_email": work_email.strip(),
    }
    _clean(values, identity, case=case)
    with transaction.atomic(durable=True):
        practitioner = Practitioner.objects.create(case=case, created_by=actor, **values)
        PractitionerIdentity.objects.create(practitioner=practitioner, **identity)
        record_event(
            event_type=EventType.PRACTITIONER_ADDED,
            actor=actor,
            case=case,
            target=practitioner,
            data={"practitioner_id": practitioner.pk, "agency_id": agency_id},
        )
    return practitioner


def practitioner_update(
    *,
    actor: User,
    case: Case,
    practitioner: Practitioner,
    expected_version: int,
    changes: dict[str, Any],
    identity_changes: dict[str, Any],
) -> Practitioner:
    """The business unit changes a practitioner's agency, role, team, period, name or work email.
    StaleVersionError (with the current row) if someone saved or removed them since `expected_version`."""
    _check_manage(actor, case)
    if practitioner.case_id != case.pk:
        raise PermissionDenied("The practitioner is not on this case")
    changes = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    identity_changes = {k: " ".join((v or "").split()) for k, v in identity_changes.items()}
    _clean(changes, identity_changes, case=case, current=practitioner)
    try:
        with transaction.atomic(durable=True):
            current = Practitioner.objects.select_for_update(no_key=True).get(pk=practitioner.pk)
            if current.is_removed:
                raise StaleVersionError(current=current)
            identity = PractitionerIdentity.objects.filter(practitioner=current).first()
            changed = sorted(n for n, v in changes.items() if getattr(current, n) != v)
            changed += sorted(
                n for n, v in identity_changes.items() if identity is None or getattr(identity, n) != v
            )
            practitioner = update_versioned(current, expected_version=expected_version, changes=changes)
            if identity is None:
                PractitionerIdentity.objects.create(practitioner=practitioner, **identity_changes)
            elif identity_changes:
                PractitionerIdentity.objects.filter(pk=identity.pk).update(**identity_changes)
            record_event(
                event_type=EventType.PRACTITIONER_UPDATED,
                actor=actor,
                case=case,
                target=practitioner,
                data={"practitioner_id": practitioner.pk, "fields": changed, "version": practitioner.version},
            )
    except StaleVersionError:
        with transaction.atomic(durable=True):
            record_event(
                event_type=EventType.PRACTITIONER_UPDATE_CONFLICT,
                actor=actor,
                case=case,
                target=practitioner,
                data={"practitioner_id": practitioner.pk, "expected_version": expected_version},
            )
        raise
    return practitioner


def practitioner_remove(
    *, actor: User, case: Case, practitioner: Practitioner, expected_version: int, reason: str
) -> Practitioner:
    """Take a practitioner off the register with a reason (recorded in error, not involved after all). The
    row and its name stay, marked removed, so the audit trail still points at something."""
    _check_manage(actor, case)
    if practitioner.case_id != case.pk:
        raise PermissionDenied("The practitioner is not on this case")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you are removing this practitioner"})
    with transaction.atomic(durable=True):
        current = Practitioner.objects.select_for_update(no_key=True).get(pk=practitioner.pk)
        if current.is_removed:
            raise ValidationError("This practitioner has already been removed")
        practitioner = update_versioned(
            current,
            expected_version=expected_version,
            changes={"removed_at": clock.now(), "removed_by": actor, "removal_reason": reason},
        )
        record_event(
            event_type=EventType.PRACTITIONER_REMOVED,
            actor=actor,
            case=case,
            target=practitioner,
            data={"practitioner_id": practitioner.pk, "version": practitioner.version},
        )
    return practitioner


# Issue 14, item 1: invitations, the no-blame statement, the draft. Each write checks the practitioner is on
# this case's register (not removed), records one event with ids and choice values only (no free text).


def _check_involvement(actor: User, case: Case, practitioner: Practitioner) -> None:
    _check_manage(actor, case)
    if practitioner.case_id != case.pk:
        raise PermissionDenied("The practitioner is not on this case")
    if practitioner.is_removed:
        raise ValidationError("This practitioner has been removed from the register")


def _conflict(
    actor: User, case: Case, target: Any, practitioner_id: int, expected_version: int | None
) -> None:
    with transaction.atomic(durable=True):
        record_event(
            event_type=EventType.PRACTITIONER_INVOLVEMENT_CONFLICT,
            actor=actor,
            case=case,
            target=target,
            data={
                "practitioner_id": practitioner_id,
                "record": type(target).__name__,
                "expected_version": expected_version,
            },
        )


def invitation_add(
    *,
    actor: User,
    case: Case,
    practitioner: Practitioner,
    kind: str,
    invited_on: dt.date,
    method: str,
    event_on: dt.date | None = None,
) -> PractitionerInvitation:
    """The business unit records an invitation sent to a practitioner (the reply comes later). Refused while
    a parallel process's constraint blocks practitioner events and interviews (rules.invitation_refusal)."""
    _check_involvement(actor, case, practitioner)
    refusal = rules.invitation_refusal(active_blocks(case))
    if refusal:
        raise ValidationError(refusal)
    check_choices(kind=(kind, InvitationKind), method=(method, ContactMethod))
    errors = rules.invitation_errors(
        invited_on=invited_on,
        event_on=event_on,
        response=InvitationResponse.AWAITING,
        attended=Attendance.NOT_YET,
        today=clock.today(),
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        invitation = PractitionerInvitation.objects.create(
            practitioner=practitioner,
            kind=kind,
            invited_on=invited_on,
            method=method,
            event_on=event_on,
            created_by=actor,
        )
        record_event(
            event_type=EventType.PRACTITIONER_INVITED,
            actor=actor,
            case=case,
            target=invitation,
            data={"practitioner_id": practitioner.pk, "invitation_id": invitation.pk, "kind": kind},
        )
    return invitation


def invitation_update(
    *,
    actor: User,
    case: Case,
    invitation: PractitionerInvitation,
    expected_version: int,
    event_on: dt.date | None,
    response: str,
    attended: str,
) -> PractitionerInvitation:
    """The business unit records the practitioner's reply, the date of the conversation or event, and whether
    they attended. StaleVersionError if someone else saved the invitation since `expected_version`."""
    practitioner = invitation.practitioner
    _check_involvement(actor, case, practitioner)
    check_choices(response=(response, InvitationResponse), attended=(attended, Attendance))
    errors = rules.invitation_errors(
        invited_on=invitation.invited_on,
        event_on=event_on,
        response=response,
        attended=attended,
        today=clock.today(),
    )
    if errors:
        raise ValidationError(errors)
    changes = {"event_on": event_on, "response": response, "attended": attended}
    try:
        with transaction.atomic(durable=True):
            current = PractitionerInvitation.objects.select_for_update(no_key=True).get(pk=invitation.pk)
            changed = sorted(n for n, v in changes.items() if getattr(current, n) != v)
            invitation = update_versioned(current, expected_version=expected_version, changes=changes)
            record_event(
                event_type=EventType.PRACTITIONER_INVITATION_UPDATED,
                actor=actor,
                case=case,
                target=invitation,
                data={
                    "practitioner_id": practitioner.pk,
                    "invitation_id": invitation.pk,
                    "fields": changed,
                    "response": response,
                    "attended": attended,
                    "version": invitation.version,
                },
            )
    except StaleVersionError:
        _conflict(actor, case, invitation, practitioner.pk, expected_version)
        raise
    return invitation


def statement_record(
    *,
    actor: User,
    case: Case,
    practitioner: Practitioner,
    expected_version: int | None,
    given_on: dt.date,
    method: str,
    given_by: str,
) -> NoBlameStatement:
    """The business unit records that the practitioner was told they are invited to contribute without fear
    of being blamed for actions taken in good faith: when, how and by whom (by role). `expected_version` is
    None when recording it the first time, else the version being corrected; StaleVersionError if someone
    else recorded or corrected it meanwhile."""
    _check_involvement(actor, case, practitioner)
    check_choices(method=(method, ContactMethod), given_by=(given_by, StatementGivenBy))
    errors = rules.statement_errors(given_on=given_on, today=clock.today())
    if errors:
        raise ValidationError(errors)
    values = {"given_on": given_on, "method": method, "given_by": given_by, "recorded_by": actor}
    return _record_one(
        actor=actor,
        case=case,
        practitioner=practitioner,
        model=NoBlameStatement,
        values=values,
        expected_version=expected_version,
        event_type=EventType.PRACTITIONER_STATEMENT_RECORDED,
    )


def draft_record(
    *,
    actor: User,
    case: Case,
    practitioner: Practitioner,
    expected_version: int | None,
    shared_on: dt.date,
    commented: str,
    commented_on: dt.date | None = None,
    draft_id: int | None = None,
) -> DraftSharing:
    """The business unit records the date the draft report was shared with the practitioner, which version
    (a report_drafts version of this case, optional) and whether (and when) they commented. Versioned as
    statement_record. Refused while a constraint blocks sharing the draft (rules.draft_refusal)."""
    _check_involvement(actor, case, practitioner)
    refusal = rules.draft_refusal(active_blocks(case))
    if refusal:
        raise ValidationError(refusal)
    check_choices(commented=(commented, DraftComment))
    errors = rules.draft_errors(
        shared_on=shared_on, commented=commented, commented_on=commented_on, today=clock.today()
    )
    if draft_id is not None and not draft_in_case(case, draft_id):
        errors["draft_id"] = "Select a version of this case's draft"
    if errors:
        raise ValidationError(errors)
    values = {
        "shared_on": shared_on,
        "commented": commented,
        "commented_on": commented_on,
        "draft_id": draft_id,
        "recorded_by": actor,
    }
    return _record_one(
        actor=actor,
        case=case,
        practitioner=practitioner,
        model=DraftSharing,
        values=values,
        expected_version=expected_version,
        event_type=EventType.PRACTITIONER_DRAFT_RECORDED,
    )


def _record_one(
    *,
    actor: User,
    case: Case,
    practitioner: Practitioner,
    model: type[NoBlameStatement] | type[DraftSharing],
    values: dict[str, Any],
    expected_version: int | None,
    event_type: EventType,
) -> Any:
    """Create or correct the practitioner's one row of `model`, versioned, with one event (field names)."""
    try:
        with transaction.atomic(durable=True):
            # Lock the practitioner so two first recordings cannot both create.
            Practitioner.objects.select_for_update(no_key=True).filter(pk=practitioner.pk).first()
            current = model.objects.filter(practitioner=practitioner).first()
            if current is None and expected_version is None:
                row = model.objects.create(practitioner=practitioner, **values)
                changed = sorted(n for n in values if n != "recorded_by")
            elif current is None:
                raise ValidationError("There is nothing recorded to change: record it again")
            elif expected_version is None:
                raise StaleVersionError(current=current)
            else:
                changed = sorted(
                    n for n, v in values.items() if n != "recorded_by" and getattr(current, n) != v
                )
                row = update_versioned(current, expected_version=expected_version, changes=values)
            record_event(
                event_type=event_type,
                actor=actor,
                case=case,
                target=row,
                data={"practitioner_id": practitioner.pk, "fields": changed, "version": row.version},
            )
    except StaleVersionError as exc:
        _conflict(actor, case, exc.current, practitioner.pk, expected_version)
        raise
    return row
