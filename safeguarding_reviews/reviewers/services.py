"""Writes for the independent reviewer and the review committee's comments. Each service is keyword-only,
owns its transaction and records its audit event (ids and codes only, never names or what was typed)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_lock, case_record_view, case_reviewer_join
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.local_reviews import selectors as local_review_selectors
from safeguarding_reviews.organisations.models import Membership
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import forget_cached_roles
from safeguarding_reviews.organisations.services import invitation_create_for_reviewer, platform_admin_refuse
from safeguarding_reviews.subjects.services import (
    identity_grant_give,
    identity_grant_revoke,
    identity_record_view,
)

from . import rules
from .models import AppointmentState, Commission, CommitteeComment, ReviewerAppointment
from .policies import CommitteeAction, ReviewerAction, is_listed, may_committee, may_reviewers

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.organisations.models import Invitation


def _require_manager(actor: User, case: Case) -> None:
    if not may_reviewers(actor, ReviewerAction.MANAGE, case):
        raise PermissionDenied("Only the business manager appoints and decides on the reviewer")


def _check_may_appoint(case: Case) -> None:
    states = [
        rules.State(s) for s in ReviewerAppointment.objects.filter(case=case).values_list("state", flat=True)
    ]
    reason = rules.may_appoint(
        has_local_review=local_review_selectors.review_for_case(case) is not None, active_states=states
    )
    if reason:
        raise ValidationError(reason)


def reviewer_appoint(
    *, actor: User, case: Case, user: User | None = None, new_name: str = "", new_email: str = ""
) -> ReviewerAppointment:
    """Appoint an independent reviewer: an existing member of the lead partnership holding the reviewer role
    (`user`), or a new person invited by name and email with the independent reviewer role (the
    organisations invitation; they join the appointment when they accept). They see nothing of the case
    until the business manager accepts their independence declaration."""
    _require_manager(actor, case)
    if (user is None) == (not (new_name.strip() or new_email.strip())):
        raise ValidationError({"user": "Choose a reviewer, or give a new reviewer's name and email address"})
    if user is not None:
        platform_admin_refuse(
            actor=actor, partnership=case.lead_partnership, path="reviewer", users=[user], field="user"
        )
        if not Membership.objects.filter(
            user=user,
            partnership_id=case.lead_partnership_id,
            ended_at__isnull=True,
            roles__role=Role.INDEPENDENT_REVIEWER,
        ).exists():
            raise ValidationError({"user": "This person is not an independent reviewer of the partnership"})
    else:
        if not new_name.strip():
            raise ValidationError({"new_name": "Enter the reviewer's full name"})
        if not new_email.strip():
            raise ValidationError({"new_email": "Enter the reviewer's email address"})
        platform_admin_refuse(
            actor=actor,
            partnership=case.lead_partnership,
            path="reviewer",
            emails=[new_email],
            field="new_email",
        )
    with transaction.atomic():
        case_lock(case=case)
        _check_may_appoint(case)
        invitation = None
        if user is None:
            invitation = _invite(actor=actor, case=case, name=new_name, email=new_email)
        try:
            with transaction.atomic():
                appointment = ReviewerAppointment.objects.create(
                    case=case,
                    user=user,
                    invitation=invitation,
                    appointed_by=actor,
                    state=AppointmentState.INVITED if user is None else AppointmentState.AWAITING_DECLARATION,
                )
        except IntegrityError as exc:
            raise ValidationError("This review already has a reviewer") from exc
        record_event(
            event_type=EventType.REVIEWER_APPOINTED,
            actor=actor,
            case=case,
            target=appointment,
            data={
                "user_id": user.pk if user else None,
                "invitation_id": str(invitation.pk) if invitation else None,
            },
        )
    return appointment


def _invite(*, actor: User, case: Case, name: str, email: str) -> Invitation:
    """The partnership's ordinary invitation (emailed, one use, 14 days) with the independent reviewer role.
    A person already in the partnership is given the role by the business manager on the people page and
    then chosen from the list instead."""
    try:
        invitation, _token = invitation_create_for_reviewer(
            actor=actor, partnership=case.lead_partnership, email=email, full_name=name
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            renamed = {
                {"email": "new_email", "full_name": "new_name"}.get(k, k): v
                for k, v in exc.error_dict.items()
            }
            raise ValidationError(renamed) from exc
        raise ValidationError({"new_email": exc.messages}) from exc
    return invitation


def invited_reviewer_join(*, user: User, invitation: Any) -> list[ReviewerAppointment]:
    """The invited reviewer accepted: their appointments now wait for their declaration. Runs inside the
    acceptance's transaction (organisations.signals.invitation_accepted)."""
    joined = []
    for appointment in ReviewerAppointment.objects.filter(
        invitation=invitation, state=AppointmentState.INVITED
    ):
        appointment = update_versioned(
            appointment,
            expected_version=appointment.version,
            changes={"user": user, "state": AppointmentState.AWAITING_DECLARATION},
        )
        record_event(
            event_type=EventType.REVIEWER_APPOINTED,
            actor=user,
            case=appointment.case,
            target=appointment,
            data={"user_id": user.pk, "invitation_id": str(invitation.pk), "joined": True},
        )
        joined.append(appointment)
    return joined


def declaration_record_view(
    *,
    actor: User,
    appointment: ReviewerAppointment,
    subject_ids: list[int],
    practitioner_ids: list[int] | None = None,
) -> None:
    """The reviewer opened their declaration page: one read of the case, and the identity details shown on
    it (the names of the family and of the practitioners), recorded as one identity read (ids only)."""
    case_record_view(actor=actor, case=appointment.case, page="reviewer_declaration")
    identity_record_view(
        actor=actor,
        case=appointment.case,
        subject_ids=subject_ids,
        practitioner_ids=practitioner_ids,
        page="reviewer_declaration",
    )


def declaration_submit(
    *, actor: User, appointment: ReviewerAppointment, expected_version: int, answers: dict[str, Any]
) -> ReviewerAppointment:
    """The reviewer's independence and conflicts declaration: each question yes or no, details when yes.
    A declared conflict refuses nobody: the business manager decides."""
    if appointment.user_id != actor.pk:
        raise PermissionDenied
    pairs = {key: (answers.get(key), answers.get(f"{key}_details", "") or "") for key, _q in rules.QUESTIONS}
    errors = rules.declaration_errors(pairs)
    if errors:
        raise ValidationError(errors)
    changes: dict[str, Any] = {}
    for key, (answer, details) in pairs.items():
        changes[key] = answer
        changes[f"{key}_details"] = details.strip() if answer else ""
    with transaction.atomic():
        current = ReviewerAppointment.objects.select_for_update(no_key=True).get(pk=appointment.pk)
        if not rules.may_declare(rules.State(current.state)):
            raise ValidationError("Your declaration has already been made")
        appointment = update_versioned(
            appointment,
            expected_version=expected_version,
            changes=changes | {"state": AppointmentState.DECLARED, "declared_at": clock.now()},
        )
        record_event(
            event_type=EventType.REVIEWER_DECLARED,
            actor=actor,
            case=appointment.case,
            target=appointment,
            data={"conflict_declared": rules.declares_conflict(pairs)},
        )
    return appointment


def declaration_decide(
    *, actor: User, case: Case, appointment: ReviewerAppointment, accept: bool, reason: str = ""
) -> ReviewerAppointment:
    """The business manager accepts the declaration (the reviewer is named on the case and sees it), or
    refuses it with a reason (the reviewer sees nothing more, and a new reviewer can be appointed)."""
    _require_manager(actor, case)
    if appointment.case_id != case.pk:
        raise PermissionDenied
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError({"reason": "Enter why the reviewer is refused"})
    with transaction.atomic():
        case_lock(case=case)
        current = ReviewerAppointment.objects.select_for_update(no_key=True).get(pk=appointment.pk)
        if not rules.may_decide(rules.State(current.state)):
            raise ValidationError("There is no declaration waiting for a decision")
        changes: dict[str, Any] = {"decided_by": actor, "decided_at": clock.now()}
        if accept:
            assert current.user is not None
            membership = case_reviewer_join(actor=actor, case=case, user=current.user)
            changes |= {"state": AppointmentState.ACCEPTED, "case_membership": membership}
            forget_cached_roles(current.user)
        else:
            changes |= {"state": AppointmentState.REFUSED, "refusal_reason": reason}
        appointment = update_versioned(current, expected_version=current.version, changes=changes)
        record_event(
            event_type=EventType.REVIEWER_ACCEPTED if accept else EventType.REVIEWER_REFUSED,
            actor=actor,
            case=case,
            target=appointment,
            data={"user_id": appointment.user_id},
        )
    return appointment


def commission_save(
    *,
    actor: User,
    case: Case,
    start_date: dt.date,
    end_date: dt.date,
    deliverables: str,
    expected_version: int | None,
) -> Commission:
    """Record or change the accepted reviewer's commission (versioned: a stale save is refused)."""
    _require_manager(actor, case)
    errors = rules.commission_errors(start_date, end_date)
    if not deliverables.strip():
        errors["deliverables"] = "Enter the agreed deliverables"
    if errors:
        raise ValidationError(errors)
    changes = {"start_date": start_date, "end_date": end_date, "deliverables": deliverables.strip()}
    with transaction.atomic():
        case_lock(case=case)
        appointment = ReviewerAppointment.objects.filter(case=case, state=AppointmentState.ACCEPTED).first()
        if appointment is None:
            raise ValidationError("The commission is recorded once a reviewer is accepted")
        commission = Commission.objects.filter(case=case).first()
        if commission is None:
            commission = Commission.objects.create(
                case=case, appointment=appointment, recorded_by=actor, **changes
            )
        else:
            try:
                commission = update_versioned(
                    commission,
                    expected_version=expected_version or 0,
                    changes=changes | {"appointment": appointment, "recorded_by": actor},
                )
            except StaleVersionError:
                transaction.on_commit(lambda: _record_conflict(actor=actor, case=case))
                raise
        record_event(
            event_type=EventType.REVIEWER_COMMISSION_RECORDED,
            actor=actor,
            case=case,
            target=commission,
            data={"version": commission.version},
        )
    return commission


def _record_conflict(*, actor: User, case: Case) -> None:
    with transaction.atomic():
        record_event(event_type=EventType.REVIEWER_COMMISSION_CONFLICT, actor=actor, case=case)


def reviewer_identity_grant(*, actor: User, case: Case, reason: str) -> Any:
    """Let the accepted reviewer see the case's identity details (subjects.IdentityGrant, audited there)."""
    _require_manager(actor, case)
    appointment = ReviewerAppointment.objects.filter(case=case, state=AppointmentState.ACCEPTED).first()
    if appointment is None or appointment.user is None:
        raise ValidationError("Identity details can be granted once a reviewer is accepted")
    return identity_grant_give(actor=actor, case=case, user=appointment.user, reason=reason)


def reviewer_identity_revoke(*, actor: User, case: Case, reason: str = "") -> Any:
    _require_manager(actor, case)
    appointment = ReviewerAppointment.objects.filter(case=case, state=AppointmentState.ACCEPTED).first()
    if appointment is None or appointment.user is None:
        raise ValidationError("There is no accepted reviewer")
    return identity_grant_revoke(actor=actor, case=case, user=appointment.user, reason=reason)


def committee_comment_add(*, actor: User, case: Case, text: str) -> CommitteeComment:
    """A comment on a review on the committee's list."""
    if not may_committee(actor, CommitteeAction.COMMENT, case):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter your comment"})
    if not is_listed(case):
        raise ValidationError("Comments are open while the review is on the committee's list")
    with transaction.atomic():
        comment = CommitteeComment.objects.create(case=case, author=actor, text=text)
        record_event(event_type=EventType.COMMITTEE_COMMENTED, actor=actor, case=case, target=comment)
    return comment
