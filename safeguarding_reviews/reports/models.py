"""The Rapid Review report (issue 4 §8): the partnership's Word templates (one current template per kind,
reports.kinds, issue 13), the generation jobs and the reports generated from them.

All are kept for ever. A template is never deleted. An upload is stored as CHECKING; its test render on the
task worker makes it PASSED or REFUSED (with the reason). The current template of a kind is its newest
PASSED version (selectors.current_template); a PASSED version that fails during a real generation becomes
FAILING and is never used again (the generation falls back to the previous PASSED version, or to the
built-in default).
A generated report is immutable once created: its DOCX and PDF are stored
documents, with the checksum of each and the outcome and template versions it was built from, so a sign-off
given against it (signoffs app) names exactly one file. `template` is empty and `template_version` is 0 when
the built-in default template (reports/default_template.py) was used.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.organisations.models import Partnership

from .kinds import TemplateKind

DEFAULT_TEMPLATE_VERSION = 0


class TemplateStatus(models.TextChoices):
    CHECKING = "checking", "Being checked"
    PASSED = "passed", "Passed its test"
    REFUSED = "refused", "Refused"
    FAILING = "failing", "Failed with a real case"


class ReportTemplate(models.Model):
    """One uploaded version of a partnership's template of one kind (reports.kinds: the rapid review report,
    the terms of reference, ...): a .docx rendered in a sandbox. Versions count per partnership and kind."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        max_length=40, choices=TemplateKind.choices, default=TemplateKind.RAPID_REVIEW_REPORT.value
    )
    version = models.PositiveIntegerField(
        help_text="1, 2, 3 ... per partnership and kind; 0 is the built-in default"
    )
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.CHECKING)
    # Why it was refused or set aside: a sentence about the template (never case text), shown to the manager.
    status_reason = models.CharField(max_length=1000, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind", "version"], name="report_template_kind_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=TemplateKind.values), name="report_template_kind_valid"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="report_template_version_from_1"),
            models.CheckConstraint(
                condition=models.Q(status__in=TemplateStatus.values), name="report_template_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Report template {self.partnership_id} {self.kind} v{self.version}"


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
        # A guard, not a side effect: rows are written once, by reports.services.report_generation_run.
        if not self._state.adding:
            raise ImmutableError("A generated report cannot be changed; generate a new one")
        super().save(*args, **kwargs)

    @property
    def short_checksum(self) -> str:
        return self.sha256[:12]


class GenerationStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being generated"
    DONE = "done", "Generated"
    FAILED = "failed", "Could not be generated"


class GenerationFailure(models.TextChoices):
    """Why a generation failed (a code; the page shows the label). Never case text."""

    NO_ACCESS = "no_access", "The person who asked may no longer generate this report"
    NO_OUTCOME = "no_outcome", "The case has no rapid review outcome"
    DEFAULT_TEMPLATE = "default_template", "The built-in template could not be rendered"
    ERROR = "error", "Something went wrong on the server"


class ReportGeneration(models.Model):
    """One request to generate the case's report, run on the task worker (reports.services,
    report_generation_run). Its status page refreshes until it is DONE (then `report` is set) or FAILED.
    `fallback_from_version` is the template version that failed with this case's data, when the report was
    made from an older passing version (or the built-in one) instead."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=GenerationStatus.choices, default=GenerationStatus.QUEUED
    )
    failure = models.CharField(max_length=20, choices=GenerationFailure.choices, blank=True)
    fallback_from_version = models.PositiveIntegerField(null=True, blank=True)
    report = models.OneToOneField(
        GeneratedReport, on_delete=models.PROTECT, null=True, blank=True, related_name="generation"
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["case", "status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=GenerationStatus.values), name="report_generation_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=GenerationStatus.DONE) | models.Q(report__isnull=False),
                name="report_generation_done_has_report",
            ),
        ]

    def __str__(self) -> str:
        return f"Report generation {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (GenerationStatus.DONE, GenerationStatus.FAILED)


class DocumentGenerationFailure(models.TextChoices):
    """Why a document generation failed (a code; the page shows the label). Never case text."""

    NO_ACCESS = "no_access", "The person who asked may no longer make this document"
    NO_SUBJECT = "no_subject", "What the document is made from no longer exists"
    DEFAULT_TEMPLATE = "default_template", "The built-in template could not be rendered"
    STALE = "stale", "It took too long: it may have been lost"
    ERROR = "error", "Something went wrong on the server"


class DocumentGeneration(models.Model):
    """One request to make a Word document of a template kind (reports.kinds) for a case, on the task worker
    (services.document_generation_run): the terms of reference now, later other local-review documents.
    What it is built from is the owning app's `builder` (reports.builders) with `subject_id` and
    `subject_version`; reports never imports that app. When DONE, `document` is the stored DOCX.

    A partnership-scoped builder's document (the action plans' committee report) has no case: `partnership`
    says whose it is. A case's document has the case (its lead partnership is the document's)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=TemplateKind.choices)
    builder = models.CharField("context builder", max_length=60)
    subject_id = models.PositiveBigIntegerField()
    subject_version = models.PositiveIntegerField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=GenerationStatus.choices, default=GenerationStatus.QUEUED
    )
    failure = models.CharField(max_length=20, choices=DocumentGenerationFailure.choices, blank=True)
    template_version = models.PositiveIntegerField(null=True, blank=True)
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["case", "builder", "subject_id", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=GenerationStatus.values),
                name="document_generation_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=GenerationStatus.DONE) | models.Q(document__isnull=False),
                name="document_generation_done_has_document",
            ),
            # A case's document, or a partnership's (no case), never neither.
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(partnership__isnull=False),
                name="document_generation_case_or_partnership",
            ),
        ]

    def __str__(self) -> str:
        return f"Document generation {self.pk}"

    @property
    def in_flight(self) -> bool:
        return self.status in (GenerationStatus.QUEUED, GenerationStatus.RUNNING)
