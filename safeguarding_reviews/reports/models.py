"""The Rapid Review report (issue 4 §8): the partnership's Word templates and the reports generated from them.

Both are kept for ever. A template is never deleted: uploading a new one makes it the current version and the
older ones stay as history. A generated report is immutable once created: its DOCX and PDF are stored
documents, with the checksum of each and the outcome and template versions it was built from, so a sign-off
given against it (signoffs app) names exactly one file. `template` is empty and `template_version` is 0 when
the built-in default template (reports/default_template.py) was used.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.organisations.models import Partnership

DEFAULT_TEMPLATE_VERSION = 0


class ReportTemplate(models.Model):
    """One uploaded version of a partnership's report template (a .docx rendered in a sandbox)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(help_text="1, 2, 3 ... per partnership; 0 is the built-in default")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["partnership", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "version"], name="report_template_version_unique"),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(is_current=True),
                name="report_template_one_current",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="report_template_version_from_1"),
        ]

    def __str__(self) -> str:
        return f"Report template {self.partnership_id} v{self.version}"


class ImmutableError(Exception):
    """A generated report cannot be changed: generate a new one instead."""


class GeneratedReport(models.Model):
    """One generation of the Rapid Review report: immutable after creation (there is no update service)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="rapid_review_reports")
    outcome = models.ForeignKey(
        "outcomes.RapidReviewOutcome", on_delete=models.PROTECT, related_name="generated_reports"
    )
    outcome_version = models.PositiveIntegerField()
    # Empty when the built-in default template was used (template_version 0).
    template = models.ForeignKey(
        ReportTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    template_version = models.PositiveIntegerField()
    docx = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    pdf = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField("SHA-256 of the DOCX", max_length=64)
    pdf_sha256 = models.CharField("SHA-256 of the PDF", max_length=64)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField()

    class Meta:
        ordering = ["-generated_at", "-pk"]
        indexes = [
            models.Index(fields=["case", "generated_at"]),
            models.Index(fields=["outcome", "outcome_version", "generated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(template__isnull=True, template_version=DEFAULT_TEMPLATE_VERSION)
                    | models.Q(template__isnull=False, template_version__gte=1)
                ),
                name="generated_report_template_version",
            )
        ]

    def __str__(self) -> str:
        return f"Generated report {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A guard, not a side effect: rows are written once, by reports.services.report_generate.
        if not self._state.adding:
            raise ImmutableError("A generated report cannot be changed; generate a new one")
        super().save(*args, **kwargs)

    @property
    def short_checksum(self) -> str:
        return self.sha256[:12]
