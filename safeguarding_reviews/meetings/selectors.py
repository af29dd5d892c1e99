"""Reads for the meetings pages: a fixed number of queries however many meetings, attendees and actions."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from safeguarding_reviews.actions.models import CaseAction
from safeguarding_reviews.cases.models import Case

from .models import MeetingAttendee, MeetingInvitee, MeetingState, RapidReviewMeeting


def meetings_for_case(case: Case) -> QuerySet[RapidReviewMeeting]:
    return RapidReviewMeeting.objects.filter(case=case).prefetch_related(
        Prefetch("invitees", queryset=MeetingInvitee.objects.select_related("agency")),
        Prefetch("attendees", queryset=MeetingAttendee.objects.select_related("agency")),
        Prefetch("actions", queryset=CaseAction.objects.select_related("owner_agency")),
    )


def meeting_for_case(case: Case, meeting_id: int) -> RapidReviewMeeting:
    """One meeting of the case with its invitees, attendees and actions (as meetings_for_case)."""
    return meetings_for_case(case).get(pk=meeting_id)


def next_planned_meeting(case: Case) -> RapidReviewMeeting | None:
    """The soonest planned meeting (for the case's task list). One query."""
    return (
        RapidReviewMeeting.objects.filter(case=case, state=MeetingState.PLANNED)
        .order_by("held_on", "starts_at", "pk")
        .first()
    )


def invitee_choices(meeting: RapidReviewMeeting) -> list[tuple[int, str]]:
    """(id, "agency, role") of the meeting's invitees, for choosing who attended."""
    return [(i.pk, f"{i.agency.name}, {i.role}") for i in meeting.invitees.select_related("agency")]
