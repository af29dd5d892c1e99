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


class PanelSubmission(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="panel_submission")
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

    def __str__(self) -> str:
        return f"Panel submission {self.pk}"
