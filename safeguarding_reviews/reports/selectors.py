"""Reads of report templates (per partnership and kind, reports.kinds) and generated reports: a fixed number
of queries however many there are."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max, QuerySet

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.organisations.models import Partnership
from safeguarding_reviews.outcomes.models import RapidReviewOutcome

from .kinds import TemplateKind
from .models import (
    DocumentGeneration,
    GeneratedReport,
    GenerationStatus,
    ReportGeneration,
    ReportTemplate,
    TemplateStatus,
)


def current_report(*, outcome: RapidReviewOutcome) -> GeneratedReport | None:
    """The newest report generated from the outcome's current version, or None (then a new one is needed).
    The signoffs app signs off against this report's checksum."""
    return (
        GeneratedReport.objects.filter(outcome=outcome, outcome_version=outcome.version)
        .select_related("docx", "pdf", "template")
        .order_by("-generated_at", "-pk")
        .first()
    )


def reports_for_case(case: Case) -> QuerySet[GeneratedReport]:
    """Every report of the case, newest first, with its files and generator: one query."""
    return (
        GeneratedReport.objects.filter(case=case)
        .select_related("docx", "pdf", "generated_by")
        .order_by("-generated_at", "-pk")
    )


def current_template(
    partnership: Partnership, kind: str = TemplateKind.RAPID_REVIEW_REPORT
) -> ReportTemplate | None:
    """The kind's newest version that passed its test render and has not failed since; None means the
    built-in default (version 0). A version being checked, refused or failing is never current."""
    return (
        ReportTemplate.objects.filter(partnership=partnership, kind=kind, status=TemplateStatus.PASSED)
        .select_related("document")
        .order_by("-version")
        .first()
    )


def passing_templates(partnership: Partnership, kind: str) -> list[ReportTemplate]:
    """The kind's passing versions, newest first (the current one, then those a render falls back to)."""
    return list(
        ReportTemplate.objects.filter(partnership=partnership, kind=kind, status=TemplateStatus.PASSED)
        .select_related("document", "partnership")
        .order_by("-version")
    )


def templates_for_partnership(
    partnership: Partnership, kind: str = TemplateKind.RAPID_REVIEW_REPORT
) -> QuerySet[ReportTemplate]:
    """Every version of the kind, newest first, with its uploader: one query. The current one is the first
    PASSED."""
    return (
        ReportTemplate.objects.filter(partnership=partnership, kind=kind)
        .select_related("uploaded_by", "document")
        .order_by("-version")
    )


def current_versions_by_kind(partnership: Partnership) -> dict[str, int]:
    """{kind: the current (newest PASSED) version} for the kinds with one; a kind missing uses its built-in
    version 0. One query."""
    rows = (
        ReportTemplate.objects.filter(partnership=partnership, status=TemplateStatus.PASSED)
        .values("kind")
        .annotate(current=Max("version"))
        .order_by()
    )
    return {row["kind"]: row["current"] for row in rows}


def template_version_get(
    partnership: Partnership, version: int, kind: str = TemplateKind.RAPID_REVIEW_REPORT
) -> ReportTemplate | None:
    return (
        ReportTemplate.objects.filter(partnership=partnership, kind=kind, version=version)
        .select_related("document")
        .first()
    )


def generations_in_progress(case: Case) -> QuerySet[ReportGeneration]:
    """The case's generations still waiting or running, oldest first, with who asked: one query."""
    return (
        ReportGeneration.objects.filter(
            case=case, status__in=[GenerationStatus.QUEUED, GenerationStatus.RUNNING]
        )
        .select_related("requested_by")
        .order_by("created_at", "pk")
    )


def report_labels(case: Case) -> dict[str, str]:
    """{DOCX checksum: "report version 3, made 4 December 2026"} for every report of the case, numbered in
    the order they were made. One query."""
    from zoneinfo import ZoneInfo

    from .wording import numbered

    london = ZoneInfo("Europe/London")
    rows = GeneratedReport.objects.filter(case=case).order_by("generated_at", "pk")
    return numbered(
        [(sha, at.astimezone(london).date()) for sha, at in rows.values_list("sha256", "generated_at")]
    )


# --- Word documents of other template kinds (DocumentGeneration) -----------------------------------------

# A generation still waiting or running after this long is shown as failed (its job was lost): "try again".
DOCUMENT_STALE_AFTER = dt.timedelta(minutes=15)


def document_generation_is_stale(generation: DocumentGeneration, *, now: dt.datetime | None = None) -> bool:
    now = now or clock.now()
    return (
        generation.in_flight and (generation.started_at or generation.created_at) < now - DOCUMENT_STALE_AFTER
    )


def document_generation_shown_status(generation: DocumentGeneration) -> str:
    """The status to show: a stale generation is shown as failed."""
    return GenerationStatus.FAILED if document_generation_is_stale(generation) else generation.status


def latest_documents(case: Case, *, builder: str, subject_ids: list[Any]) -> dict[int, DocumentGeneration]:
    """Subject id -> its newest made document (DONE) for `builder` on the case. One query, any count."""
    rows = (
        DocumentGeneration.objects.filter(
            case=case, builder=builder, subject_id__in=subject_ids, status=GenerationStatus.DONE
        )
        .select_related("document")
        .order_by("-finished_at", "-pk")
    )
    result: dict[int, DocumentGeneration] = {}
    for row in rows:
        result.setdefault(row.subject_id, row)
    return result


def latest_document_generation(case: Case, *, builder: str, subject_id: int) -> DocumentGeneration | None:
    """The newest generation (any status) for one subject, for its page to show a waiting or failed one."""
    return (
        DocumentGeneration.objects.filter(case=case, builder=builder, subject_id=subject_id)
        .order_by("-created_at", "-pk")
        .first()
    )
