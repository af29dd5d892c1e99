"""The sign-off page: the partners' sign-offs against the current outcome version and report checksum, the
history with dissent, and the Independent Chair's challenges with the business unit's answers. Every GET
records one read of the case."""

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

from . import services
from .forms import AnswerForm, ChallengeForm, SignOffForm
from .models import Partner
from .policies import SignOffAction, may, partners_of, signoff_case_get
from .rules import refusal
from .selectors import challenges_for, signoff_state


def _partners(user: Any, case: Case) -> list[tuple[str, str]]:
    mine = partners_of(user, case)
    return [(value, str(label)) for value, label in Partner.choices if value in mine]


def _render(
    request: HttpRequest,
    case: Case,
    *,
    status: int = 200,
    answer_for: int | None = None,
    **forms_: forms.Form,
) -> HttpResponse:
    outcome = outcome_for_case(case)
    context: dict[str, Any] = {"case": case, "outcome": outcome}
    if outcome is not None:
        state = signoff_state(outcome)
        partners = _partners(request.user, case)
        reasons = {
            p: refusal(services.signoff_facts(actor=request.user, outcome=outcome, partner=p))
            for p, _ in partners
        }
        signable = [(p, label) for p, label in partners if reasons[p] is None]
        sign_form = forms_.get("sign_form") or SignOffForm(
            partners=signable,
            initial={
                "version": outcome.version,
                "report_sha256": state.report.sha256 if state.report else "",
            },
        )
        context.update(
            state=state,
            signable=signable,
            refusals=[reason for p, reason in reasons.items() if reason] if not signable else [],
            sign_form=sign_form,
            challenges=challenges_for(outcome),
            may_challenge=may(request.user, SignOffAction.CHALLENGE, case),
            may_answer=may(request.user, SignOffAction.ANSWER, case),
            challenge_form=forms_.get("challenge_form") or ChallengeForm(),
            answer_form=forms_.get("answer_form"),
            answer_for=answer_for,
        )
    case_record_view(actor=request.user, case=case, page="signoffs")
    return render(request, "signoffs/overview.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def signoff_overview(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = signoff_case_get(user=request.user, case_id=case_id, action=SignOffAction.VIEW)
    return _render(request, case)


@login_required
@require_http_methods(["POST"])
def signoff_sign(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = signoff_case_get(user=request.user, case_id=case_id, action=SignOffAction.SIGN)
    form = SignOffForm(request.POST, partners=_partners(request.user, case))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.signoff_record(
                actor=request.user,
                case=case,
                partner=d["partner"],
                agrees=d["agrees"],
                comments=d["comments"],
                expected_version=d["version"],
                report_sha256=d["report_sha256"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your sign-off has been recorded")
            return redirect("signoffs:overview", case_id=case.pk)
    return _render(request, case, status=400, sign_form=form)


@login_required
@require_http_methods(["POST"])
def challenge_raise(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = signoff_case_get(user=request.user, case_id=case_id, action=SignOffAction.CHALLENGE)
    form = ChallengeForm(request.POST)
    if form.is_valid():
        try:
            services.challenge_raise(actor=request.user, case=case, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your challenge has been sent to the business unit")
            return redirect("signoffs:overview", case_id=case.pk)
    return _render(request, case, status=400, challenge_form=form)


@login_required
@require_http_methods(["POST"])
def challenge_answer(request: HttpRequest, case_id: UUID, challenge_id: int) -> HttpResponse:
    case = signoff_case_get(user=request.user, case_id=case_id, action=SignOffAction.ANSWER)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.challenge_answer(
                actor=request.user, case=case, challenge_id=challenge_id, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Answer recorded. The Independent Chair has been told.")
            return redirect("signoffs:overview", case_id=case.pk)
    return _render(request, case, status=400, answer_form=form, answer_for=challenge_id)
