"""Writes to cases. Each service owns its transaction and records exactly one audit event."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.signals import answers
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.organisations.models import Membership, Partnership
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership
from safeguarding_reviews.organisations.services import platform_admin_refuse

from .models import Case, CaseCapacity, CaseMembership, CaseShare, CommitteeListing
from .policies import CaseAction, can, can_create_case_in
from .signals import new_case_values
from .stages import Stage, may_move, needs_business_manager

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

EDITABLE_FIELDS = ("pseudonym", "incident_date", "referral_received_on", "summary", "is_restricted")


def case_lock(*, case: Case) -> None:
    """Building block inside the caller's transaction: hold the case row (FOR NO KEY UPDATE) until it ends.

    A write in a case takes this before anything that records an audit event (docs/audit.md, "Lock order"):
    the chain's lock is held to the commit, so a case row locked after it could wait for a write that holds
    the row and waits for the chain (deadlock). NO KEY UPDATE, never FOR UPDATE: a foreign-key check of a row
    naming the case (FOR KEY SHARE) does not wait for it. SQLite ignores it (one writer at a time)."""
    list(Case.objects.select_for_update(no_key=True).filter(pk=case.pk).values_list("pk", flat=True))


def _next_reference(partnership: Partnership, year: int) -> str:
    prefix = f"{partnership.case_reference_prefix}-{year}-"
    existing = Case.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(m.group(1)) for ref in existing if (m := re.match(rf"^{re.escape(prefix)}(\d+)$", ref))]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def case_create(
    *,
    actor: User,
    partnership: Partnership,
    pseudonym: str,
    incident_date: dt.date | None = None,
    referral_received_on: dt.date | None = None,
    summary: str = "",
    is_restricted: bool = False,
) -> Case:
    """The business unit opens a case in `partnership`; the creator becomes its case lead."""
    if partnership.pk not in can_create_case_in(actor):
        raise PermissionDenied("Only the business unit opens a case in this partnership")
    with transaction.atomic(durable=True):
        return _case_insert(
            actor=actor,
            partnership=partnership,
            pseudonym=pseudonym,
            incident_date=incident_date,
            referral_received_on=referral_received_on,
            summary=summary,
            is_restricted=is_restricted,
            capacity=CaseCapacity.CASE_LEAD,
        )


def case_open_for_referral(
    *,
    actor: User,
    partnership: Partnership,
    pseudonym: str,
    incident_date: dt.date | None,
    referral_received_on: dt.date,
    capacity: str,
) -> Case:
    """Open the case a submitted referral creates, inside the referral service's transaction.

    The referral service has already checked the actor may refer for their agency (or record a referral
    on an agency's behalf); the referrer is named on the case so they can follow it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_open_for_referral runs inside the referral service's transaction")
    return _case_insert(
        actor=actor,
        partnership=partnership,
        pseudonym=pseudonym,
        incident_date=incident_date,
        referral_received_on=referral_received_on,
        summary="",
        is_restricted=False,
        capacity=capacity,
    )


def _case_insert(
    *,
    actor: User,
    partnership: Partnership,
    pseudonym: str,
    incident_date: dt.date | None,
    referral_received_on: dt.date | None,
    summary: str,
    is_restricted: bool,
    capacity: str,
) -> Case:
    Partnership.objects.select_for_update(no_key=True).get(
        pk=partnership.pk
    )  # serialises reference numbering
    values: dict[str, Any] = {}
    for given in answers(new_case_values, sender=Case, partnership=partnership):
        values.update(given)
    case = Case.objects.create(
        reference=_next_reference(partnership, clock.today().year),
        pseudonym=pseudonym,
        lead_partnership=partnership,
        stage=Stage.REFERRAL,
        stage_entered_at=clock.now(),
        incident_date=incident_date,
        referral_received_on=referral_received_on,
        summary=summary,
        is_restricted=is_restricted,
        created_by=actor,
        **values,
    )
    CaseMembership.objects.create(case=case, user=actor, capacity=capacity, added_by=actor)
    record_event(event_type=EventType.CASE_CREATED, actor=actor, case=case, target=case)
    return case


def case_update(*, actor: User, case: Case, expected_version: int, changes: dict[str, Any]) -> Case:
    """Edit a case's details. Refused with StaleVersionError if someone saved since `expected_version`."""
    if not can(actor, CaseAction.EDIT, case):
        raise PermissionDenied("You may not change this case's details")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    changed = sorted(name for name, value in changes.items() if getattr(case, name) != value)
    try:
        with transaction.atomic(durable=True):
            case = update_versioned(case, expected_version=expected_version, changes=changes)
            # Field names only: values can hold case content, and the audit trail holds ids and types.
            record_event(
                event_type=EventType.CASE_UPDATED,
                actor=actor,
                case=case,
                target=case,
                data={"fields": changed, "version": case.version},
            )
    except StaleVersionError:
        with transaction.atomic(durable=True):
            record_event(
                event_type=EventType.CASE_UPDATE_CONFLICT,
                actor=actor,
                case=case,
                target=case,
                data={"expected_version": expected_version},
            )
        raise
    return case


def case_record_view(*, actor: User, case: Case, page: str) -> None:
    """Every read of case data is audited: one event per page or download."""
    with transaction.atomic():
        record_event(event_type=EventType.CASE_VIEWED, actor=actor, case=case, data={"page": page})


def case_list_record_view(
    *, actor: User, case_ids: Sequence[str], list_name: str, page: int | None = None
) -> None:
    """A list naming cases (references, pseudonyms) is case data too: one read event naming what was
    shown, with the page number of a paged list. Nothing is recorded for a list with no cases."""
    if not case_ids:
        return
    data: dict[str, Any] = {"case_ids": list(case_ids)}
    if page is not None:
        data["page"] = page
    data["list"] = list_name
    with transaction.atomic():
        record_event(event_type=EventType.CASE_LIST_VIEWED, actor=actor, data=data)


def case_member_add(*, actor: User, case: Case, user: User, capacity: str) -> CaseMembership:
    """Name a person on a case. They must belong to the case's partnership (or one it is shared with)."""
    if not can(actor, CaseAction.MANAGE_MEMBERS, case):
        raise PermissionDenied
    if capacity not in CaseCapacity.values:
        raise ValidationError({"capacity": "Select what they do on this case"})
    if capacity == CaseCapacity.INDEPENDENT_REVIEWER:
        # No back door: a reviewer is appointed and sees the case only once their independence declaration
        # is accepted (reviewers.services), which names them through `case_reviewer_join`.
        raise ValidationError({"capacity": "Appoint an independent reviewer from the case's reviewer page"})
    platform_admin_refuse(
        actor=actor, partnership=case.lead_partnership, path="case_member", users=[user], field="user"
    )
    partnership_ids = [
        case.lead_partnership_id,
        *case.shares.filter(ended_at__isnull=True).values_list("partnership_id", flat=True),
    ]
    if not Membership.objects.filter(
        user=user, partnership_id__in=partnership_ids, ended_at__isnull=True
    ).exists():
        raise ValidationError({"user": "This person is not a member of a partnership on this case"})
    try:
        with transaction.atomic(durable=True):
            membership = CaseMembership.objects.create(
                case=case, user=user, capacity=capacity, added_by=actor
            )
            record_event(
                event_type=EventType.CASE_MEMBER_ADDED,
                actor=actor,
                case=case,
                target=membership,
                data={"user_id": user.pk, "capacity": capacity},
            )
    except IntegrityError as exc:
        raise ValidationError({"user": "This person is already on the case"}) from exc
    return membership


def case_member_remove(*, actor: User, case: Case, membership: CaseMembership) -> None:
    if not can(actor, CaseAction.MANAGE_MEMBERS, case):
        raise PermissionDenied
    with transaction.atomic(durable=True):
        updated = CaseMembership.objects.filter(pk=membership.pk, case=case, ended_at__isnull=True).update(
            ended_at=clock.now()
        )
        if updated:
            record_event(
                event_type=EventType.CASE_MEMBER_REMOVED,
                actor=actor,
                case=case,
                target=membership,
                data={"user_id": membership.user_id},
            )


def case_reviewer_join(*, actor: User, case: Case, user: User) -> CaseMembership:
    """Name an accepted independent reviewer on the case (capacity INDEPENDENT_REVIEWER), inside the caller's
    transaction: only `reviewers.services.declaration_accept` calls this, after the business manager accepted
    the reviewer's independence declaration. The reviewer must be a member of the lead partnership."""
    if Role.BUSINESS_MANAGER not in roles_by_partnership(actor).get(case.lead_partnership_id, frozenset()):
        raise PermissionDenied
    if not Membership.objects.filter(
        user=user, partnership_id=case.lead_partnership_id, ended_at__isnull=True
    ).exists():
        raise ValidationError("The reviewer is not a member of the case's partnership")
    if CaseMembership.objects.filter(case=case, user=user, ended_at__isnull=True).exists():
        raise ValidationError("The reviewer is already on the case in another capacity")
    membership = CaseMembership.objects.create(
        case=case, user=user, capacity=CaseCapacity.INDEPENDENT_REVIEWER, added_by=actor
    )
    record_event(
        event_type=EventType.CASE_MEMBER_ADDED,
        actor=actor,
        case=case,
        target=membership,
        data={"user_id": user.pk, "capacity": CaseCapacity.INDEPENDENT_REVIEWER},
    )
    return membership


def committee_listing_add(*, actor: User, case: Case) -> CommitteeListing:
    """Put the case's review on the review committee's (LCPC's) list: the business unit only."""
    if not can(actor, CaseAction.EDIT, case):
        raise PermissionDenied("Only the business unit puts a review on the committee's list")
    with transaction.atomic():
        case_lock(case=case)
        if CommitteeListing.objects.filter(case=case, removed_at__isnull=True).exists():
            raise ValidationError("This review is already on the committee's list")
        listing = CommitteeListing.objects.create(case=case, added_by=actor)
        record_event(event_type=EventType.CASE_COMMITTEE_LISTED, actor=actor, case=case, target=listing)
    return listing


def committee_listing_remove(*, actor: User, case: Case) -> CommitteeListing:
    """Take the case's review off the committee's list: its committee members no longer see it (unless named
    on the case)."""
    if not can(actor, CaseAction.EDIT, case):
        raise PermissionDenied("Only the business unit takes a review off the committee's list")
    with transaction.atomic():
        listing = (
            CommitteeListing.objects.select_for_update(no_key=True)
            .filter(case=case, removed_at__isnull=True)
            .first()
        )
        if listing is None:
            raise ValidationError("This review is not on the committee's list")
        listing.removed_at = clock.now()
        listing.removed_by = actor
        listing.save(update_fields=["removed_at", "removed_by"])
        record_event(event_type=EventType.CASE_COMMITTEE_UNLISTED, actor=actor, case=case, target=listing)
    return listing


def case_share(*, actor: User, case: Case, partnership: Partnership, reason: str) -> CaseShare:
    """Share a case with a second partnership, whose business unit and partners then see it."""
    if not can(actor, CaseAction.SHARE, case):
        raise PermissionDenied
    if partnership.pk == case.lead_partnership_id:
        raise ValidationError({"partnership": "This is already the case's lead partnership"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case is shared"})
    try:
        with transaction.atomic(durable=True):
            share = CaseShare.objects.create(
                case=case, partnership=partnership, reason=reason, shared_by=actor
            )
            record_event(
                event_type=EventType.CASE_SHARED,
                actor=actor,
                case=case,
                target=share,
                data={"partnership_id": partnership.pk},
            )
    except IntegrityError as exc:
        raise ValidationError({"partnership": "The case is already shared with this partnership"}) from exc
    return share


def case_share_end(*, actor: User, case: Case, share: CaseShare) -> None:
    if not can(actor, CaseAction.SHARE, case):
        raise PermissionDenied
    with transaction.atomic(durable=True):
        updated = CaseShare.objects.filter(pk=share.pk, case=case, ended_at__isnull=True).update(
            ended_at=clock.now()
        )
        if updated:
            record_event(
                event_type=EventType.CASE_SHARE_ENDED,
                actor=actor,
                case=case,
                target=share,
                data={"partnership_id": share.partnership_id},
            )


def case_stage_advance(*, actor: User, case: Case, to_stage: str, reason: str) -> Case:
    """Move a case to its next stage. Callers are the services of each stage, which check who may do it;
    this checks the transition table (and that a move only a business manager may make is made by one),
    locks the case, and records the move with from/to."""
    if needs_business_manager(case.stage, to_stage) and not can(actor, CaseAction.MOVE_BACK, case):
        raise PermissionDenied("Only the business manager makes this move")
    if not may_move(case.stage, to_stage):
        raise ValidationError(
            f"A case cannot move from {case.get_stage_display()} to {Stage(to_stage).label}"
        )
    with transaction.atomic():
        locked = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
        if not may_move(locked.stage, to_stage):
            raise ValidationError("The case has moved on since this page was opened")
        from_stage = locked.stage
        now = clock.now()
        Case.objects.filter(pk=case.pk).update(
            stage=to_stage,
            stage_entered_at=now,
            closed_at=now if to_stage == Stage.CLOSED else None,
        )
        record_event(
            event_type=EventType.CASE_STAGE_CHANGED,
            actor=actor,
            case=locked,
            target=locked,
            data={"from": from_stage, "to": to_stage, "reason": reason},
        )
    case.refresh_from_db()
    return case


def case_stage_before_closing(case: Case) -> str | None:
    """The stage a closed case was closed from, read from its last recorded stage move to "closed"."""
    from safeguarding_reviews.audit.models import AuditEvent

    event = (
        AuditEvent.objects.filter(case_id=case.pk, event_type=EventType.CASE_STAGE_CHANGED)
        .order_by("-sequence")
        .values_list("data", flat=True)
        .first()
    )
    if not event or event.get("to") != Stage.CLOSED or event.get("from") not in Stage.values:
        return None
    return str(event["from"])


def case_reopen(*, actor: User, case: Case) -> Case:
    """Reopen a closed case at the stage it was closed from. Business manager only; the audit holds the
    move with the reason code "reopened"."""
    if not can(actor, CaseAction.MOVE_BACK, case):
        raise PermissionDenied("Only the business manager reopens a case")
    if case.stage != Stage.CLOSED:
        raise ValidationError("The case is not closed")
    previous = case_stage_before_closing(case)
    if previous is None or previous == Stage.REFERRAL:
        raise ValidationError(
            "The stage this case was closed from is not known, so it cannot be reopened here"
        )
    with transaction.atomic(durable=True):
        return case_stage_advance(actor=actor, case=case, to_stage=previous, reason="reopened")
