"""The monitoring view and repeated recommendations (issue 16 items 5 and 6; docs/action-plans.md, "The
monitoring view" and "Repeated recommendations").

Views parse the request, load through the policies and monitoring_selectors, call one service, render. The
monitoring page runs a fixed number of queries however many actions there are: its figures come from one
small row per action (monitoring_selectors.monitoring_facts) counted in Python (monitoring.py), its charts
are SVG drawn here from the same figures as the tables beside them (charts.py). Every page records one read
(`action_plan.viewed`, naming the cases shown), never linked to a case row."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import add_service_errors
from safeguarding_reviews.core.job_status import POLL_SECONDS, job_status_response, passive_poll
from safeguarding_reviews.core.throttle import job_rate_limit
from safeguarding_reviews.documents.inspection import TYPES
from safeguarding_reviews.documents.services import document_path
from safeguarding_reviews.reports.policies import partnership_document_generation_get
from safeguarding_reviews.reports.selectors import document_generation_shown_status
from safeguarding_reviews.reports.services import document_generation_record_download

from . import charts, monitoring, monitoring_selectors, monitoring_services, services
from .models import ExportFormat, ExportStatus, MonitoringExport
from .monitoring_forms import ExportForm, LinkForm, MonitoringFilterForm
from .monitoring_selectors import MonitoringFilters, monitoring_get
from .policies import PlanAccess, PlanPermission, recommendation_get
from .selectors import agency_choices, theme_choices

STATUS_PATTERNS = ("solid", "stripes", "dots", "cross", "lines")


def _read(request: AuthenticatedHttpRequest, access: PlanAccess, page: str, case_ids: list[str]) -> None:
    services.plan_record_view(
        actor=request.user, partnership=access.partnership, page=page, case_ids=case_ids
    )


def _filter_form(request_data: Any, access: PlanAccess) -> MonitoringFilterForm:
    return MonitoringFilterForm(
        request_data,
        reviews=monitoring_selectors.review_choices(access),
        agencies=agency_choices(access.partnership),
        themes=theme_choices(),
        today=clock.today(),
    )


# --- the charts -----------------------------------------------------------------------------------------


def _count_text(count: int, overdue: int = 0) -> str:
    return f"{count} ({overdue} overdue)" if overdue else str(count)


def _rate_text(group: monitoring.Figures) -> str:
    rate = group.completion_rate
    return "no actions to count" if rate is None else f"{rate}% ({group.accepted} of {group.counted})"


def _stacked(chart_id: str, title: str, groups: list[monitoring.Figures]) -> str:
    series = [
        charts.Series(label=label, pattern=pattern)
        for label, pattern in zip(monitoring.STATUS_GROUPS, STATUS_PATTERNS, strict=True)
    ]
    return charts.stacked_bar_chart(
        chart_id=chart_id,
        title=title,
        series=series,
        bars=[
            charts.StackedBar(
                label=group.label,
                values=tuple(count for _, count in group.status_groups()),
                text=f"{group.total} action{'' if group.total == 1 else 's'}",
            )
            for group in groups
        ],
    )


def monitoring_charts(figures: monitoring.Monitoring) -> dict[str, str]:
    """The page's SVG charts, from the same figures as the tables beside them (marked safe: charts.py escapes
    every text it draws)."""
    drawn = {
        "status": charts.bar_chart(
            chart_id="chart-status",
            title="Actions by status",
            bars=[
                charts.Bar(label=row.label, value=row.count, text=_count_text(row.count, row.overdue))
                for row in figures.by_status
            ],
        ),
        "agency_status": _stacked("chart-agency-status", "Actions by agency and status", figures.by_agency),
        "agency_rate": charts.bar_chart(
            chart_id="chart-agency-rate",
            title="Completion rate by agency (evidence accepted)",
            bars=[
                charts.Bar(label=group.label, value=group.completion_rate or 0, text=_rate_text(group))
                for group in figures.by_agency
            ],
            maximum=100,
        ),
        "agency_overdue": charts.bar_chart(
            chart_id="chart-agency-overdue",
            title="Overdue actions by agency",
            bars=[
                charts.Bar(
                    label=group.label,
                    value=group.overdue,
                    text=f"{group.overdue}, the longest by {group.longest_overdue} days"
                    if group.overdue
                    else "0",
                )
                for group in figures.by_agency
            ],
            pattern="cross",
        ),
        "review_status": _stacked("chart-review-status", "Actions by review and status", figures.by_review),
        "theme": charts.bar_chart(
            chart_id="chart-theme",
            title="Actions by practice theme",
            bars=[
                charts.Bar(label=group.label, value=group.total, text=_count_text(group.total, group.overdue))
                for group in figures.by_theme
            ],
            pattern="stripes",
        ),
    }
    return {name: mark_safe(svg) for name, svg in drawn.items()}  # noqa: S308 (charts.py escapes its text)


# --- the monitoring view -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def monitoring_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The committee's quarterly view of the action plans: by review, agency, theme and status, with the
    filters in the URL."""
    partnership, access = monitoring_get(user=request.user, slug=slug)
    today = clock.today()
    form = _filter_form(request.GET or None, access)
    filters = form.filters()
    loaded = monitoring_selectors.monitoring_facts(access, filters, today)
    figures = monitoring.monitoring(loaded.facts, today)
    descriptions = monitoring_selectors.action_descriptions([row.action_id for row in figures.most_overdue])
    groups = monitoring_selectors.linked_groups(access, review=filters.review, theme_id=filters.theme_id)
    _read(request, access, "monitoring", loaded.case_ids)
    context = {
        "partnership": partnership,
        "access": access,
        "today": today,
        "form": form,
        "filters": filters,
        "period": monitoring_selectors.period_words(filters, today),
        "figures": figures,
        "totals": figures.totals,
        "charts": monitoring_charts(figures),
        "status_groups": monitoring.STATUS_GROUPS,
        "most_overdue": [(row, descriptions.get(row.action_id, "")) for row in figures.most_overdue],
        "groups": groups,
        "export_fields": filters.query_items(),
        "may_export_docx": monitoring_services.may_export(access, ExportFormat.DOCX),
        "exports": monitoring_selectors.recent_exports(access),
    }
    return render(request, "action_plans/monitoring.html", context)


# --- exports ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["POST"])
@job_rate_limit("monitoring_export")
def monitoring_export_request(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Ask for the spreadsheet or the committee report of the monitoring view with its filters (carried as
    hidden fields; filters that do not read are left out, as on the page)."""
    partnership, access = monitoring_get(user=request.user, slug=slug)
    chosen = ExportForm(request.POST)
    if not chosen.is_valid():
        return render(
            request,
            "action_plans/monitoring_export_refused.html",
            {"partnership": partnership, "access": access},
            status=400,
        )
    filters = _filter_form(request.POST, access).filters()
    try:
        export = monitoring_services.monitoring_export_request(
            actor=request.user, access=access, export_format=chosen.cleaned_data["format"], filters=filters
        )
    except monitoring_services.ExportInFlight as in_flight:
        export = in_flight.export
        messages.info(
            request,
            "Your spreadsheet of the monitoring view is still being built. When it is ready you can download "
            "it here, then ask for another.",
        )
    return redirect("action_plans:monitoring_export", slug=slug, export_id=export.pk)


def _export_get(access: PlanAccess, export_id: int) -> MonitoringExport:
    export = monitoring_selectors.export_of_requester(access=access, export_id=export_id)
    if export is None:
        raise Http404("No export found")
    return export


def export_status(export: MonitoringExport) -> str:
    """The status to show: the spreadsheet's own, or the committee report's generation's (a generation
    waiting too long shows as failed)."""
    if export.format == ExportFormat.DOCX:
        if export.generation is None:
            return ExportStatus.FAILED
        return document_generation_shown_status(export.generation)
    if monitoring_selectors.export_is_stale(export, clock.now()):
        return ExportStatus.FAILED
    return export.status


def _announcement(status: str) -> str:
    if status == ExportStatus.DONE:
        return "The export is ready. The download link is on this page."
    if status == ExportStatus.FAILED:
        return "The export could not be built."
    return f"Status: {ExportStatus(status).label}."


@passive_poll
@login_required
@require_http_methods(["GET"])
def monitoring_export_status(request: AuthenticatedHttpRequest, slug: str, export_id: int) -> HttpResponse:
    """An export's status and progress for its requester. Polled by static/app/job-status.js (JSON, a read
    like the page, not activity); never a Refresh header (WCAG 2.2.2)."""
    partnership, access = monitoring_get(user=request.user, slug=slug)
    export = _export_get(access, export_id)
    status = export_status(export)
    finished = status in (ExportStatus.DONE, ExportStatus.FAILED)
    _read(request, access, "monitoring_export", [])
    context = {
        "partnership": partnership,
        "access": access,
        "export": export,
        "status": status,
        "status_label": ExportStatus(status).label,
        "finished": finished,
        "monitoring_url": reverse("action_plans:monitoring", args=[slug])
        + _query(MonitoringFilters.from_data(export.filters or {})),
        "poll_seconds": POLL_SECONDS,
    }
    return job_status_response(
        request,
        finished=finished,
        status=status,
        announcement=_announcement(status),
        page="action_plans/monitoring_export.html",
        fragment="action_plans/_monitoring_export_body.html",
        context=context,
    )


def _query(filters: MonitoringFilters) -> str:
    from urllib.parse import urlencode

    items = filters.query_items()
    return f"?{urlencode(items)}" if items else ""


@login_required
@require_http_methods(["GET"])
def monitoring_export_download(
    request: AuthenticatedHttpRequest, slug: str, export_id: int
) -> HttpResponseBase:
    """The built file, for its requester only; the download is recorded (the spreadsheet as
    action_plan.exported naming its cases, the committee report as report.document_downloaded)."""
    partnership, access = monitoring_get(user=request.user, slug=slug)
    export = _export_get(access, export_id)
    if export_status(export) != ExportStatus.DONE:
        raise Http404("The export is not ready")
    today = clock.today().isoformat()
    if export.format == ExportFormat.DOCX:
        assert export.generation is not None  # done
        generation = partnership_document_generation_get(
            user=request.user, partnership=partnership, generation_id=export.generation.pk
        )
        document, file_format = generation.document, "docx"
        filename = f"committee-report-{partnership.slug}-{today}.docx"
    else:
        generation, document, file_format = None, export.document, "xlsx"
        filename = f"action-plans-{partnership.slug}-{today}.xlsx"
    if document is None:
        raise Http404("No document found")
    try:
        handle = document_path(document).open("rb")
    except FileNotFoundError as exc:
        raise Http404("No document found") from exc
    if generation is not None:
        document_generation_record_download(actor=request.user, generation=generation)
    else:
        monitoring_services.monitoring_export_record_download(actor=request.user, export=export)
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=TYPES[file_format].content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


# --- repeated recommendations ---------------------------------------------------------------------------


def _match_choices(repeats: monitoring_selectors.Repeats) -> list[tuple[int, str]]:
    return [
        (recommendation.pk, monitoring_selectors.recommendation_label(recommendation))
        for _, recommendation in repeats.matches
    ]


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_repeats(
    request: AuthenticatedHttpRequest, slug: str, recommendation_id: int
) -> HttpResponse:
    """The earlier recommendations with similar text or the same themes, and the business unit's link form
    (POST: link the chosen ones with this recommendation)."""
    recommendation, access = recommendation_get(
        user=request.user, slug=slug, recommendation_id=recommendation_id, permission=PlanPermission.VIEW
    )
    if request.method == "POST" and not access.runs_plans:
        raise PermissionDenied
    repeats = monitoring_selectors.recommendation_repeats(access, recommendation)
    status = 200
    form = LinkForm(request.POST if request.method == "POST" else None, choices=_match_choices(repeats))
    if request.method == "POST":
        if form.is_valid():
            chosen = set(form.cleaned_data["recommendations"])
            others = [candidate for _, candidate in repeats.matches if candidate.pk in chosen]
            try:
                monitoring_services.recommendations_link(
                    actor=request.user, access=access, recommendation=recommendation, others=others
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                count = len(others)
                messages.success(
                    request, f"{count} earlier recommendation{'' if count == 1 else 's'} linked with this one"
                )
                return redirect(
                    "action_plans:recommendation_repeats", slug=slug, recommendation_id=recommendation.pk
                )
        status = 400
    case_ids = sorted(
        {str(rec.case_id) for _, rec in repeats.matches if rec.case_id}
        | {str(rec.case_id) for rec in repeats.linked if rec.case_id}
        | ({str(recommendation.case_id)} if recommendation.case_id else set())
    )
    _read(request, access, "recommendation_repeats", case_ids)
    return render(
        request,
        "action_plans/recommendation_repeats.html",
        {
            "partnership": access.partnership,
            "access": access,
            "recommendation": recommendation,
            "label": monitoring_selectors.recommendation_label(recommendation),
            "repeats": repeats,
            "rows": [
                (match, candidate, monitoring_selectors.recommendation_label(candidate))
                for match, candidate in repeats.matches
            ],
            "linked": [(rec, monitoring_selectors.recommendation_label(rec)) for rec in repeats.linked],
            "form": form,
        },
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def recommendation_unlink(
    request: AuthenticatedHttpRequest, slug: str, recommendation_id: int
) -> HttpResponse:
    """Take a recommendation out of its linked group (the business unit; linked in error)."""
    recommendation, access = recommendation_get(
        user=request.user, slug=slug, recommendation_id=recommendation_id, permission=PlanPermission.EDIT
    )
    back = request.POST.get("back", "")
    try:
        monitoring_services.recommendation_unlink(
            actor=request.user, access=access, recommendation=recommendation
        )
    except ValidationError:
        messages.info(request, "That recommendation is not linked with any other")
    else:
        messages.success(request, "Recommendation taken out of its linked group")
    target = back if back.isdigit() else str(recommendation.pk)
    return redirect("action_plans:recommendation_repeats", slug=slug, recommendation_id=int(target))
