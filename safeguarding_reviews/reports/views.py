"""Rapid Review report pages: the case's report page, generation, downloads, and the partnership's templates
page. Views parse input, load through policies and selectors, call one service, render. Every GET of the case
page records one read of the case; a download records only its own read event."""

from __future__ import annotations

import io
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core.forms import add_service_errors
from safeguarding_reviews.documents.inspection import TYPES
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.documents.services import document_path
from safeguarding_reviews.outcomes.models import RapidReviewOutcome

from . import services
from .default_template import default_template_bytes
from .forms import TemplateUploadForm
from .policies import ReportAction, may, report_get, reports_case_get, templates_partnership_get
from .selectors import current_template, reports_for_case, template_version_get, templates_for_partnership


def _file_response(handle: io.BufferedIOBase, *, filename: str, file_format: str) -> FileResponse:
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=TYPES[file_format].content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


def _open(document: Document) -> io.BufferedIOBase:
    try:
        return document_path(document).open("rb")
    except FileNotFoundError as exc:
        raise Http404("No document found") from exc


@login_required
@require_http_methods(["GET"])
def case_reports(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = reports_case_get(user=request.user, case_id=case_id, action=ReportAction.VIEW)
    reports = list(reports_for_case(case))
    outcome = RapidReviewOutcome.objects.filter(case=case).only("pk", "version", "case_id").first()
    template = current_template(case.lead_partnership)
    changed_since_sent = _entries_changed_since_sent(request.user, case)
    case_record_view(actor=request.user, case=case, page="rapid_review_report")
    return render(
        request,
        "reports/case_reports.html",
        {
            "case": case,
            "reports": reports,
            "outcome": outcome,
            "template": template,
            "may_generate": may(request.user, ReportAction.GENERATE, case),
            "changed_since_sent": changed_since_sent,
        },
    )


def _entries_changed_since_sent(user: Any, case: Any) -> dict[str, Any] | None:
    """(the Panel submission, how many chronology entries were corrected or withdrawn after it was recorded),
    or None when the report has not been sent. The sent report and its sign-offs stay as they were."""
    from safeguarding_reviews.chronology.policies import ChronologyAction
    from safeguarding_reviews.chronology.policies import may as chronology_may
    from safeguarding_reviews.chronology.selectors import entries_changed_since
    from safeguarding_reviews.panel.models import PanelSubmission

    submission = (
        PanelSubmission.objects.filter(case=case).only("pk", "recorded_at", "sent_on", "report_id").first()
    )
    if submission is None:
        return None
    return {
        "submission": submission,
        "count": entries_changed_since(case, user, submission.recorded_at),
        "may_read_chronology": chronology_may(user, ChronologyAction.VIEW, case),
    }


@login_required
@require_http_methods(["POST"])
def generate(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = reports_case_get(user=request.user, case_id=case_id, action=ReportAction.GENERATE)
    try:
        report = services.report_generate(actor=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Report generated from version {report.outcome_version} of the outcome. "
            f"Checksum {report.short_checksum}.",
        )
    return redirect("reports:case_reports", case_id=case.pk)


def _download(request: HttpRequest, case_id: UUID, report_id: int, file_format: str) -> HttpResponseBase:
    report = report_get(user=request.user, case_id=case_id, report_id=report_id)
    document = report.docx if file_format == "docx" else report.pdf
    handle = _open(document)
    services.report_record_download(actor=request.user, report=report, file_format=file_format)
    name = f"rapid-review-report-{report.case.reference}-v{report.outcome_version}-{report.pk}.{file_format}"
    return _file_response(handle, filename=name, file_format=file_format)


@login_required
@require_http_methods(["GET"])
def download_docx(request: HttpRequest, case_id: UUID, report_id: int) -> HttpResponseBase:
    return _download(request, case_id, report_id, "docx")


@login_required
@require_http_methods(["GET"])
def download_pdf(request: HttpRequest, case_id: UUID, report_id: int) -> HttpResponseBase:
    return _download(request, case_id, report_id, "pdf")


@login_required
@require_http_methods(["GET", "POST"])
def templates(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = templates_partnership_get(user=request.user, slug=slug)
    status = 200
    if request.method == "POST":
        form = TemplateUploadForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                template = services.report_template_upload(
                    actor=request.user, partnership=partnership, uploaded_file=form.cleaned_data["file"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Template version {template.version} uploaded. New reports use it from now on.",
                )
                return redirect("reports:templates", slug=partnership.slug)
    else:
        form = TemplateUploadForm()
    versions = list(templates_for_partnership(partnership))
    return render(
        request,
        "reports/templates.html",
        {
            "partnership": partnership,
            "form": form,
            "versions": versions,
            "current": next((v for v in versions if v.is_current), None),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def template_download(request: HttpRequest, slug: str, version: int) -> HttpResponseBase:
    partnership = templates_partnership_get(user=request.user, slug=slug)
    template = template_version_get(partnership, version)
    if template is None:
        raise Http404("No template version found")
    handle = _open(template.document)
    services.report_template_record_download(actor=request.user, partnership=partnership, template=template)
    return _file_response(
        handle, filename=f"report-template-{partnership.slug}-v{template.version}.docx", file_format="docx"
    )


@login_required
@require_http_methods(["GET"])
def default_template_download(request: HttpRequest, slug: str) -> HttpResponseBase:
    partnership = templates_partnership_get(user=request.user, slug=slug)
    services.report_template_record_download(actor=request.user, partnership=partnership, template=None)
    return _file_response(
        io.BytesIO(default_template_bytes()), filename="report-template-default-v0.docx", file_format="docx"
    )
