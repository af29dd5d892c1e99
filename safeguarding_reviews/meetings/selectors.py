"""Reads for the meetings pages: a fixed number of queries however many meetings, attendees and actions."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from safeguarding_reviews.cases.models import Case

from .models import MeetingAction, MeetingAttendee, RapidReviewMeeting


def meetings_for_case(case: Case) -> QuerySet[RapidReviewMeeting]:
    return RapidReviewMeeting.objects.filter(case=case).prefetch_related(
        Prefetch("attendees", queryset=MeetingAttendee.objects.select_related("agency")),
        Prefetch("actions", queryset=MeetingAction.objects.select_related("owner_agency")),
    )
