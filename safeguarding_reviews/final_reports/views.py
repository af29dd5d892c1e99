"""The final report record of a local review: one page for everyone who may see the case (the summaries,
the findings and recommendations, whether it is ready for sign-off and where the partners' sign-off stands),
and the writing pages for the reviewer and the business unit. Views parse input, load through policies and
selectors, call one service, render. Every GET (and every page shown again after a refused POST) records one
read of the case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.policies import case_nav
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core.forms import rebound, save_or_conflict
from safeguarding_reviews.report_drafts.policies import may_read as may_read_drafts
from safeguarding_reviews.signoffs import signable
from safeguarding_reviews.signoffs.policies import SignOffAction
from safeguarding_reviews.signoffs.policies import may as may_signoff
from safeguarding_reviews.signoffs.selectors import document_signoff_state

from . import rules, selectors, services
from .forms import ConfirmForm, FindingForm, RecommendationForm, ResponseForm, SummaryForm
from .models import FinalReport, Finding, Recommendation, RecommendationSource
from .policies import ReportAction, may, report_case_get

CONFLICT = (
    "Someone else changed the final report while you were editing. Your answers are below; check the record "
    "and save again to keep yours."
)


def _signing(request: AuthenticatedHttpRequest, case: Any) -> dict[str, Any]:
    """Where the partners' sign-off of the record stands: each partner's position and the sign page's link.
    A fixed number of queries; records no read."""
    state = document_signoff_state(case=case, kind=signable.get(selectors.KIND))
    may_view = may_signoff(request.user, SignOffAction.VIEW, case)
    return {
        "state": state,
        "rows": state.rows,
        "signed_off": state.current is not None and state.signed_off,
        "complete": state.current is not None and state.complete,
        "may_sign": may_signoff(request.user, SignOffAction.SIGN, case),
        "url": reverse("signoffs:document", kwargs={"case_id": case.pk, "kind": selectors.KIND})
        if may_view
        else None,
    }


@login_required
@require_http_methods(["GET"])
def record(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = report_case_get(user=request.user, case_id=case_id)
    report = selectors.report_for_case(case)
    findings = selectors.findings_of(report)
    recommendations = selectors.recommendations_of(report)
    context = case_nav(request.user, case) | {
        "report": report,
        "findings": findings,
        "recommendations": [(r, selectors.recommendation_gaps(r)) for r in recommendations],
        "latest_draft_id": selectors.latest_draft_id(case),
        # The final draft's download is report_drafts' (403 to those who may not read the drafts).
        "may_read_drafts": may_read_drafts(request.user, case),
        "may_write": may(request.user, ReportAction.WRITE, case),
        "may_respond": may(request.user, ReportAction.RESPOND, case),
        "may_submit": may(request.user, ReportAction.SUBMIT, case),
    }
    if report is not None:
        facts = selectors.report_facts(report, findings, recommendations)
        signing = _signing(request, case)
        context |= {
            "reasons": rules.readiness_reasons(facts),
            "response_needed": rules.response_needed(
                finding_count=facts.finding_count,
                report_recommendation_count=facts.report_recommendation_count,
            ),
            "signing": signing,
            "status": rules.shown_status(
                status=report.status, signed_off=signing["signed_off"], signoffs_complete=signing["complete"]
            ),
            "locked": signing["signed_off"],
        }
    case_record_view(actor=request.user, case=case, page="final_report")
    return render(request, "final_reports/record.html", context)


def _form_page(
    request: AuthenticatedHttpRequest,
    case: Any,
    *,
    make: Callable[[Any], Any],
    initial: Callable[[], dict[str, Any]],
    save: Callable[[Any], object],
    title: str,
    done: str,
    page: str,
    template: str = "final_reports/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The writing pages: show the form (with the record's version), save through one service (a stale
    version shows the user's answers again, 409), or show the errors (400)."""
    status = 200
    if request.method == "POST":
        form = make(request.POST)
        status = 400
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: save(form), form=form, on_conflict=rebound(make, request.POST, CONFLICT)
            )
            if attempt.saved:
                messages.success(request, done)
                return redirect("final_reports:record", case_id=case.pk)
            form, status = attempt.form, attempt.status
    else:
        form = make(None)
        form.initial = initial()
    context = case_nav(request.user, case) | {"form": form, "title": title} | (extra or {})
    case_record_view(actor=request.user, case=case, page=page)
    return render(request, template, context, status=status)


def _version(report: FinalReport | None) -> dict[str, Any]:
    return {"version": report.version} if report is not None else {}


@login_required
@require_http_methods(["GET", "POST"])
def summary(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = report_case_get(user=request.user, case_id=case_id, action=ReportAction.WRITE)
    report = selectors.report_for_case(case)
    drafts = selectors.draft_choices(case)

    def initial() -> dict[str, Any]:
        if report is None:
            return {"final_draft": drafts[0][0] if drafts else None}
        return _version(report) | {
            "final_draft": report.final_draft_id,
            "improvements_summary": report.improvements_summary,
            "systemic_analysis": report.systemic_analysis,
        }

    return _form_page(
        request,
        case,
        make=lambda data: SummaryForm(data, drafts=drafts, exists=report is not None),
        initial=initial,
        save=lambda form: services.summary_save(
            actor=request.user,
            case=case,
            expected_version=form.cleaned_data["version"],
            final_draft_id=form.cleaned_data["final_draft"],
            improvements_summary=form.cleaned_data["improvements_summary"],
            systemic_analysis=form.cleaned_data["systemic_analysis"],
        ),
        title="Final draft and summaries",
        done="Final report saved",
        page="final_report_summary",
    )


@login_required
@require_http_methods(["GET", "POST"])
def response(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = report_case_get(user=request.user, case_id=case_id, action=ReportAction.RESPOND)
    report = selectors.report_for_case(case)
    return _form_page(
        request,
        case,
        make=lambda data: ResponseForm(data, exists=report is not None),
        initial=lambda: _version(report) | {"partners_response": report.partners_response if report else ""},
        save=lambda form: services.response_save(
            actor=request.user,
            case=case,
            expected_version=form.cleaned_data["version"],
            partners_response=form.cleaned_data["partners_response"],
        ),
        title="The partners' response",
        done="The partners' response saved",
        page="final_report_response",
    )


def _finding_page(
    request: AuthenticatedHttpRequest, case_id: UUID, finding_id: int
) -> tuple[Any, FinalReport | None, Finding]:
    """The case (403 unless the user writes the record), the record and one of its findings (else 404)."""
    case = report_case_get(user=request.user, case_id=case_id, action=ReportAction.WRITE)
    report = selectors.report_for_case(case)
    finding = Finding.objects.filter(report=report, pk=finding_id).first() if report else None
    if finding is None:
        raise Http404("No finding found")
    return case, report, finding


def _recommendation_page(
    request: AuthenticatedHttpRequest, case_id: UUID, recommendation_id: int
) -> tuple[Any, FinalReport | None, Recommendation]:
    """As _finding_page for a recommendation; one of the partners' response's is the business unit's."""
    case = report_case_get(user=request.user, case_id=case_id, action=ReportAction.WRITE)
    report = selectors.report_for_case(case)
    found = next((r for r in selectors.recommendations_of(report) if r.pk == recommendation_id), None)
    if found is None:
        raise Http404("No recommendation found")
    if found.source == RecommendationSource.PARTNERS_RESPONSE:
        report_case_get(user=request.user, case_id=case_id, action=ReportAction.RESPOND)
    return case, report, found


@login_required
@require_http_methods(["GET", "POST"])
def finding_add(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = report_case_get(user=request.user, case_id=case_id, action=ReportAction.WRITE)
    report = selectors.report_for_case(case)
    return _form_page(
        request,
        case,
        make=lambda data: FindingForm(data, exists=report is not None),
        initial=lambda: _version(report),
        save=lambda form: services.finding_add(
            actor=request.user,
            case=case,
            expected_version=form.cleaned_data["version"],
            text=form.cleaned_data["text"],
        ),
        title="Add a finding",
        done="Finding added",
        page="final_report_finding_add",
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_edit(request: AuthenticatedHttpRequest, case_id: UUID, finding_id: int) -> HttpResponse:
    case, report, finding = _finding_page(request, case_id, finding_id)
    return _form_page(
        request,
        case,
        make=lambda data: FindingForm(data, exists=report is not None),
        initial=lambda: _version(report) | {"text": finding.text},
        save=lambda form: services.finding_update(
            actor=request.user,
            case=case,
            expected_version=form.cleaned_data["version"] or 0,
            finding_id=finding.pk,
            text=form.cleaned_data["text"],
        ),
        title=f"Change finding {finding.number}",
        done="Finding saved",
        page="final_report_finding_edit",
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_remove(request: AuthenticatedHttpRequest, case_id: UUID, finding_id: int) -> HttpResponse:
    case, report, finding = _finding_page(request, case_id, finding_id)
    return _remove_page(
        request,
        case,
        report,
        what="finding",
        number=finding.number,
        text=finding.text,
        remove=lambda version: services.finding_remove(
            actor=request.user, case=case, expected_version=version, finding_id=finding.pk
        ),
    )


def _remove_page(
    request: AuthenticatedHttpRequest,
    case: Any,
    report: FinalReport | None,
    *,
    what: str,
    number: int,
    text: str,
    remove: Callable[[int], object],
) -> HttpResponse:
    return _form_page(
        request,
        case,
        make=lambda data: ConfirmForm(data),
        initial=lambda: _version(report),
        save=lambda form: remove(form.cleaned_data["version"]),
        title=f"Remove {what} {number}",
        done=f"{what.capitalize()} removed",
        page=f"final_report_{what}_remove",
        template="final_reports/remove.html",
        extra={"text": text, "what": what},
    )


def _recommendation_form(
    request: AuthenticatedHttpRequest, case: Any, report: FinalReport | None, current: Recommendation | None
) -> Callable[[Any], RecommendationForm]:
    findings = [(f.pk, f"Finding {f.number}") for f in selectors.findings_of(report)]
    agencies = selectors.agency_choices(case, keep=list(current.agencies.all()) if current else None)
    themes = selectors.theme_choices(keep=list(current.themes.all()) if current else None)
    may_respond = may(request.user, ReportAction.RESPOND, case)
    return lambda data: RecommendationForm(
        data,
        findings=findings,
        agencies=agencies,
        themes=themes,
        may_respond=may_respond,
        exists=report is not None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_add(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = report_case_get(user=request.user, case_id=case_id, action=ReportAction.WRITE)
    report = selectors.report_for_case(case)
    source = request.GET.get("source")
    return _form_page(
        request,
        case,
        make=_recommendation_form(request, case, report, None),
        initial=lambda: (
            _version(report)
            | {"source": source if source in RecommendationSource.values else RecommendationSource.REPORT}
        ),
        save=lambda form: services.recommendation_add(
            actor=request.user, case=case, expected_version=form.cleaned_data["version"], fields=form.values()
        ),
        title="Add a recommendation",
        done="Recommendation added",
        page="final_report_recommendation_add",
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit(
    request: AuthenticatedHttpRequest, case_id: UUID, recommendation_id: int
) -> HttpResponse:
    case, report, current = _recommendation_page(request, case_id, recommendation_id)
    return _form_page(
        request,
        case,
        make=_recommendation_form(request, case, report, current),
        initial=lambda: (
            _version(report)
            | {
                "source": current.source,
                "finding": current.finding_id,
                "required": current.required,
                "agency_scope": current.agency_scope,
                "agencies": [a.pk for a in current.agencies.all()],
                "due_on": current.due_on,
                "expected_difference": current.expected_difference,
                "themes": [t.pk for t in current.themes.all()],
            }
        ),
        save=lambda form: services.recommendation_update(
            actor=request.user,
            case=case,
            expected_version=form.cleaned_data["version"] or 0,
            recommendation_id=current.pk,
            fields=form.values(),
        ),
        title=f"Change recommendation {current.number}",
        done="Recommendation saved",
        page="final_report_recommendation_edit",
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_remove(
    request: AuthenticatedHttpRequest, case_id: UUID, recommendation_id: int
) -> HttpResponse:
    case, report, current = _recommendation_page(request, case_id, recommendation_id)
    return _remove_page(
        request,
        case,
        report,
        what="recommendation",
        number=current.number,
        text=current.required,
        remove=lambda version: services.recommendation_remove(
            actor=request.user, case=case, expected_version=version, recommendation_id=current.pk
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = report_case_get(user=request.user, case_id=case_id, action=ReportAction.SUBMIT)
    report = selectors.report_for_case(case)
    reasons = (
        rules.readiness_reasons(
            selectors.report_facts(
                report, selectors.findings_of(report), selectors.recommendations_of(report)
            )
        )
        if report is not None
        else ["Start the final report record first"]
    )
    return _form_page(
        request,
        case,
        make=lambda data: ConfirmForm(data),
        initial=lambda: _version(report),
        save=lambda form: services.report_submit(
            actor=request.user, case=case, expected_version=form.cleaned_data["version"]
        ),
        title="Submit the final report for the partners' sign-off",
        done="Final report submitted: the three partners' delegates can now sign it off",
        page="final_report_submit",
        template="final_reports/submit.html",
        extra={"reasons": reasons, "report": report},
    )
