"""The local review's pages: the task list, the plan's targets, the terms of reference and their versions and
agreement, the methodology and its agreement, the LCPC's progress reviews and contacts with the family. Views
parse input, load through policies and selectors, call one service, render. Every GET (and every page shown
again after a refused POST) records one read of the case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.clocks.selectors import deadline_for
from safeguarding_reviews.core.forms import rebound, save_or_conflict
from safeguarding_reviews.core.signals import answers
from safeguarding_reviews.core.throttle import job_rate_limit
from safeguarding_reviews.families.selectors import summary as family_summary
from safeguarding_reviews.final_reports.selectors import task_row as final_report_row
from safeguarding_reviews.parallel_processes.selectors import active_constraints_for_case
from safeguarding_reviews.practitioners.selectors import active_count as practitioner_count
from safeguarding_reviews.report_drafts.selectors import task_row as drafts_task_row
from safeguarding_reviews.reports.selectors import latest_document_generation, latest_documents
from safeguarding_reviews.reports.services import document_generation_request
from safeguarding_reviews.signoffs import signable
from safeguarding_reviews.signoffs.policies import SignOffAction
from safeguarding_reviews.signoffs.policies import may as may_signoff
from safeguarding_reviews.signoffs.selectors import DocumentSignOffState, document_signoff_state

from . import plan, selectors, services, signals
from .forms import (
    AgreementForm,
    FamilyContactForm,
    InformationAnswerForm,
    InformationDecisionForm,
    InformationRequestForm,
    MethodologyAgreementForm,
    MethodologyForm,
    ProgressReviewForm,
    ReviewMethodForm,
    StartLearningReviewForm,
    TargetForm,
    TermsForm,
)
from .information import row_label
from .models import LocalReview
from .policies import (
    LEARNING_REVIEW_STAGES,
    ReviewAction,
    information_request_get,
    is_recipient,
    may,
    may_manage_methods,
    methods_partnership_get,
    review_case_get,
    review_get,
)
from .steps import RowStatus, Step, methodology_status, refusal, step_status, terms_progress, terms_status
from .wiring import TERMS_BUILDER, TERMS_KIND

CONFLICT = (
    "This was changed in another window or by someone else while you were looking at it. "
    "Check it and save again."
)


def _submit(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    *,
    rebind: Callable[[Any], forms.Form] | None = None,
) -> tuple[Any, int, bool]:
    """Run one service from a bound form: (form, status, saved). Bad input and the service's own refusals
    are 400 with the typed data back; with `rebind` (versioned saves), a stale save is 409
    (core.forms.save_or_conflict)."""
    if not form.is_valid():
        return form, 400, False
    data = dict(form.cleaned_data)
    on_conflict = rebound(rebind, request.POST, CONFLICT) if rebind else _no_conflict
    attempt = save_or_conflict(lambda: save(data), form=form, on_conflict=on_conflict)
    return attempt.form, attempt.status, attempt.saved


def _no_conflict(exc: Exception) -> forms.Form:
    raise exc


def _may_write(request: AuthenticatedHttpRequest, review: LocalReview) -> bool:
    return may(request.user, ReviewAction.WRITE, review.case) and review.case.stage != "closed"


def _show(
    request: AuthenticatedHttpRequest,
    review: LocalReview,
    template: str,
    context: dict[str, Any],
    *,
    page: str,
    status: int = 200,
) -> HttpResponse:
    case_record_view(actor=request.user, case=review.case, page=page)
    return render(request, template, {"case": review.case, "review": review, **context}, status=status)


@login_required
@require_http_methods(["GET"])
def task_list(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The review's task list: the plan with RAG, each part's status, the active constraints and the steps
    they block. A case without a review says so (and a business manager may start a learning review)."""
    case = review_case_get(user=request.user, case_id=case_id, action=ReviewAction.VIEW)
    review = selectors.review_for_case(case)
    if review is None:
        case_record_view(actor=request.user, case=case, page="local_review")
        may_start = (
            may(request.user, ReviewAction.START_LEARNING_REVIEW, case)
            and case.stage in LEARNING_REVIEW_STAGES
        )
        return render(request, "local_reviews/none.html", {"case": case, "may_start": may_start})
    review.case = case
    targets = selectors.targets_of(review)
    terms = selectors.terms_current(review)
    methodology = selectors.methodology_of(review)
    constraints = list(active_constraints_for_case(case))
    blocks: dict[str, tuple[str, ...]] = {}
    for constraint in constraints:
        blocks[constraint.blocks] = (*blocks.get(constraint.blocks, ()), constraint.reason)
    state = selectors.review_state(
        review, targets=targets, terms=terms, methodology=methodology, blocks=blocks, load=False
    )
    signing = _terms_signing(request, case)
    state = replace(state, terms_signed=signing["signed_off"])
    achieved = {t.target for t in targets if t.achieved_on is not None}
    progress = list(selectors.progress_reviews_of(review)[:1])
    contacts = list(selectors.family_contacts_of(review)[:1])
    target_steps = {code.value: step for code, step in services.TARGET_STEPS.items()}
    rows = [
        replace(row, blocked=refusal(target_steps[row.target.target], state))
        if row.target.target in target_steps and row.target.achieved_on is None
        else row
        for row in selectors.target_rows(review, targets)
    ]
    steps = {
        "terms": terms_status(state),
        "terms_progress": terms_progress(state),
        "methodology": methodology_status(state),
        "progress": RowStatus.IN_PROGRESS if progress else RowStatus.NOT_STARTED,
        "family_contact": step_status(Step.FAMILY_CONTACT, state, done=bool(contacts)),
        "family_contact_refusal": refusal(Step.FAMILY_CONTACT, state),
        "practitioner_event": step_status(
            Step.PRACTITIONER_EVENT, state, done=plan.Target.PRACTITIONER_EVENT in achieved
        ),
    }
    reviewer = next(
        iter(answers(signals.reviewer_row, sender=LocalReview, case=case, user=request.user)), None
    )
    info_code, info_count = selectors.information_status(review)
    steps["information"] = info_code
    steps["information_label"] = row_label(info_code, info_count)
    context = {
        "targets": rows,
        "reviewer": reviewer,
        "terms": terms,
        "methodology": methodology,
        "constraints": constraints,
        "last_progress": progress[0] if progress else None,
        "last_contact": contacts[0] if contacts else None,
        "steps": steps,
        "publication_deadline": deadline_for(case, "lcspr_publication") if review.is_statutory else None,
        "may_write": _may_write(request, review),
        "signing": signing,
        "practitioner_count": practitioner_count(case),
        "family_summary": family_summary(case),
        "final_report": final_report_row(case),
        "drafts": drafts_task_row(case),
    }
    return _show(request, review, "local_reviews/task_list.html", context, page="local_review")


@login_required
@require_http_methods(["GET", "POST"])
def start(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """A business manager starts a local learning review for a case that did not go to an LCSPR."""
    case = review_case_get(user=request.user, case_id=case_id, action=ReviewAction.START_LEARNING_REVIEW)
    if selectors.review_for_case(case) is not None:
        return redirect("local_reviews:task_list", case_id=case.pk)
    form, status = StartLearningReviewForm(), 200
    if request.method == "POST":
        form, status, saved = _submit(
            request,
            StartLearningReviewForm(request.POST),
            lambda data: services.local_learning_review_start(actor=request.user, case=case, **data),
        )
        if saved:
            messages.success(request, "Local learning review started")
            return redirect("local_reviews:task_list", case_id=case.pk)
    case_record_view(actor=request.user, case=case, page="local_review_start")
    context = {"case": case, "form": form, "allowed_stage": case.stage in LEARNING_REVIEW_STAGES}
    return render(request, "local_reviews/start.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: AuthenticatedHttpRequest, case_id: UUID, target_id: int) -> HttpResponse:
    review = review_get(user=request.user, case_id=case_id, action=ReviewAction.WRITE)
    target = selectors.target_get(review, target_id)
    if target is None:
        raise Http404("No such target")
    target.review = review
    status = 200
    if request.method == "POST":
        form, status, saved = _submit(
            request,
            TargetForm(request.POST),
            lambda data: services.plan_target_update(
                actor=request.user,
                target=target,
                expected_version=data.pop("version"),
                **data,
            ),
            rebind=TargetForm,
        )
        if saved:
            messages.success(request, "Target saved")
            return redirect("local_reviews:task_list", case_id=review.case.pk)
    else:
        form = TargetForm(
            initial={"due_on": target.due_on, "achieved_on": target.achieved_on, "version": target.version}
        )
    label = plan.Target(target.target).label
    return _show(
        request,
        review,
        "local_reviews/target_form.html",
        {"form": form, "target": target, "label": label},
        page="local_review_target",
        status=status,
    )


def _terms_signing(request: AuthenticatedHttpRequest, case: Any) -> dict[str, Any]:
    """Where the three partners' signing of the current terms of reference stands, for the page and the task
    list: each partner's position, whether all three signed in agreement, and the sign page's link (to sign
    for the delegates, to view for the other readers). A fixed number of queries; records no read."""
    state: DocumentSignOffState = document_signoff_state(case=case, kind=signable.get(TERMS_KIND))
    may_view = may_signoff(request.user, SignOffAction.VIEW, case)
    return {
        "state": state,
        "rows": state.rows,
        "signed_off": state.current is not None and state.signed_off,
        "may_sign": may_signoff(request.user, SignOffAction.SIGN, case),
        "url": reverse("signoffs:document", kwargs={"case_id": case.pk, "kind": TERMS_KIND})
        if may_view
        else None,
    }


def _terms_export(request: AuthenticatedHttpRequest, review: LocalReview, terms: Any) -> dict[str, Any]:
    """The Word export of this version: the latest one made (readers download it), the latest request (a
    waiting or failed one links to its status page), and whether this user may make one."""
    if terms is None:
        return {}
    made = latest_documents(review.case, builder=TERMS_BUILDER, subject_ids=[terms.pk]).get(terms.pk)
    last = latest_document_generation(review.case, builder=TERMS_BUILDER, subject_id=terms.pk)
    return {"made": made, "last": last, "may_export": _may_write(request, review)}


def _terms_context(review: LocalReview, terms: Any) -> dict[str, Any]:
    names = selectors.agency_names(review.case)
    return {
        "terms": terms,
        "agencies": [
            names.get(pk, "An agency no longer active") for pk in (terms.agency_ids if terms else [])
        ],
        "agreed": selectors.terms_agreed(terms),
    }


@login_required
@require_http_methods(["GET"])
def terms(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The current terms of reference, their agreement, and every earlier version."""
    review = review_get(user=request.user, case_id=case_id, action=ReviewAction.VIEW)
    versions = selectors.terms_versions(review)
    current = versions[-1] if versions else None
    context = {
        **_terms_context(review, current),
        "versions": list(reversed(versions)),
        "may_write": _may_write(request, review),
        "is_current": True,
        "signing": _terms_signing(request, review.case),
        "export": _terms_export(request, review, current),
    }
    return _show(request, review, "local_reviews/terms.html", context, page="local_review_terms")


@login_required
@require_http_methods(["GET"])
def terms_version(request: AuthenticatedHttpRequest, case_id: UUID, number: int) -> HttpResponse:
    review = review_get(user=request.user, case_id=case_id, action=ReviewAction.VIEW)
    version = selectors.terms_version_get(review, number)
    if version is None:
        raise Http404("No such version")
    current = selectors.terms_current(review)
    is_current = current is not None and current.pk == version.pk
    context = {
        **_terms_context(review, version),
        "versions": [],
        "may_write": False,
        "is_current": is_current,
        "signing": _terms_signing(request, review.case) if is_current else None,
        "export": _terms_export(request, review, version),
    }
    return _show(request, review, "local_reviews/terms.html", context, page="local_review_terms_version")


@login_required
@require_http_methods(["POST"])
@job_rate_limit("terms_export")
def terms_export(request: AuthenticatedHttpRequest, case_id: UUID, number: int) -> HttpResponse:
    """Export one version of the terms of reference to Word (the business unit): queued on the task worker
    (reports.DocumentGeneration); the status page says when it can be downloaded."""
    review = review_get(user=request.user, case_id=case_id, action=ReviewAction.WRITE)
    version = selectors.terms_version_get(review, number)
    if version is None:
        raise Http404("No such version")
    generation = document_generation_request(
        user=request.user,
        case=review.case,
        kind=TERMS_KIND,
        subject_id=version.pk,
        subject_version=version.version,
        context_builder_name=TERMS_BUILDER,
    )
    return redirect("reports:document_generation_status", case_id=review.case.pk, job_id=generation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def terms_edit(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """Write the terms of reference: each save is a new version."""
    review = review_get(user=request.user, case_id=case_id, action=ReviewAction.WRITE)
    agencies = sorted(selectors.agency_names(review.case).items(), key=lambda item: item[1])
    status = 200

    def make(data: Any) -> TermsForm:
        return TermsForm(data, agencies=agencies)

    if request.method == "POST":
        form, status, saved = _submit(
            request,
            make(request.POST),
            lambda data: services.terms_save(
                actor=request.user, review=review, expected_version=data.pop("version"), **data
            ),
            rebind=make,
        )
        if saved:
            messages.success(request, "Terms of reference saved as a new version")
            return redirect("local_reviews:terms", case_id=review.case.pk)
    else:
        current = selectors.terms_current(review)
        initial: dict[str, Any] = {"version": current.version if current else 0}
        if current is not None:
            initial |= {
                "scope_from": current.scope_from,
                "scope_to": current.scope_to,
                "lines_of_enquiry": "\n".join(current.lines_of_enquiry),
                "agency_ids": current.agency_ids,
                "child_perspective": current.child_perspective,
                "family_context": current.family_context,
                "proportionality": current.proportionality,
            }
        form = TermsForm(initial=initial, agencies=agencies)
    return _show(
        request,
        review,
        "local_reviews/terms_form.html",
        {"form": form},
        page="local_review_terms_edit",
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def terms_agreement(request: AuthenticatedHttpRequest, case_id: UUID, number: int) -> HttpResponse:
    """Record the LCPC's agreement of one version of the terms of reference."""
    review = review_get(user=request.user, case_id=case_id, action=ReviewAction.WRITE)
    version = selectors.terms_version_get(review, number)
    if version is None:
        raise Http404("No such version")
    version.review = review
    form, status = AgreementForm(), 200
    if request.method == "POST":
        form, status, saved = _submit(
            request,
            AgreementForm(request.POST),
            lambda data: services.terms_agreement_record(actor=request.user, terms=version, **data),
        )
        if saved:
            messages.success(request, f"Version {version.version} recorded as agreed by the LCPC")
            return redirect("local_reviews:terms", case_id=review.case.pk)
    context = {"form": form, "terms": version, "what": f"version {version.version} of the terms of reference"}
    return _show(
        request,
        review,
        "local_reviews/agreement_form.html",
        context,
        page="local_review_terms_agreement",
        status=status,
    )


def _methods_url(request: AuthenticatedHttpRequest, review: LocalReview) -> str:
    """The review methods page, for the business manager who may change the list."""
    partnership = review.case.lead_partnership
    if not may_manage_methods(request.user, partnership):
        return ""
    return reverse("local_reviews:methods", kwargs={"slug": partnership.slug})


@login_required
@require_http_methods(["GET", "POST"])
def methodology(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """GET: the methodology and its agreement (and the form for the business unit). POST: save it."""
    action = ReviewAction.WRITE if request.method == "POST" else ReviewAction.VIEW
    review = review_get(user=request.user, case_id=case_id, action=action)
    current = selectors.methodology_of(review)
    may_write = _may_write(request, review)
    choices = (
        list(
            selectors.method_choices(review.case.lead_partnership_id, current.method_id if current else None)
        )
        if may_write
        else []
    )

    def make_form(data: Any = None, **kwargs: Any) -> MethodologyForm:
        return MethodologyForm(data, methods=choices, **kwargs)

    status = 200
    if request.method == "POST":
        form, status, saved = _submit(
            request,
            make_form(request.POST),
            lambda data: services.methodology_save(
                actor=request.user, review=review, expected_version=data.pop("version"), **data
            ),
            rebind=make_form,
        )
        if saved:
            messages.success(request, "Methodology saved")
            return redirect("local_reviews:methodology", case_id=review.case.pk)
    else:
        initial: dict[str, Any] = {"version": current.version if current else 0}
        if current is not None:
            initial |= {
                name: getattr(current, name)
                for name in ("other_description", "analysis_rationale", "participation_rationale")
            }
            initial["method"] = str(current.method_id)
        form = make_form(initial=initial)
    state = selectors.review_state(review, methodology=current)
    context = {
        "form": form,
        "methodology": current,
        "may_write": may_write,
        "methods": choices,
        "methods_url": _methods_url(request, review),
        "agreement_refusal": refusal(Step.METHODOLOGY_AGREEMENT, state),
    }
    return _show(
        request,
        review,
        "local_reviews/methodology.html",
        context,
        page="local_review_methodology",
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def methodology_agreement(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    review = review_get(user=request.user, case_id=case_id, action=ReviewAction.WRITE)
    current = selectors.methodology_of(review)
    if current is None:
        raise Http404("No methodology yet")
    current.review = review
    status = 200
    if request.method == "POST":
        form, status, saved = _submit(
            request,
            MethodologyAgreementForm(request.POST),
            lambda data: services.methodology_agreement_record(
                actor=request.user, methodology=current, expected_version=data.pop("version"), **data
            ),
            rebind=MethodologyAgreementForm,
        )
        if saved:
            messages.success(request, "Methodology recorded as agreed by the LCPC")
            return redirect("local_reviews:methodology", case_id=review.case.pk)
    else:
        form = MethodologyAgreementForm(initial={"version": current.version})
    context = {"form": form, "what": "the methodology"}
    return _show(
        request,
        review,
        "local_reviews/agreement_form.html",
        context,
        page="local_review_methodology_agreement",
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The LCPC's progress reviews (reg 14): the list, and for the business unit the form to record one."""
    action = ReviewAction.WRITE if request.method == "POST" else ReviewAction.VIEW
    review = review_get(user=request.user, case_id=case_id, action=action)
    form, status = ProgressReviewForm(), 200
    if request.method == "POST":
        form, status, saved = _submit(
            request,
            ProgressReviewForm(request.POST),
            lambda data: services.progress_review_record(actor=request.user, review=review, **data),
        )
        if saved:
            messages.success(request, "Progress review recorded")
            return redirect("local_reviews:progress", case_id=review.case.pk)
    labels = dict(plan.Target.choices)
    rows = [
        (row, [labels.get(code, code) for code in row.late_targets])
        for row in selectors.progress_reviews_of(review)
    ]
    context = {"form": form, "rows": rows, "may_write": _may_write(request, review)}
    return _show(
        request, review, "local_reviews/progress.html", context, page="local_review_progress", status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_contact(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """Contacts with the family for the review; refused (with the reason) while a constraint blocks them."""
    action = ReviewAction.WRITE if request.method == "POST" else ReviewAction.VIEW
    review = review_get(user=request.user, case_id=case_id, action=action)
    form, status = FamilyContactForm(), 200
    if request.method == "POST":
        form, status, saved = _submit(
            request,
            FamilyContactForm(request.POST),
            lambda data: services.local_review_record_family_contact(
                actor=request.user, review=review, **data
            ),
        )
        if saved:
            messages.success(request, "Contact with the family recorded")
            return redirect("local_reviews:family_contact", case_id=review.case.pk)
    context = {
        "form": form,
        "contacts": list(selectors.family_contacts_of(review)),
        "may_write": _may_write(request, review),
        "refusal": refusal(Step.FAMILY_CONTACT, selectors.review_state(review)),
    }
    return _show(
        request,
        review,
        "local_reviews/family_contact.html",
        context,
        page="local_review_family_contact",
        status=status,
    )


# Written requests for information or drafts.


def _send_form(review: LocalReview, data: Any = None) -> InformationRequestForm:
    case = review.case
    agencies = sorted(selectors.agency_names(case).items(), key=lambda item: item[1])
    names = dict(agencies)
    people = [
        (person.pk, f"{person.full_name} ({names.get(agency_id, 'agency')})")
        for person, agency_id in services.agency_people(case)
    ]
    people += [
        (person.pk, f"{person.full_name} (independent reviewer)") for person in services.reviewers_of(case)
    ]
    unique = list(dict(people).items())
    return InformationRequestForm(data, agencies=agencies, people=unique)


@login_required
@require_http_methods(["GET"])
def information_requests(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The review's written requests for information or drafts: recipient, due date, status and RAG."""
    review = review_get(user=request.user, case_id=case_id, action=ReviewAction.VIEW)
    context = {"rows": selectors.information_rows(review), "may_write": _may_write(request, review)}
    return _show(
        request, review, "local_reviews/information_requests.html", context, page="local_review_information"
    )


@login_required
@require_http_methods(["GET", "POST"])
def information_request_new(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """Send a request to a person at an agency (or invite one) or to the case's independent reviewer."""
    review = review_get(user=request.user, case_id=case_id, action=ReviewAction.WRITE)
    form, status = _send_form(review), 200
    if request.method == "POST":
        form, status, saved = _submit(
            request,
            _send_form(review, request.POST),
            lambda data: services.information_request_send(actor=request.user, review=review, **data),
        )
        if saved:
            messages.success(request, "Request sent")
            return redirect("local_reviews:information_requests", case_id=review.case.pk)
    return _show(
        request,
        review,
        "local_reviews/information_request_new.html",
        {"form": form},
        page="local_review_information_new",
        status=status,
    )


def _decide(request: AuthenticatedHttpRequest, req: Any, data: dict[str, Any]) -> object:
    decision, version = data["decision"], data["version"]
    if decision == "accept":
        return services.information_request_accept(actor=request.user, request=req, expected_version=version)
    if decision == "ask_again":
        return services.information_request_ask_again(
            actor=request.user,
            request=req,
            expected_version=version,
            asked_again=data["asked_again"],
            due_on=data["due_on"],
        )
    return services.information_request_withdraw(
        actor=request.user, request=req, expected_version=version, reason=data["reason"]
    )


@login_required
@require_http_methods(["GET", "POST"])
def information_request(request: AuthenticatedHttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    """One request. Its recipient (who sees only this request) answers it; the business unit accepts the
    answer, asks again or withdraws it; the review's readers read it."""
    req, business_unit = information_request_get(user=request.user, case_id=case_id, request_id=request_id)
    review = req.review
    recipient = is_recipient(request.user, req)
    may_answer = recipient and req.status in ("open", "asked_again")
    may_decide = (
        business_unit and req.case.stage != "closed" and req.status in ("open", "asked_again", "answered")
    )
    answer_form = InformationAnswerForm(initial={"version": req.version})
    decision_form = InformationDecisionForm(initial={"version": req.version})
    status = 200
    if request.method == "POST":
        if may_answer:
            answer_form, status, saved = _submit(
                request,
                InformationAnswerForm(request.POST, request.FILES),
                lambda data: services.information_request_answer(
                    actor=request.user,
                    request=req,
                    expected_version=data["version"],
                    answer=data["answer"],
                    uploaded_file=data.get("document"),
                ),
                rebind=lambda post: InformationAnswerForm(post, request.FILES),
            )
            if saved:
                messages.success(request, "Answer sent")
                return redirect("local_reviews:information_request", case_id=req.case_id, request_id=req.pk)
        elif may_decide:
            decision_form, status, saved = _submit(
                request,
                InformationDecisionForm(request.POST),
                lambda data: _decide(request, req, data),
                rebind=InformationDecisionForm,
            )
            if saved:
                messages.success(request, "Request updated")
                return redirect("local_reviews:information_requests", case_id=req.case_id)
        elif recipient:
            raise PermissionDenied  # already answered: it cannot be answered twice
        elif business_unit:
            return _information_refused(request, req, "This request is closed")
        else:
            raise PermissionDenied
    context = {
        "case": req.case,
        "review": review,
        "req": req,
        "recipient_label": selectors.recipient_label(req),
        "is_recipient": recipient,
        "business_unit": business_unit,
        "may_answer": may_answer,
        "may_decide": may_decide,
        "answer_form": answer_form,
        "decision_form": decision_form,
        "form": answer_form if may_answer else decision_form,
    }
    case_record_view(actor=request.user, case=req.case, page="local_review_information_request")
    return render(request, "local_reviews/information_request.html", context, status=status)


def _information_refused(request: AuthenticatedHttpRequest, req: Any, message: str) -> HttpResponse:
    form = InformationDecisionForm(request.POST)
    form.is_valid()
    form.add_error(None, ValidationError(message))
    case_record_view(actor=request.user, case=req.case, page="local_review_information_request")
    context = {
        "case": req.case,
        "review": req.review,
        "req": req,
        "recipient_label": selectors.recipient_label(req),
        "business_unit": True,
        "decision_form": form,
        "form": form,
    }
    return render(request, "local_reviews/information_request.html", context, status=400)


# The managed list of review methods (issue 13 item 6): the partnership's business manager's page.


def _methods_page(
    request: AuthenticatedHttpRequest,
    partnership: Any,
    *,
    form: ReviewMethodForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    listed = selectors.methods_listed(partnership.pk)
    context = {
        "partnership": partnership,
        "national": [m for m in listed if m.partnership_id is None],
        "own": [m for m in listed if m.partnership_id is not None],
        "form": form or ReviewMethodForm(),
        # A refused retire or reinstate: the error summary's (link, message) pairs (no field to link to).
        "error_targets": [("", message) for message in errors or []],
    }
    return render(request, "local_reviews/methods.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def methods(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """GET: the national list (read-only, with its sources) and the partnership's own methods. POST: add one
    of its own."""
    partnership = methods_partnership_get(user=request.user, slug=slug)
    if request.method == "GET":
        return _methods_page(request, partnership)
    form, status, saved = _submit(
        request,
        ReviewMethodForm(request.POST),
        lambda data: services.review_method_add(actor=request.user, partnership=partnership, **data),
    )
    if saved:
        messages.success(request, f"{form.cleaned_data['label']} added to your partnership's methods")
        return redirect("local_reviews:methods", slug=partnership.slug)
    return _methods_page(request, partnership, form=form, status=status)


def _method_change(
    request: AuthenticatedHttpRequest, slug: str, method_id: int, *, retire: bool
) -> HttpResponse:
    partnership = methods_partnership_get(user=request.user, slug=slug)
    method = selectors.listed_method(partnership.pk, method_id)
    if method is None:
        raise Http404("No such method on your partnership's list")
    change = services.review_method_retire if retire else services.review_method_reinstate
    try:
        change(actor=request.user, method=method)
    except ValidationError as exc:
        return _methods_page(request, partnership, errors=exc.messages, status=400)
    messages.success(request, f"{method.label} {'retired' if retire else 'reinstated'}")
    return redirect("local_reviews:methods", slug=partnership.slug)


@login_required
@require_http_methods(["POST"])
def method_retire(request: AuthenticatedHttpRequest, slug: str, method_id: int) -> HttpResponse:
    """Retire one of the partnership's own methods (never deleted; old methodologies keep it)."""
    return _method_change(request, slug, method_id, retire=True)


@login_required
@require_http_methods(["POST"])
def method_reinstate(request: AuthenticatedHttpRequest, slug: str, method_id: int) -> HttpResponse:
    """Put a retired method of the partnership's own back on its list."""
    return _method_change(request, slug, method_id, retire=False)
