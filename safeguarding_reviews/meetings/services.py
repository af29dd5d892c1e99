"""Writes for rapid review meetings. Each service checks the policy, owns its transaction and records one
audit event holding ids and codes only (never the notes or roles typed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import update_versioned
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.rapid_review.policies import REQUEST_STAGES

from .models import MeetingAction, MeetingAttendee, RapidReviewMeeting
from .policies import MeetingAction as Permission
from .policies import may


def _check(actor: Any, case: Case) -> None:
    if not may(actor, Permission.WRITE, case):
        raise PermissionDenied
    if case.stage not in REQUEST_STAGES:
        raise ValidationError("Meetings can be recorded once the case is at the rapid review")


def _check_agency(case: Case, agency: Agency, field: str) -> None:
    if agency.partnership_id != case.lead_partnership_id or not agency.is_active:
        raise ValidationError({field: "Select an agency of the case's partnership"})


def _check_date(held_on: dt.date) -> None:
    if held_on > clock.today():
        raise ValidationError({"held_on": "The date of the meeting must be today or in the past"})


def meeting_create(
    *, actor: Any, case: Case, held_on: dt.date, starts_at: dt.time | None = None, notes: str = ""
) -> RapidReviewMeeting:
    _check(actor, case)
    _check_date(held_on)
    with transaction.atomic(durable=True):
        meeting = RapidReviewMeeting.objects.create(
            case=case, held_on=held_on, starts_at=starts_at, notes=notes.strip(), created_by=actor
        )
        record_event(
            event_type=EventType.MEETING_RECORDED,
            actor=actor,
            case=case,
            target=meeting,
            data={"meeting_id": meeting.pk, "held_on": held_on.isoformat()},
        )
    return meeting


def meeting_update(
    *, actor: Any, meeting: RapidReviewMeeting, expected_version: int, changes: dict[str, Any]
) -> RapidReviewMeeting:
    """Change the date, time or notes. A save based on a stale version raises StaleVersionError."""
    case = meeting.case
    _check(actor, case)
    unknown = set(changes) - {"held_on", "starts_at", "notes"}
    if unknown:
        raise ValueError(f"Not meeting fields: {sorted(unknown)}")
    if "held_on" in changes:
        _check_date(changes["held_on"])
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
    *, actor: Any, meeting: RapidReviewMeeting, agency: Agency, role: str
) -> MeetingAttendee:
    case = meeting.case
    _check(actor, case)
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


def meeting_attendee_remove(*, actor: Any, meeting: RapidReviewMeeting, attendee_id: int) -> None:
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


def meeting_action_add(
    *, actor: Any, meeting: RapidReviewMeeting, description: str, owner_agency: Agency, due_on: dt.date
) -> MeetingAction:
    case = meeting.case
    _check(actor, case)
    _check_agency(case, owner_agency, "owner_agency")
    if not description.strip():
        raise ValidationError({"description": "Enter the action agreed"})
    if due_on < meeting.held_on:
        raise ValidationError({"due_on": "The due date must be on or after the date of the meeting"})
    with transaction.atomic(durable=True):
        action = MeetingAction.objects.create(
            meeting=meeting,
            description=description.strip(),
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


def meeting_action_set_status(
    *, actor: Any, meeting: RapidReviewMeeting, action_id: int, status: str
) -> MeetingAction:
    case = meeting.case
    _check(actor, case)
    action = MeetingAction.objects.filter(meeting=meeting, pk=action_id).first()
    if action is None:
        raise ValidationError("That action is not on this meeting")
    with transaction.atomic(durable=True):
        MeetingAction.objects.filter(pk=action.pk).update(status=status)
        record_event(
            event_type=EventType.MEETING_ACTION_UPDATED,
            actor=actor,
            case=case,
            target=action,
            data={"meeting_id": meeting.pk, "action_id": action.pk, "status": status},
        )
    action.refresh_from_db()
    return action
