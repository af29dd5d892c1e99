"""The final report record of a local review (issue 14 item 4): with the final draft, a structured record of
the summary of recommended improvements, the analysis of systemic or underlying reasons, the findings, the
recommendations and, where the findings stand without recommendations of the report's own, the partners'
response.

One record per case (`FinalReport`). Its `version` guards the whole record: every change to it, its findings
or its recommendations makes a new version, and a new version is what the three partners sign (signoffs,
kind "final_report": wiring.py), so any change supersedes the sign-offs of the one before. Findings and
recommendations keep their primary keys for life (the action plan, issue 16, turns recommendations into
agency actions by id); their `number` is their place in the record, renumbered when one is removed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.core.models import VersionedModel


class ReportStatus(models.TextChoices):
    IN_PREPARATION = "in_preparation", "In preparation"
    SUBMITTED = "submitted", "Submitted for sign-off"
    # "Signed off" is not stored: it is read from the partners' sign-offs of the current version
    # (rules.shown_status), so it can never disagree with them.


class AgencyScope(models.TextChoices):
    PARTNERS = "partners", "All the safeguarding partners, collectively"
    AGENCIES = "agencies", "Named agencies, each individually"


class RecommendationSource(models.TextChoices):
    REPORT = "report", "The reviewer's report"
    PARTNERS_RESPONSE = "partners_response", "The partners' response"


class FinalReport(VersionedModel):
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="final_report")
    final_draft = models.ForeignKey(
        "report_drafts.ReportDraft", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    improvements_summary = models.TextField("summary of recommended improvements", blank=True)
    systemic_analysis = models.TextField("analysis of systemic or underlying reasons", blank=True)
    partners_response = models.TextField("the partners' response", blank=True)
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.IN_PREPARATION
    )
    # Everyone who has written any part of the record (user ids): they may not sign it (signoffs' rule).
    written_by = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Final report {self.pk} (version {self.version})"


class Finding(models.Model):
    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveIntegerField()
    text = models.TextField("finding")

    class Meta:
        ordering = ["report", "number", "pk"]

    def __str__(self) -> str:
        return f"Finding {self.number} of final report {self.report_id}"


class Recommendation(models.Model):
    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField()
    finding = models.ForeignKey(
        Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    source = models.CharField(
        max_length=20, choices=RecommendationSource.choices, default=RecommendationSource.REPORT
    )
    required = models.TextField("what is required")
    agency_scope = models.CharField(max_length=20, choices=AgencyScope.choices, blank=True)
    agencies = models.ManyToManyField("organisations.Agency", related_name="+", blank=True)
    due_on = models.DateField("by when", null=True, blank=True)
    expected_difference = models.TextField("the expected difference for children", blank=True)
    themes = models.ManyToManyField("outcomes.PracticeTheme", related_name="+", blank=True)

    class Meta:
        ordering = ["report", "number", "pk"]

    def __str__(self) -> str:
        return f"Recommendation {self.number} of final report {self.report_id}"
