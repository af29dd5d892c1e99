"""Writes for rapid review meetings. Each service checks the policy, owns its transaction and records one
audit event holding ids and codes only (never the notes or roles typed).

A meeting is planned (a date, today or later, and invitees) or held (a date, today or earlier, attendees and
the actions agreed). Recording a planned meeting as held is a versioned edit that also records who of the
invitees attended. The actions agreed are case actions (actions.CaseAction); their status and updates are
changed on the case action list (actions.services)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from safeguarding_reviews.actions.models import ActionSource, CaseAction
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import update_versioned
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.rapid_review.policies import REQUEST_STAGES

from .models import MeetingAttendee, MeetingInvitee, MeetingState, RapidReviewMeeting
from .policies import MeetingAction as Permission
from .policies import may

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def _check(actor: User, case: Case) -> None:
    if not may(actor, Permission.WRITE, case):
        raise PermissionDenied("Only the business unit records meetings")
    if case.stage not in REQUEST_STAGES:
        raise ValidationError("Meetings can be recorded once the case is at the rapid review")


def _check_agency(case: Case, agency: Agency, field: str) -> None:
    if agency.partnership_id != case.lead_partnership_id or not agency.is_active:
        raise ValidationError({field: "Select an agency of the case's partnership"})


def _check_date(held_on: dt.date, state: str) -> None:
    if state == MeetingState.HELD and held_on > clock.today():
        raise ValidationError(
            {"held_on": "The date of a meeting that has been held must be today or in the past"}
        )
    if state == MeetingState.PLANNED and held_on < clock.today():
        raise ValidationError(
            {
                "held_on": (
                    "The date of a planned meeting must be today or in the future. "
                    "Record a past meeting as held"
                )
            }
        )


def _check_held(meeting: RapidReviewMeeting) -> None:
    if meeting.state != MeetingState.HELD:
        raise ValidationError("Record the meeting as held first")


def meeting_create(
    *,
    actor: User,
    case: Case,
    held_on: dt.date,
    starts_at: dt.time | None = None,
    notes: str = "",
    state: str = MeetingState.HELD,
) -> RapidReviewMeeting:
    """Record a meeting held, or plan one (state PLANNED: a date today or later)."""
    _check(actor, case)
    if state not in MeetingState.values:
        raise ValidationError({"state": "Select whether the meeting is planned or has been held"})
    _check_date(held_on, state)
    with transaction.atomic(durable=True):
        meeting = RapidReviewMeeting.objects.create(
            case=case,
            state=state,
            held_on=held_on,
            starts_at=starts_at,
            notes=notes.strip(),
            created_by=actor,
        )
        record_event(
            event_type=EventType.MEETING_RECORDED
            if state == MeetingState.HELD
            else EventType.MEETING_PLANNED,
            actor=actor,
            case=case,
            target=meeting,
            data={"meeting_id": meeting.pk, "held_on": held_on.isoformat(), "state": state},
        )
    return meeting


def meeting_record_held(
    *,
    actor: User,
    meeting: RapidReviewMeeting,
    expected_version: int,
    held_on: dt.date,
    starts_at: dt.time | None = None,
    attended_invitee_ids: list[int] | None = None,
) -> RapidReviewMeeting:
    """A planned meeting took place: its date (today or earlier) and which invitees attended, who become
    attendees. A stale version raises StaleVersionError."""
    case = meeting.case
    _check(actor, case)
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError("This meeting has already been recorded as held")
    _check_date(held_on, MeetingState.HELD)
    chosen = set(attended_invitee_ids or [])
    invitees = list(MeetingInvitee.objects.filter(meeting=meeting, pk__in=chosen))
    if len(invitees) != len(chosen):
        raise ValidationError({"attended": "Select invitees of this meeting"})
    with transaction.atomic(durable=True):
        meeting = update_versioned(
            meeting,
            expected_version=expected_version,
            changes={
                "state": MeetingState.HELD,
                "held_on": held_on,
                "starts_at": starts_at,
                "updated_by": actor,
                "updated_at": clock.now(),
            },
        )
        meeting.case = case
        MeetingAttendee.objects.bulk_create(
            MeetingAttendee(meeting=meeting, agency_id=i.agency_id, role=i.role, added_by=actor)
            for i in invitees
        )
        record_event(
            event_type=EventType.MEETING_HELD,
            actor=actor,
            case=case,
            target=meeting,
            data={
                "meeting_id": meeting.pk,
                "version": meeting.version,
                "held_on": held_on.isoformat(),
                "attended_invitee_ids": sorted(chosen),
            },
        )
    return meeting


def meeting_update(
    *, actor: User, meeting: RapidReviewMeeting, expected_version: int, changes: dict[str, Any]
) -> RapidReviewMeeting:
    """Change the date, time or notes. A save based on a stale version raises StaleVersionError."""
    case = meeting.case
    _check(actor, case)
    unknown = set(changes) - {"held_on", "starts_at", "notes"}
    if unknown:
        raise ValueError(f"Not meeting fields: {sorted(unknown)}")
    if "held_on" in changes and changes["held_on"] != meeting.held_on:
        _check_date(changes["held_on"], meeting.state)
    with transaction.atomic(durable=True):
        changed = sorted(name for name, value in changes.items() if getattr(meeting, name) != value)
        meeting = update_versioned(
            meeting,
            expected_version=expected_version,
            changes={**changes, "updated_by": actor, "updated_at": clock.now()},
        )
        record_event(
            event_type=EventType.MEETING_UPDATED,
            actor=actor,
            case=case,
            target=meeting,
            data={"meeting_id": meeting.pk, "version": meeting.version, "fields": changed},
        )
    return meeting


def meeting_attendee_add(
    *, actor: User, meeting: RapidReviewMeeting, agency: Agency, role: str
) -> MeetingAttendee:
    case = meeting.case
    _check(actor, case)
    _check_held(meeting)
    _check_agency(case, agency, "agency")
    if not role.strip():
        raise ValidationError({"role": "Enter the attendee's role"})
    with transaction.atomic(durable=True):
        attendee = MeetingAttendee.objects.create(
            meeting=meeting, agency=agency, role=role.strip(), added_by=actor
        )
        record_event(
            event_type=EventType.MEETING_ATTENDEE_ADDED,
            actor=actor,
            case=case,
            target=attendee,
            data={"meeting_id": meeting.pk, "attendee_id": attendee.pk, "agency_id": agency.pk},
        )
    return attendee


def meeting_attendee_remove(*, actor: User, meeting: RapidReviewMeeting, attendee_id: int) -> None:
    case = meeting.case
    _check(actor, case)
    with transaction.atomic(durable=True):
        deleted, _ = MeetingAttendee.objects.filter(meeting=meeting, pk=attendee_id).delete()
        if not deleted:
            raise ValidationError("That attendee is not on this meeting")
        record_event(
            event_type=EventType.MEETING_ATTENDEE_REMOVED,
            actor=actor,
            case=case,
            target=meeting,
            data={"meeting_id": meeting.pk, "attendee_id": attendee_id},
        )


def meeting_invitee_add(
    *, actor: User, meeting: RapidReviewMeeting, agency: Agency, role: str
) -> MeetingInvitee:
    case = meeting.case
    _check(actor, case)
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError("Invitees are for a planned meeting; add who attended instead")
    _check_agency(case, agency, "agency")
    if not role.strip():
        raise ValidationError({"role": "Enter the invitee's role"})
    with transaction.atomic(durable=True):
        invitee = MeetingInvitee.objects.create(
            meeting=meeting, agency=agency, role=role.strip(), added_by=actor
        )
        record_event(
            event_type=EventType.MEETING_INVITEE_ADDED,
            actor=actor,
            case=case,
            target=invitee,
            data={"meeting_id": meeting.pk, "invitee_id": invitee.pk, "agency_id": agency.pk},
        )
    return invitee


def meeting_invitee_remove(*, actor: User, meeting: RapidReviewMeeting, invitee_id: int) -> None:
    case = meeting.case
    _check(actor, case)
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError("The meeting has been held: its invitees are kept as they were")
    with transaction.atomic(durable=True):
        deleted, _ = MeetingInvitee.objects.filter(meeting=meeting, pk=invitee_id).delete()
        if not deleted:
            raise ValidationError("That invitee is not on this meeting")
        record_event(
            event_type=EventType.MEETING_INVITEE_REMOVED,
            actor=actor,
            case=case,
            target=meeting,
            data={"meeting_id": meeting.pk, "invitee_id": invitee_id},
        )


def meeting_action_add(
    *,
    actor: User,
    meeting: RapidReviewMeeting,
    description: str,
    owner_agency: Agency,
    due_on: dt.date,
    owner_role: str = "",
) -> CaseAction:
    """An action agreed at a held meeting joins the case action list."""
    case = meeting.case
    _check(actor, case)
    _check_held(meeting)
    _check_agency(case, owner_agency, "owner_agency")
    if not description.strip():
        raise ValidationError({"description": "Enter the action agreed"})
    if due_on < meeting.held_on:
        raise ValidationError({"due_on": "The due date must be on or after the date of the meeting"})
    with transaction.atomic(durable=True):
        action = CaseAction.objects.create(
            case=case,
            partnership_id=case.lead_partnership_id,
            source=ActionSource.MEETING,
            meeting=meeting,
            description=description.strip(),
            owner_role=owner_role.strip(),
            owner_agency=owner_agency,
            due_on=due_on,
            added_by=actor,
        )
        record_event(
            event_type=EventType.MEETING_ACTION_ADDED,
            actor=actor,
            case=case,
            target=action,
            data={
                "meeting_id": meeting.pk,
                "action_id": action.pk,
                "owner_agency_id": owner_agency.pk,
                "due_on": due_on.isoformat(),
            },
        )
    return action
