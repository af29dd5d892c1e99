"""The sign-off page: the partners' sign-offs against the current outcome version and report checksum, the
history with dissent, and the Independent Chair's challenges with the business unit's answers. Every GET
records one read of the case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.policies import case_nav
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.clocks.selectors import next_deadline_words
from safeguarding_reviews.core.forms import add_service_errors
from safeguarding_reviews.core.job_status import POLL_SECONDS, job_status_response, passive_poll
from safeguarding_reviews.documents.services import document_path
from safeguarding_reviews.outcomes.selectors import outcome_for_case
from safeguarding_reviews.reports.selectors import report_labels

from . import services
from .forms import AnswerForm, ChallengeForm, DocumentSignOffForm, ResolutionForm, SignOffForm
from .models import Partner, SignOff
from .policies import (
    SignOffAction,
    document_signoff_case_get,
    may,
    partners_of,
    signoff_case_get,
    signoff_record_get,
)
from .rules import refusal
from .selectors import (
    RecordBuildState,
    RecordProgress,
    challenges_for,
    document_resolution_of,
    document_signoff_state,
    record_build_state,
    resolution_of,
    signoff_records_for,
    signoff_state,
)

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.cases.models import Case

    from .signable import SignableKind


def _partners(user: User, case: Case) -> list[tuple[str, str]]:
    mine = partners_of(user, case)
    return [(value, str(label)) for value, label in Partner.choices if value in mine]


def _render(
    request: AuthenticatedHttpRequest,
    case: Case,
    *,
    status: int = 200,
    answer_for: int | None = None,
    **forms_: forms.Form,
) -> HttpResponse:
    outcome = outcome_for_case(case)
    # Sign-off answers to the rapid review clock (the report to the Panel within 15 working days).
    context: dict[str, Any] = {
        "case": case,
        "outcome": outcome,
        "next_deadline": next_deadline_words(case, ("rapid_review",)),
        "report_labels": report_labels(case),
    }
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
        progress = record_build_state(state)
        context.update(_record_context(request, case, progress))
        context.update(
            state=state,
            signable=signable,
            refusals=[reason for p, reason in reasons.items() if reason] if not signable else [],
            sign_form=sign_form,
            challenges=challenges_for(outcome),
            record=progress.record if progress else None,
            records=signoff_records_for(outcome),
            may_resolve=may(request.user, SignOffAction.RESOLVE, case),
            dissents=[(s, resolution_of(s)) for s in state.dissents],
            may_challenge=may(request.user, SignOffAction.CHALLENGE, case),
            may_answer=may(request.user, SignOffAction.ANSWER, case),
            challenge_form=forms_.get("challenge_form") or ChallengeForm(),
            answer_form=forms_.get("answer_form"),
            answer_for=answer_for,
        )
    case_record_view(actor=request.user, case=case, page="signoffs")
    return render(request, "signoffs/overview.html", context, status=status)


def _record_context(
    request: AuthenticatedHttpRequest, case: Case, progress: RecordBuildState | None
) -> dict[str, Any]:
    return {
        "progress": progress,
        "may_regenerate": may(request.user, SignOffAction.REGENERATE, case),
        "poll_seconds": POLL_SECONDS,
    }


def _record_announcement(progress: RecordBuildState | None) -> str:
    if progress is None:
        return "The sign-off record is generated once all three partners have signed off."
    if progress.progress == RecordProgress.DONE:
        return "The sign-off record has been generated. The link to it is on this page."
    if progress.progress == RecordProgress.FAILED:
        return "The sign-off record could not be generated."
    return "The sign-off record is being generated."


@login_required
@require_http_methods(["GET"])
def signoff_overview(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = signoff_case_get(user=request.user, case_id=case_id, action=SignOffAction.VIEW)
    return _render(request, case)


@login_required
@require_http_methods(["POST"])
def signoff_sign(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
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
def challenge_raise(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
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
def challenge_answer(request: AuthenticatedHttpRequest, case_id: UUID, challenge_id: int) -> HttpResponse:
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


def _dissent(case: Case, signoff_id: int) -> tuple[SignOff, Any]:
    """A standing dissent on the case's current report, and the state it stands in; 404 otherwise."""
    outcome = outcome_for_case(case)
    if outcome is None:
        raise Http404("No outcome")
    state = signoff_state(outcome)
    dissent = next((s for s in state.dissents if s.pk == signoff_id), None)
    if dissent is None:
        raise Http404("No standing disagreement found")
    return dissent, state


@login_required
@require_http_methods(["GET", "POST"])
def dissent_resolve(request: AuthenticatedHttpRequest, case_id: UUID, signoff_id: int) -> HttpResponse:
    """GET: the business manager's page for one partner's disagreement. POST: record how it was resolved, or
    that it stands and is reported to the Panel as such."""
    case = signoff_case_get(user=request.user, case_id=case_id, action=SignOffAction.RESOLVE)
    dissent, _ = _dissent(case, signoff_id)
    status = 200
    form = ResolutionForm()
    if request.method == "POST":
        form, status = ResolutionForm(request.POST), 400
        if form.is_valid():
            try:
                services.dissent_resolve(
                    actor=request.user,
                    case=case,
                    signoff_id=dissent.pk,
                    resolution=form.cleaned_data["resolution"],
                    explanation=form.cleaned_data["explanation"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    "The resolution has been recorded. The Independent Chair has been told and the sign-off "
                    "record is being generated again.",
                )
                return redirect("signoffs:overview", case_id=case.pk)
    context = {"case": case, "dissent": dissent, "resolution": resolution_of(dissent), "form": form}
    case_record_view(actor=request.user, case=case, page="signoff_dissent_resolve")
    return render(request, "signoffs/resolve.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def record_download(request: AuthenticatedHttpRequest, case_id: UUID, record_id: int) -> HttpResponseBase:
    """The sign-off record's PDF, for everyone who may read the sign-off page. Recorded as a download."""
    record = signoff_record_get(user=request.user, case_id=case_id, record_id=record_id)
    try:
        handle = document_path(record.pdf).open("rb")
    except FileNotFoundError as exc:
        raise Http404("No document found") from exc
    services.signoff_record_record_download(actor=request.user, record=record)
    name = f"signoff-record-{record.case.reference}-v{record.outcome_version}-{record.pk}.pdf"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@passive_poll
@login_required
@require_http_methods(["GET"])
def record_status(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """Where the sign-off record's generation is. The sign-off page's script asks this URL for JSON (not
    activity for the idle timeout) and puts the fragment in place; without scripts it is a page of its own."""
    case = signoff_case_get(user=request.user, case_id=case_id, action=SignOffAction.VIEW)
    outcome = outcome_for_case(case)
    progress = record_build_state(signoff_state(outcome)) if outcome is not None else None
    context = {"case": case, **_record_context(request, case, progress)}
    case_record_view(actor=request.user, case=case, page="signoff_record_status")
    return job_status_response(
        request,
        finished=progress is None or progress.finished,
        status=progress.progress if progress else "",
        announcement=_record_announcement(progress),
        page="signoffs/record_status.html",
        fragment="signoffs/_record_status.html",
        context=context,
    )


@login_required
@require_http_methods(["POST"])
def record_retry(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """Generate again a sign-off record whose generation failed or is stuck (the business unit)."""
    case = signoff_case_get(user=request.user, case_id=case_id, action=SignOffAction.REGENERATE)
    try:
        build = services.signoff_record_retry(actor=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if build is not None:
            messages.success(request, "The sign-off record is being generated again")
    return redirect("signoffs:overview", case_id=case.pk)


# --- sign-off of any registered document (signable.py) --------------------------------------------------


def _document_render(
    request: AuthenticatedHttpRequest,
    case: Case,
    kind: SignableKind,
    *,
    status: int = 200,
    sign_form: DocumentSignOffForm | None = None,
    resolve_form: tuple[int, ResolutionForm] | None = None,
) -> HttpResponse:
    """The sign page of one kind of document: what is signed (title, version, checksum, link), each
    partner's standing position, the signer's form, the business manager's resolution of each dissent and
    every sign-off given. One read event; a fixed number of queries."""
    state = document_signoff_state(case=case, kind=kind)
    current = state.current
    partners = _partners(request.user, case)
    reasons = {
        p: services.document_signer_refusal(user=request.user, case=case, state=state, partner=p)
        for p, _ in partners
    }
    signable_partners = [(p, label) for p, label in partners if reasons[p] is None]
    form = sign_form or DocumentSignOffForm(
        partners=signable_partners,
        kind_label=kind.label,
        initial={"version": current.version, "sha256": current.sha256} if current else {},
    )
    may_resolve = may(request.user, SignOffAction.RESOLVE, case)
    dissents = []
    for dissent in state.dissents:
        found = document_resolution_of(dissent)
        resolution_form = None
        if may_resolve and found is None:
            if resolve_form is not None and resolve_form[0] == dissent.pk:
                resolution_form = resolve_form[1]
            else:
                resolution_form = ResolutionForm(prefix=f"dissent-{dissent.pk}")
        dissents.append((dissent, found, resolution_form))
    error_forms = [f for f in [form, resolve_form[1] if resolve_form else None] if f is not None and f.errors]
    context: dict[str, Any] = case_nav(request.user, case) | {
        "kind": kind,
        "state": state,
        "current": current,
        "sign_form": form,
        "show_sign_form": bool(signable_partners) or form.is_bound,
        "refusals": [reason for reason in reasons.values() if reason] if not signable_partners else [],
        "dissents": dissents,
        "error_forms": error_forms,
    }
    case_record_view(actor=request.user, case=case, page=f"signoffs_document:{kind.code}")
    return render(request, "signoffs/document.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def document_sign(request: AuthenticatedHttpRequest, case_id: UUID, kind: str) -> HttpResponse:
    """GET: the sign page of one kind of document. POST: a partner's delegate signs the version they read."""
    if request.method != "POST":
        case, found = document_signoff_case_get(
            user=request.user, case_id=case_id, kind=kind, action=SignOffAction.VIEW
        )
        return _document_render(request, case, found)
    case, found = document_signoff_case_get(
        user=request.user, case_id=case_id, kind=kind, action=SignOffAction.SIGN
    )
    form = DocumentSignOffForm(request.POST, partners=_partners(request.user, case), kind_label=found.label)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.document_signoff_give(
                user=request.user,
                case=case,
                kind=found.code,
                partner=d["partner"],
                agrees=d["agrees"],
                comments=d["comments"],
                version=d["version"],
                sha256=d["sha256"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your sign-off has been recorded")
            return redirect("signoffs:document", case_id=case.pk, kind=found.code)
    return _document_render(request, case, found, status=400, sign_form=form)


@login_required
@require_http_methods(["POST"])
def document_resolve(
    request: AuthenticatedHttpRequest, case_id: UUID, kind: str, document_signoff_id: int
) -> HttpResponse:
    """The business manager records how one partner's standing disagreement with the current version was
    resolved, or that it stands. A disagreement not standing on this kind and case is 404."""
    case, found = document_signoff_case_get(
        user=request.user, case_id=case_id, kind=kind, action=SignOffAction.RESOLVE
    )
    dissent = next(
        (s for s in document_signoff_state(case=case, kind=found).dissents if s.pk == document_signoff_id),
        None,
    )
    if dissent is None:
        raise Http404("No standing disagreement found")
    form = ResolutionForm(request.POST, prefix=f"dissent-{dissent.pk}")
    if form.is_valid():
        try:
            services.document_dissent_resolve(
                user=request.user,
                signoff=dissent,
                resolution=form.cleaned_data["resolution"],
                explanation=form.cleaned_data["explanation"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, "The resolution has been recorded. The Independent Chair has been told."
            )
            return redirect("signoffs:document", case_id=case.pk, kind=found.code)
    return _document_render(request, case, found, status=400, resolve_form=(dissent.pk, form))
