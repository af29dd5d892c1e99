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


def next_planned_meeting(case: Case) -> RapidReviewMeeting | None:
    """The soonest planned meeting (for the case's task list). One query."""
    return (
        RapidReviewMeeting.objects.filter(case=case, state=MeetingState.PLANNED)
        .order_by("held_on", "starts_at", "pk")
        .first()
    )
