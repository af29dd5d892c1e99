"""The Panel submission page: what was sent (the exact signed-off report), when, and the Panel's response.
Every GET records one read of the case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases import routes
from safeguarding_reviews.cases.routes import FOLLOW_UPS
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.selectors import deadline_for, next_deadline_words
from safeguarding_reviews.core.forms import add_service_errors
from safeguarding_reviews.outcomes.selectors import outcome_for_case
from safeguarding_reviews.reports.selectors import report_labels
from safeguarding_reviews.signoffs.rules import send_refusal, send_warnings
from safeguarding_reviews.signoffs.selectors import current_signoff_record, send_facts, signoff_state

from . import services
from .forms import FollowUpForm, LearningRouteForm, ResponseForm, SubmissionForm
from .models import FollowUp
from .policies import PanelAction, may, panel_case_get
from .selectors import current_submission

if TYPE_CHECKING:
    from safeguarding_reviews.cases.models import Case


def _render(
    request: AuthenticatedHttpRequest, case: Case, *, status: int = 200, **forms_: forms.Form
) -> HttpResponse:
    submission = current_submission(case)
    outcome = outcome_for_case(case)
    state = signoff_state(outcome) if outcome is not None and case.stage == Stage.RAPID_REVIEW else None
    facts = send_facts(case=case, outcome=outcome)
    warnings = send_warnings(facts)
    refusal = send_refusal(facts)
    may_record = may(request.user, PanelAction.RECORD, case)
    context: dict[str, Any] = {
        "case": case,
        "submission": submission,
        "outcome": outcome,
        "state": state,
        "record": current_signoff_record(state) if state is not None else None,
        "may_record": may_record,
        "refusal": refusal,
        "ready": state is not None and refusal is None,
        "warnings": warnings,
        "rapid_review_deadline": deadline_for(case, "rapid_review"),
        # The task's own clock: sending the report stops the rapid review clock.
        "next_deadline": next_deadline_words(case, ("rapid_review",)),
        "report_labels": report_labels(case),
        "needs_learning_route": may_record
        and submission is not None
        and case.stage == Stage.DECISION
        and submission.follow_up != FollowUp.AWAIT_NATIONAL_REVIEW
        and (outcome is None or outcome.decision != routes.LCSPR),
        "needs_follow_up": may_record
        and submission is not None
        and bool(FOLLOW_UPS.get(submission.response))
        and not submission.follow_up,
        "submission_form": forms_.get("submission_form") or SubmissionForm(warnings=warnings),
        "response_form": forms_.get("response_form") or ResponseForm(),
    }
    case_record_view(actor=request.user, case=case, page="panel")
    return render(request, "panel/submission.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def submission(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """GET: the page. POST: record sending the signed-off report to the Panel."""
    action = PanelAction.RECORD if request.method == "POST" else PanelAction.VIEW
    case = panel_case_get(user=request.user, case_id=case_id, action=action)
    if request.method == "GET":
        return _render(request, case)
    outcome = outcome_for_case(case)
    form = SubmissionForm(request.POST, warnings=send_warnings(send_facts(case=case, outcome=outcome)))
    if form.is_valid():
        try:
            services.panel_submission_record(
                actor=request.user,
                case=case,
                sent_on=form.cleaned_data["sent_on"],
                warnings_confirmed=form.cleaned_data.get("confirm", False),
                delay_reason=form.cleaned_data["delay_reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Sending the report to the Panel has been recorded")
            return redirect("panel:submission", case_id=case.pk)
    return _render(request, case, status=400, submission_form=form)


@login_required
@require_http_methods(["POST"])
def response(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = panel_case_get(user=request.user, case_id=case_id, action=PanelAction.RECORD)
    form = ResponseForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.panel_response_record(
                actor=request.user,
                case=case,
                response=d["response"],
                response_on=d["response_on"],
                notes=d["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The Panel's response has been recorded")
            return redirect("panel:submission", case_id=case.pk)
    return _render(request, case, status=400, response_form=form)


def _step_page(
    request: AuthenticatedHttpRequest,
    *,
    case_id: UUID,
    template: str,
    page: str,
    form_class: type[forms.Form],
    save: Any,
) -> HttpResponse:
    """GET: the form. POST: call the service; back to the Panel page on success, errors shown otherwise."""
    case = panel_case_get(user=request.user, case_id=case_id, action=PanelAction.RECORD)
    status = 200
    form = form_class(request.POST or None)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                message = save(case, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect("panel:submission", case_id=case.pk)
    context = {"case": case, "form": form, "submission": current_submission(case)}
    case_record_view(actor=request.user, case=case, page=page)
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def learning_route(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """No LCSPR: record the learning route; the case moves to the action plan or closes."""

    def save(case: Case, data: dict[str, Any]) -> str:
        services.panel_learning_route_record(
            actor=request.user, case=case, learning_route=data["learning_route"]
        )
        return "The learning route has been recorded"

    return _step_page(
        request,
        case_id=case_id,
        template="panel/learning_route.html",
        page="panel_learning_route",
        form_class=LearningRouteForm,
        save=save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The Panel disagreed or will consider a national review: record what follows."""

    def save(case: Case, data: dict[str, Any]) -> str:
        services.panel_follow_up_record(
            actor=request.user,
            case=case,
            follow_up=data["follow_up"],
            national_review_reference=data["national_review_reference"],
        )
        return "What follows the Panel's response has been recorded"

    return _step_page(
        request,
        case_id=case_id,
        template="panel/follow_up.html",
        page="panel_follow_up",
        form_class=FollowUpForm,
        save=save,
    )
