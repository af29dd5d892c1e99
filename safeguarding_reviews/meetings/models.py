"""Rapid review meetings: when the partners and agencies met, who came (agency and role, no names), the
notes and the actions agreed (issue 4 §5). Written through meetings.services only."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.models import VersionedModel
from safeguarding_reviews.organisations.models import Agency


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class RapidReviewMeeting(VersionedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="rapid_review_meetings")
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


class MeetingAction(models.Model):
    meeting = models.ForeignKey(RapidReviewMeeting, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField("action agreed")
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Meeting action {self.pk}"
