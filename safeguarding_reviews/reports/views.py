"""Rapid Review report pages: the case's report page, generation (queued, with a status page), downloads, and
the partnership's templates pages (one per template kind, reports.kinds). Views parse input, load through
policies and selectors, call one service, render. No view renders a report template: that happens on the
task worker. Every GET of a case page (the report page, a generation's status) records one read of the case;
a download records only its own read event. A generation's status page checks for progress in the
background (core.job_status); the templates page refreshes itself while a version is being checked."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core.forms import add_service_errors
from safeguarding_reviews.core.job_status import POLL_SECONDS, job_status_response, passive_poll
from safeguarding_reviews.core.signals import answers
from safeguarding_reviews.core.throttle import job_rate_limit
from safeguarding_reviews.documents.inspection import TYPES
from safeguarding_reviews.documents.services import document_path
from safeguarding_reviews.outcomes.selectors import outcome_version_of

from . import builders, services
from .default_template import builtin_template_bytes, default_template_bytes
from .forms import TemplateUploadForm
from .kinds import SPECS, KindSpec, TemplateKind, spec_for
from .models import (
    DEFAULT_TEMPLATE_VERSION,
    DocumentGeneration,
    GeneratedReport,
    GenerationStatus,
    ReportGeneration,
    ReportTemplate,
    TemplateStatus,
)
from .policies import (
    ReportAction,
    document_generation_get,
    generation_get,
    may,
    report_get,
    reports_case_get,
    templates_partnership_get,
)
from .selectors import (
    current_template,
    current_versions_by_kind,
    document_generation_shown_status,
    generations_in_progress,
    report_labels,
    reports_for_case,
    template_version_get,
    templates_for_partnership,
)
from .wording import numbered

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.documents.models import Document
    from safeguarding_reviews.organisations.models import Partnership


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


LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class LabelledReport:
    """A generated report with the words the page names it by ("version 2, made on ...")."""

    report: GeneratedReport
    label: str


@login_required
@require_http_methods(["GET"])
def case_reports(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = reports_case_get(user=request.user, case_id=case_id, action=ReportAction.VIEW)
    reports = list(reports_for_case(case))
    # Newest first: the oldest is report version 1 (the same numbering as reports.selectors.report_labels).
    labels = numbered([(r.sha256, r.generated_at.astimezone(LONDON).date()) for r in reversed(reports)])
    rows = [LabelledReport(report=report, label=labels[report.sha256]) for report in reports]
    in_progress = list(generations_in_progress(case))
    outcome = outcome_version_of(case)
    template = current_template(case.lead_partnership)
    changed_since_sent = _entries_changed_since_sent(request.user, case)
    case_record_view(actor=request.user, case=case, page="rapid_review_report")
    return render(
        request,
        "reports/case_reports.html",
        {
            "case": case,
            "reports": rows,
            "in_progress": in_progress,
            "outcome": outcome,
            "template": template,
            "may_generate": may(request.user, ReportAction.GENERATE, case),
            "changed_since_sent": changed_since_sent,
        },
    )


def _entries_changed_since_sent(user: User, case: Any) -> dict[str, Any] | None:
    """(the Panel submission, how many chronology entries were corrected or withdrawn after it was recorded),
    or None when the report has not been sent. The sent report and its sign-offs stay as they were."""
    from safeguarding_reviews.chronology.policies import ChronologyAction
    from safeguarding_reviews.chronology.policies import may as chronology_may
    from safeguarding_reviews.chronology.selectors import entries_changed_since

    from .signals import report_sent_wanted

    sent = [found for found in answers(report_sent_wanted, sender=None, case=case) if found is not None]
    submission = sent[0] if sent else None
    if submission is None:
        return None
    return {
        "submission": submission,
        "count": entries_changed_since(case, user, submission.recorded_at),
        "may_read_chronology": chronology_may(user, ChronologyAction.VIEW, case),
    }


@login_required
@require_http_methods(["POST"])
@job_rate_limit("report_generate")
def generate(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = reports_case_get(user=request.user, case_id=case_id, action=ReportAction.GENERATE)
    try:
        generation = services.report_generation_request(actor=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:case_reports", case_id=case.pk)
    return redirect("reports:generation_status", case_id=case.pk, generation_id=generation.pk)


@passive_poll
@login_required
@require_http_methods(["GET"])
def generation_status(request: AuthenticatedHttpRequest, case_id: UUID, generation_id: UUID) -> HttpResponse:
    """The generation's status. Asked for JSON, the page's script gets the status fragment (a read like the
    page, and not activity for the idle timeout); the page never sends a Refresh header (WCAG 2.2.2)."""
    generation = generation_get(user=request.user, case_id=case_id, generation_id=generation_id)
    case_record_view(actor=request.user, case=generation.case, page="rapid_review_report_generation")
    context = {
        "case": generation.case,
        "generation": generation,
        "poll_seconds": POLL_SECONDS,
        "report_labels": report_labels(generation.case) if generation.report_id else {},
    }
    return job_status_response(
        request,
        finished=generation.is_finished,
        status=generation.status,
        announcement=_generation_announcement(generation),
        page="reports/generation_status.html",
        fragment="reports/_generation_status_body.html",
        context=context,
    )


def _generation_announcement(generation: ReportGeneration) -> str:
    if generation.status == GenerationStatus.DONE:
        return "The report has been generated. The link to the report page is on this page."
    if generation.status == GenerationStatus.FAILED:
        return f"The report could not be generated. {generation.get_failure_display()}."
    return f"Status: {generation.get_status_display()}."


def _download(
    request: AuthenticatedHttpRequest, case_id: UUID, report_id: int, file_format: str
) -> HttpResponseBase:
    report = report_get(user=request.user, case_id=case_id, report_id=report_id)
    document = report.docx if file_format == "docx" else report.pdf
    handle = _open(document)
    services.report_record_download(actor=request.user, report=report, file_format=file_format)
    name = f"rapid-review-report-{report.case.reference}-v{report.outcome_version}-{report.pk}.{file_format}"
    return _file_response(handle, filename=name, file_format=file_format)


@login_required
@require_http_methods(["GET"])
def download_docx(request: AuthenticatedHttpRequest, case_id: UUID, report_id: int) -> HttpResponseBase:
    return _download(request, case_id, report_id, "docx")


@login_required
@require_http_methods(["GET"])
def download_pdf(request: AuthenticatedHttpRequest, case_id: UUID, report_id: int) -> HttpResponseBase:
    return _download(request, case_id, report_id, "pdf")


def _kind_spec(kind: str) -> KindSpec:
    spec = spec_for(kind)
    if spec is None:
        raise Http404("No such kind of template")
    return spec


@dataclass(frozen=True)
class KindRow:
    """A row of the kinds table: the kind, its page, its current version (0 = the built-in one)."""

    spec: KindSpec
    url: str
    default_url: str
    current_version: int


def _kind_urls(slug: str, kind: str) -> dict[str, str]:
    """The kind's page and built-in download: the rapid review report's keep their first addresses."""
    if kind == TemplateKind.RAPID_REVIEW_REPORT:
        return {
            "page": reverse("reports:templates", kwargs={"slug": slug}),
            "default": reverse("reports:default_template", kwargs={"slug": slug}),
        }
    return {
        "page": reverse("reports:kind_templates", kwargs={"slug": slug, "kind": kind}),
        "default": reverse("reports:kind_default_template", kwargs={"slug": slug, "kind": kind}),
    }


def _kind_rows(partnership: Partnership) -> list[KindRow]:
    current = current_versions_by_kind(partnership)
    rows = []
    for spec in SPECS.values():
        urls = _kind_urls(partnership.slug, spec.kind)
        rows.append(
            KindRow(
                spec=spec,
                url=urls["page"],
                default_url=urls["default"],
                current_version=current.get(spec.kind, DEFAULT_TEMPLATE_VERSION),
            )
        )
    return rows


@passive_poll
@login_required
@require_http_methods(["GET", "POST"])
@job_rate_limit("report_template_check")
def templates(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The rapid review report's templates page (its first address)."""
    return _templates_page(request, slug, TemplateKind.RAPID_REVIEW_REPORT)


@passive_poll
@login_required
@require_http_methods(["GET", "POST"])
@job_rate_limit("report_template_check")
def kind_templates(request: AuthenticatedHttpRequest, slug: str, kind: str) -> HttpResponse:
    """The templates page of another kind (reports.kinds); an unknown kind is 404 once the partnership
    passes (a non-member gets 404 and another member 403 first, as on every templates URL)."""
    partnership = templates_partnership_get(user=request.user, slug=slug)
    return _templates_page(request, slug, _kind_spec(kind).kind, partnership=partnership)


def _templates_page(
    request: AuthenticatedHttpRequest, slug: str, kind: TemplateKind, partnership: Partnership | None = None
) -> HttpResponse:
    """The templates page of a kind and its upload. The upload's test render runs on the worker: when it has
    already finished (immediate tasks) a refusal is the form's error at once; otherwise the page (with
    ?version=N) checks in the background until that version is checked (core.job_status: no Refresh header,
    and the poll is not activity for the idle timeout), then shows whether it passed or was refused."""
    if partnership is None:
        partnership = templates_partnership_get(user=request.user, slug=slug)
    spec = _kind_spec(kind)
    urls = _kind_urls(partnership.slug, kind)
    status = 200
    watched_version = None
    if request.method == "POST":
        form = TemplateUploadForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                template = services.report_template_upload(
                    actor=request.user,
                    partnership=partnership,
                    uploaded_file=form.cleaned_data["file"],
                    kind=kind,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if template.status == TemplateStatus.REFUSED:
                    form.add_error("file", _refused(template))
                else:
                    messages.success(request, _uploaded_message(spec, template.version, template.status))
                    url = urls["page"]
                    if template.status == TemplateStatus.CHECKING:
                        url += f"?version={template.version}"
                    return redirect(url)
    else:
        form = TemplateUploadForm()
        watched_version = _positive_int(request.GET.get("version"))
    versions = list(templates_for_partnership(partnership, kind))
    current = next((v for v in versions if v.status == TemplateStatus.PASSED), None)
    checking = any(v.status == TemplateStatus.CHECKING for v in versions)
    watched = next((v for v in versions if v.version == watched_version), None)
    if watched is not None and watched.status == TemplateStatus.REFUSED:
        form = _form_with_error(_refused(watched))
    context = {
        "partnership": partnership,
        "spec": spec,
        "kind": str(kind),
        "is_rapid_review": kind == TemplateKind.RAPID_REVIEW_REPORT,
        "kinds": _kind_rows(partnership),
        "default_url": urls["default"],
        "variables": spec.flattened_variables(),
        "form": form,
        "versions": versions,
        "current": current,
        "newest": versions[0] if versions else None,
        "checking": checking,
        "passed_now": watched if watched is not None and watched == current else None,
        # The newest version set aside after a failure, if it is newer than the one in use.
        "set_aside": next(
            (
                v
                for v in versions
                if v.status == TemplateStatus.FAILING and (current is None or v.version > current.version)
            ),
            None,
        ),
        "poll_seconds": POLL_SECONDS,
    }
    if request.method == "POST":
        return render(request, "reports/templates.html", context, status=status)
    return job_status_response(
        request,
        finished=not checking,
        status="checking" if checking else (watched.status if watched is not None else "idle"),
        announcement=_template_announcement(watched, checking=checking),
        page="reports/templates.html",
        fragment="reports/_templates_status.html",
        context=context,
    )


def _template_announcement(watched: ReportTemplate | None, *, checking: bool) -> str:
    if checking or watched is None:
        return "A new version is being checked." if checking else ""
    if watched.status == TemplateStatus.PASSED:
        return f"Version {watched.version} passed its test and is now the current template."
    if watched.status == TemplateStatus.REFUSED:
        return _refused(watched)
    return f"Version {watched.version}: {watched.get_status_display()}."


def _positive_int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _refused(template: ReportTemplate) -> str:
    return f"Version {template.version} was refused. {template.status_reason}"


def _form_with_error(message: str) -> TemplateUploadForm:
    """An upload form showing one error on the file field (the refusal of a version checked on the worker)."""
    form = TemplateUploadForm(data={}, files=MultiValueDict())
    form.is_valid()
    form.errors.clear()
    form.add_error("file", message)
    return form


def _uploaded_message(spec: KindSpec, version: int, status: str) -> str:
    documents = "New reports" if spec.kind == TemplateKind.RAPID_REVIEW_REPORT else "New documents"
    if status == TemplateStatus.PASSED:
        return f"Template version {version} uploaded and passed its test. {documents} use it from now on."
    return (
        f"Template version {version} uploaded. It is being checked: this page shows the result when the "
        f"check has finished. {documents} use the current template until then."
    )


def _template_download(
    request: AuthenticatedHttpRequest, slug: str, kind: str, version: int
) -> HttpResponseBase:
    partnership = templates_partnership_get(user=request.user, slug=slug)
    spec = _kind_spec(kind)
    template = template_version_get(partnership, version, spec.kind)
    if template is None:
        raise Http404("No template version found")
    handle = _open(template.document)
    services.report_template_record_download(actor=request.user, partnership=partnership, template=template)
    stem = "report-template" if spec.kind == TemplateKind.RAPID_REVIEW_REPORT else spec.slug.replace("_", "-")
    return _file_response(
        handle, filename=f"{stem}-{partnership.slug}-v{template.version}.docx", file_format="docx"
    )


@login_required
@require_http_methods(["GET"])
def template_download(request: AuthenticatedHttpRequest, slug: str, version: int) -> HttpResponseBase:
    return _template_download(request, slug, TemplateKind.RAPID_REVIEW_REPORT, version)


@login_required
@require_http_methods(["GET"])
def kind_template_download(
    request: AuthenticatedHttpRequest, slug: str, kind: str, version: int
) -> HttpResponseBase:
    return _template_download(request, slug, kind, version)


def _default_download(request: AuthenticatedHttpRequest, slug: str, kind: str) -> HttpResponseBase:
    partnership = templates_partnership_get(user=request.user, slug=slug)
    spec = _kind_spec(kind)
    services.report_template_record_download(
        actor=request.user, partnership=partnership, template=None, kind=spec.kind
    )
    if spec.kind == TemplateKind.RAPID_REVIEW_REPORT:
        data, filename = default_template_bytes(), "report-template-default-v0.docx"
    else:
        data, filename = builtin_template_bytes(spec.kind), f"{spec.slug.replace('_', '-')}-default-v0.docx"
    return _file_response(io.BytesIO(data), filename=filename, file_format="docx")


@login_required
@require_http_methods(["GET"])
def default_template_download(request: AuthenticatedHttpRequest, slug: str) -> HttpResponseBase:
    return _default_download(request, slug, TemplateKind.RAPID_REVIEW_REPORT)


@login_required
@require_http_methods(["GET"])
def kind_default_template(request: AuthenticatedHttpRequest, slug: str, kind: str) -> HttpResponseBase:
    return _default_download(request, slug, kind)


# --- Word documents of other template kinds (DocumentGeneration) -----------------------------------------


def _document_announcement(generation: DocumentGeneration, status: str) -> str:
    if status == GenerationStatus.DONE:
        return "The document has been made. The download link is on this page."
    if status == GenerationStatus.FAILED:
        return "The document could not be made. You can try again."
    return f"Status: {generation.get_status_display()}."


@passive_poll
@login_required
@require_http_methods(["GET"])
def document_generation_status(
    request: AuthenticatedHttpRequest, case_id: UUID, job_id: UUID
) -> HttpResponse:
    """A document generation's status, for whoever may read its subject. Polled by static/app/job-status.js
    (JSON, a read like the page, not activity); never a Refresh header (WCAG 2.2.2). A generation waiting or
    running too long is shown as failed, with "try again" (the subject's page)."""
    generation = document_generation_get(user=request.user, case_id=case_id, generation_id=job_id)
    case = generation.case
    assert case is not None  # a case's generation: document_generation_get loaded it through the case
    builder = builders.get(generation.builder)
    status = document_generation_shown_status(generation)
    case_record_view(actor=request.user, case=case, page="document_generation")
    failure = (
        generation.get_failure_display() if generation.failure else "It took too long: it may have been lost"
    )
    finished = status in (GenerationStatus.DONE, GenerationStatus.FAILED)
    context = {
        "case": generation.case,
        "generation": generation,
        "status": status,
        "status_label": GenerationStatus(status).label,
        "finished": finished,
        "failure": failure,
        "label": builder.label,
        "subject_url": builder.subject_url(
            generation.case, generation.subject_id, generation.subject_version
        ),
        "poll_seconds": POLL_SECONDS,
    }
    return job_status_response(
        request,
        finished=finished,
        status=status,
        announcement=_document_announcement(generation, status),
        page="reports/document_generation_status.html",
        fragment="reports/_document_generation_body.html",
        context=context,
    )


@login_required
@require_http_methods(["GET"])
def document_generation_download(
    request: AuthenticatedHttpRequest, case_id: UUID, job_id: UUID
) -> HttpResponseBase:
    """The made DOCX, for whoever may read its subject; recorded as report.document_downloaded."""
    generation = document_generation_get(user=request.user, case_id=case_id, generation_id=job_id)
    if generation.status != GenerationStatus.DONE or generation.document is None:
        raise Http404("The document has not been made")
    builder = builders.get(generation.builder)
    handle = _open(generation.document)
    services.document_generation_record_download(actor=request.user, generation=generation)
    if builder.on_download is not None:
        builder.on_download(request.user, generation.case, generation.subject_id)
    name = f"{builder.filename(generation.case, generation.subject_version)}.docx"
    return _file_response(handle, filename=name, file_format="docx")
