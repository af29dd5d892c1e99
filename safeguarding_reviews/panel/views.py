"""The Panel submission page: what was sent (the exact signed-off report), when, and the Panel's response.
Every GET records one read of the case."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core.forms import add_service_errors
from safeguarding_reviews.outcomes.selectors import outcome_for_case
from safeguarding_reviews.signoffs.rules import send_refusal, send_warnings
from safeguarding_reviews.signoffs.selectors import current_signoff_record, send_facts, signoff_state

from . import services
from .forms import ResponseForm, SubmissionForm
from .models import PanelSubmission
from .policies import PanelAction, may, panel_case_get


def _render(request: HttpRequest, case: Case, *, status: int = 200, **forms_: forms.Form) -> HttpResponse:
    submission = (
        PanelSubmission.objects.filter(case=case)
        .select_related("report", "recorded_by", "response_recorded_by", "signoff_record")
        .first()
    )
    outcome = outcome_for_case(case)
    state = signoff_state(outcome) if outcome is not None else None
    facts = send_facts(case=case, outcome=outcome)
    warnings = send_warnings(facts)
    context: dict[str, Any] = {
        "case": case,
        "submission": submission,
        "state": state,
        "record": current_signoff_record(state) if state is not None else None,
        "may_record": may(request.user, PanelAction.RECORD, case),
        "refusal": send_refusal(facts),
        "ready": send_refusal(facts) is None,
        "warnings": warnings,
        "submission_form": forms_.get("submission_form") or SubmissionForm(warnings=warnings),
        "response_form": forms_.get("response_form") or ResponseForm(),
    }
    case_record_view(actor=request.user, case=case, page="panel")
    return render(request, "panel/submission.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def submission(request: HttpRequest, case_id: UUID) -> HttpResponse:
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
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Sending the report to the Panel has been recorded")
            return redirect("panel:submission", case_id=case.pk)
    return _render(request, case, status=400, submission_form=form)


@login_required
@require_http_methods(["POST"])
def response(request: HttpRequest, case_id: UUID) -> HttpResponse:
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
