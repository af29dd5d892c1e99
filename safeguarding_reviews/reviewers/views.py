"""The independent reviewer's pages (appointment, declaration, decision, commission, identity grant) and the
review committee's page. Views parse input, load through policies and selectors, call one service, render.
Every GET records one read of the case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.core.forms import add_service_errors, rebound, save_or_conflict

from . import rules, selectors, services
from .forms import (
    AppointForm,
    CommentForm,
    CommissionForm,
    DecisionForm,
    DeclarationForm,
    IdentityGrantForm,
    IdentityRevokeForm,
)
from .policies import (
    CommitteeAction,
    ReviewerAction,
    committee_case_get,
    is_listed,
    may_committee,
    may_reviewers,
    own_appointment_get,
    reviewers_case_get,
)

if TYPE_CHECKING:
    from safeguarding_reviews.cases.models import Case

CONFLICT = (
    "The commission was changed in another window or by someone else while you were looking at it. "
    "Check it and save again."
)


def _user_from(user_id: int | None) -> Any:
    if user_id in (None, ""):
        return None
    user = selectors.active_user(user_id)
    if user is None:
        raise ValidationError({"user": "Choose a reviewer from the list"})
    return user


def _reviewer_context(request: AuthenticatedHttpRequest, case: Case) -> dict[str, Any]:
    accepted = selectors.accepted_appointment(case)
    appointments = selectors.appointments_for_case(case)
    return {
        "case": case,
        "appointments": appointments,
        "accepted": accepted,
        "commission": selectors.commission_for_case(case),
        "identity_grant": selectors.identity_grant_for(case, accepted.user_id)
        if accepted and accepted.user_id
        else None,
        "may_manage": may_reviewers(request.user, ReviewerAction.MANAGE, case),
        "cannot_appoint": rules.may_appoint(
            has_local_review=selectors.has_local_review(case),
            active_states=[rules.State(a.state) for a in appointments],
        ),
    }


@login_required
@require_http_methods(["GET"])
def case_reviewer(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = reviewers_case_get(user=request.user, case_id=case_id, action=ReviewerAction.VIEW)
    context = _reviewer_context(request, case)
    case_services.case_record_view(actor=request.user, case=case, page="reviewer")
    return render(request, "reviewers/case_reviewer.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def appoint(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = reviewers_case_get(user=request.user, case_id=case_id, action=ReviewerAction.MANAGE)
    people = selectors.possible_reviewers(case)
    form = AppointForm(request.POST if request.method == "POST" else None, people=people)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.reviewer_appoint(
                    actor=request.user,
                    case=case,
                    user=_user_from(data.get("user")),
                    new_name=data.get("new_name") or "",
                    new_email=data.get("new_email") or "",
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, "Reviewer appointed. They must complete their independence declaration."
                )
                return redirect("reviewers:case_reviewer", case_id=case.pk)
    case_services.case_record_view(actor=request.user, case=case, page="reviewer_appoint")
    cannot = rules.may_appoint(
        has_local_review=selectors.has_local_review(case),
        active_states=[rules.State(a.state) for a in selectors.appointments_for_case(case)],
    )
    context = {"case": case, "form": form, "cannot_appoint": cannot}
    return render(request, "reviewers/appoint.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def declaration(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The appointed reviewer's independence and conflicts declaration, with the names they need to answer."""
    appointment = own_appointment_get(user=request.user, case_id=case_id)
    seen = rules.reviewer_sees(rules.State(appointment.state), identity_granted=False)
    status = 200
    form = None
    if rules.may_declare(rules.State(appointment.state)):
        bound = DeclarationForm(
            request.POST if request.method == "POST" else None, initial={"version": appointment.version}
        )
        form = bound
        if request.method == "POST":
            status = 400
            if bound.is_valid():
                attempt = save_or_conflict(
                    lambda: services.declaration_submit(
                        actor=request.user,
                        appointment=appointment,
                        expected_version=bound.cleaned_data["version"],
                        answers=bound.answers(),
                    ),
                    form=bound,
                    on_conflict=rebound(DeclarationForm, request.POST, "Your declaration changed: check it."),
                )
                if attempt.saved:
                    messages.success(request, "Declaration sent to the business manager")
                    return redirect("reviewers:declaration", case_id=appointment.case_id)
                form, status = attempt.form, attempt.status
    elif request.method == "POST":
        status = 400
    names_shown = rules.Sees.FAMILY_NAMES in seen
    people = selectors.declaration_people(appointment.case) if names_shown else []
    practitioners = selectors.declaration_practitioners(appointment.case) if names_shown else []
    services.declaration_record_view(
        actor=request.user,
        appointment=appointment,
        subject_ids=[s.pk for s, i in people if i is not None],
        practitioner_ids=[p.pk for p, i in practitioners if i is not None],
    )
    context = {
        "appointment": appointment,
        "case_reference": appointment.case.reference,
        "form": form,
        "people": people,
        "practitioners": practitioners,
        "agencies": selectors.agencies_involved(appointment.case) if people or practitioners or form else [],
        "questions": [
            (q, getattr(appointment, key), getattr(appointment, f"{key}_details"))
            for key, q in rules.QUESTIONS
        ],
        "sees_case": rules.Sees.CASE in seen,
    }
    return render(request, "reviewers/declaration.html", context, status=status)


def _decision_appointment(case: Case, appointment_id: int) -> Any:
    appointment = selectors.appointment_for_case(case, appointment_id)
    if appointment is None:
        raise Http404("No appointment found")
    return appointment


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: AuthenticatedHttpRequest, case_id: UUID, appointment_id: int) -> HttpResponse:
    case = reviewers_case_get(user=request.user, case_id=case_id, action=ReviewerAction.MANAGE)
    appointment = _decision_appointment(case, appointment_id)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            try:
                services.declaration_decide(
                    actor=request.user,
                    case=case,
                    appointment=appointment,
                    accept=accept,
                    reason=form.cleaned_data.get("reason") or "",
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Reviewer accepted" if accept else "Reviewer refused")
                return redirect("reviewers:case_reviewer", case_id=case.pk)
    case_services.case_record_view(actor=request.user, case=case, page="reviewer_decide")
    context = {
        "case": case,
        "appointment": appointment,
        "form": form,
        "may_decide": rules.may_decide(rules.State(appointment.state)),
        "questions": [
            (q, getattr(appointment, key), getattr(appointment, f"{key}_details"))
            for key, q in rules.QUESTIONS
        ],
    }
    return render(request, "reviewers/decide.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def commission(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = reviewers_case_get(user=request.user, case_id=case_id, action=ReviewerAction.MANAGE)
    current = selectors.commission_for_case(case)
    status = 200
    if request.method == "POST":
        form = CommissionForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            attempt = save_or_conflict(
                lambda: services.commission_save(
                    actor=request.user,
                    case=case,
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    deliverables=data["deliverables"],
                    expected_version=data.get("version"),
                ),
                form=form,
                on_conflict=rebound(CommissionForm, request.POST, CONFLICT),
            )
            if attempt.saved:
                messages.success(request, "Commission saved")
                return redirect("reviewers:case_reviewer", case_id=case.pk)
            form, status = attempt.form, attempt.status
    elif current is not None:
        form = CommissionForm(
            initial={
                "start_date": current.start_date,
                "end_date": current.end_date,
                "deliverables": current.deliverables,
                "version": current.version,
            }
        )
    else:
        form = CommissionForm()
    case_services.case_record_view(actor=request.user, case=case, page="reviewer_commission")
    context = {"case": case, "form": form, "accepted": selectors.accepted_appointment(case)}
    return render(request, "reviewers/commission.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def identity_grant(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = reviewers_case_get(user=request.user, case_id=case_id, action=ReviewerAction.MANAGE)
    form = IdentityGrantForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.reviewer_identity_grant(
                    actor=request.user, case=case, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "The reviewer now sees identity details")
                return redirect("reviewers:case_reviewer", case_id=case.pk)
    case_services.case_record_view(actor=request.user, case=case, page="reviewer_identity")
    accepted = selectors.accepted_appointment(case)
    context = {
        "case": case,
        "form": form,
        "accepted": accepted,
        "grant": selectors.identity_grant_for(case, accepted.user_id)
        if accepted and accepted.user_id
        else None,
    }
    return render(request, "reviewers/identity.html", context, status=status)


@login_required
@require_http_methods(["POST"])
def identity_revoke(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = reviewers_case_get(user=request.user, case_id=case_id, action=ReviewerAction.MANAGE)
    form = IdentityRevokeForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        services.reviewer_identity_revoke(actor=request.user, case=case, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The reviewer no longer sees identity details")
    return redirect("reviewers:case_reviewer", case_id=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def committee(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The review on the committee's list: whether it is listed, and the comment thread."""
    action = CommitteeAction.COMMENT if request.method == "POST" else CommitteeAction.VIEW
    case = committee_case_get(user=request.user, case_id=case_id, action=action)
    listed = is_listed(case)
    form = CommentForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.committee_comment_add(actor=request.user, case=case, text=form.cleaned_data["text"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Comment added")
                return redirect("reviewers:committee", case_id=case.pk)
    case_services.case_record_view(actor=request.user, case=case, page="committee")
    context = {
        "case": case,
        "listed": listed,
        "comments": selectors.committee_comments(case),
        "form": form,
        "may_list": may_committee(request.user, CommitteeAction.LIST, case),
    }
    return render(request, "reviewers/committee.html", context, status=status)


@login_required
@require_http_methods(["POST"])
def committee_list(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = committee_case_get(user=request.user, case_id=case_id, action=CommitteeAction.LIST)
    try:
        case_services.committee_listing_add(actor=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Review added to the committee's list")
    return redirect("reviewers:committee", case_id=case.pk)


@login_required
@require_http_methods(["POST"])
def committee_unlist(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = committee_case_get(user=request.user, case_id=case_id, action=CommitteeAction.LIST)
    try:
        case_services.committee_listing_remove(actor=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Review removed from the committee's list")
    return redirect("reviewers:committee", case_id=case.pk)
