"""The rapid review report sent to the national Child Safeguarding Practice Review Panel, and its response
(issue 4 §8). The submission points to the exact generated report (and its checksum) that the three partners
signed off; sending it is the rapid review clock's "sent" milestone (clocks)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PanelResponse(models.TextChoices):
    AGREES = "agrees", "The Panel agrees with the partners' decision"
    DISAGREES = "disagrees", "The Panel disagrees with the partners' decision"
    NATIONAL_REVIEW = "national_review", "The Panel will carry out a national review"


class LearningRoute(models.TextChoices):
    """What the partners do when the rapid review decided against an LCSPR (issue 11 §4)."""

    SINGLE_AGENCY_LEARNING = "single_agency_learning", "Single-agency learning"
    LEARNING_EVENT = "learning_event", "A learning event"
    THEMATIC_REVIEW = "thematic_review", "A thematic review"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


class FollowUp(models.TextChoices):
    """What follows when the Panel disagrees or will consider a national review (cases/routes.py)."""

    RECONSIDER = "reconsider", "The partners reconsider: the case goes back to the rapid review"
    AWAIT_NATIONAL_REVIEW = "await_national_review", "The case waits on the Panel's national review"


class PanelSubmission(models.Model):
    """One sending of the rapid review to the Panel. A reconsideration (the Panel disagreed) supersedes it,
    and the rapid review is sent again as a new submission: one current submission per case."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="panel_submissions")
    report = models.ForeignKey("reports.GeneratedReport", on_delete=models.PROTECT, related_name="+")
    report_sha256 = models.CharField(max_length=64)
    # The sign-off record (PDF) sent with the report: each partner's position, any dissent and its resolution.
    # Empty only for submissions recorded before sign-off records existed.
    signoff_record = models.ForeignKey(
        "signoffs.SignOffRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_version = models.PositiveIntegerField()
    sent_on = models.DateField("date sent to the Panel")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    response = models.CharField(max_length=20, choices=PanelResponse.choices, blank=True)
    response_on = models.DateField("date of the Panel's response", null=True, blank=True)
    response_notes = models.TextField("the Panel's comments", blank=True)
    response_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    response_recorded_at = models.DateTimeField(null=True, blank=True)
    # No LCSPR: the learning route the business unit recorded after sending.
    learning_route = models.CharField(
        "learning route", max_length=30, choices=LearningRoute.choices, blank=True
    )
    learning_route_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    learning_route_recorded_at = models.DateTimeField(null=True, blank=True)
    # The Panel disagreed or will consider a national review: what follows.
    follow_up = models.CharField("what follows", max_length=30, choices=FollowUp.choices, blank=True)
    national_review_reference = models.CharField(
        "the Panel's reference for the national review", max_length=60, blank=True
    )
    follow_up_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    follow_up_recorded_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(superseded_at__isnull=True),
                name="one_current_panel_submission",
            )
        ]

    def __str__(self) -> str:
        return f"Panel submission {self.pk}"
