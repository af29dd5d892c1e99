"""Rapid review meetings: planned with a date and invitees, then recorded as held with who came (agency and
role, no names), the notes and the actions agreed (issue 4 §5, issue 11 §3). The actions agreed are rows of
the case action list (actions.CaseAction, source "meeting", reached as `meeting.actions`). Written through
meetings.services only."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.models import VersionedModel
from safeguarding_reviews.organisations.models import Agency


class MeetingState(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"


class RapidReviewMeeting(VersionedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="rapid_review_meetings")
    # Meetings recorded before scheduling existed were all held, hence the default.
    state = models.CharField(max_length=10, choices=MeetingState.choices, default=MeetingState.HELD)
    # The planned date while planned; the date it was held once held (never in the future then).
    held_on = models.DateField("date of the meeting")
    starts_at = models.TimeField("start time", null=True, blank=True)
    notes = models.TextField("notes", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Rapid review meeting {self.pk}"

    @property
    def is_planned(self) -> bool:
        return self.state == MeetingState.PLANNED


class MeetingInvitee(models.Model):
    """Who is invited to a planned meeting: an agency and a role, never a name (like attendees)."""

    meeting = models.ForeignKey(RapidReviewMeeting, on_delete=models.PROTECT, related_name="invitees")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("role", max_length=200)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name", "pk"]

    def __str__(self) -> str:
        return f"Meeting invitee {self.pk}"


class MeetingAttendee(models.Model):
    """An agency and a role, never a name: the record is read by scrutiny and audit."""

    meeting = models.ForeignKey(RapidReviewMeeting, on_delete=models.PROTECT, related_name="attendees")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("role", max_length=200)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name", "pk"]

    def __str__(self) -> str:
        return f"Meeting attendee {self.pk}"
