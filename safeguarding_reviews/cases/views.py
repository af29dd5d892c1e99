"""Case pages. Views parse input, load through selectors, call one service, and render."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.accounts.selectors import user_get
from safeguarding_reviews.core.forms import rebound, save_or_conflict
from safeguarding_reviews.drafts.restore import take_draft
from safeguarding_reviews.organisations.selectors import (
    active_memberships,
    partnership_choices,
    partnership_get,
)

from . import services
from .forms import CaseCreateForm, CaseEditForm, CaseMemberAddForm, CaseShareForm
from .models import Case
from .policies import CaseAction, can, can_create_case_in, case_nav
from .selectors import case_get_for_user, case_members, case_membership_get, case_share_get, case_shares
from .stages import Stage


def _case_context(request: AuthenticatedHttpRequest, case: Case) -> dict[str, object]:
    return case_nav(request.user, case) | {"may_edit": can(request.user, CaseAction.EDIT, case)}


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    partnership_ids = can_create_case_in(request.user)
    if not partnership_ids:
        raise PermissionDenied
    choices = partnership_choices(within=partnership_ids)
    data = request.POST if request.method == "POST" else take_draft(request)
    form = CaseCreateForm(data, partnerships=choices)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        case = services.case_create(
            actor=request.user,
            partnership=partnership_get(cleaned["partnership"]),
            pseudonym=cleaned["pseudonym"],
            incident_date=cleaned["incident_date"],
            referral_received_on=cleaned["referral_received_on"],
            summary=cleaned["summary"],
            is_restricted=cleaned["is_restricted"],
        )
        messages.success(request, f"Case {case.reference} opened")
        return redirect("cases:detail", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/case_create.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id, action=CaseAction.EDIT)
    conflict = None
    status = 200
    if request.method == "POST":
        form = CaseEditForm(request.POST)
        if form.is_valid():
            cleaned = form.cleaned_data
            changes = {name: cleaned[name] for name in services.EDITABLE_FIELDS}
            attempt = save_or_conflict(
                lambda: services.case_update(
                    actor=request.user, case=case, expected_version=cleaned["version"], changes=changes
                ),
                form=form,
                on_conflict=rebound(
                    CaseEditForm,
                    request.POST,
                    "Someone else saved changes to this case while you were editing. Your answers are "
                    "below; check the differences and save again to keep yours.",
                ),
                service_errors=False,
            )
            if attempt.saved:
                messages.success(request, "Case details saved")
                return redirect("cases:detail", case_id=case.pk)
            if attempt.stale is not None:
                conflict = attempt.stale.changes_against(changes)
                case = attempt.stale.current  # type: ignore[assignment]
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        draft = take_draft(request)
        if draft is not None:
            form = CaseEditForm(draft)
        else:
            form = CaseEditForm(
                initial={name: getattr(case, name) for name in services.EDITABLE_FIELDS}
                | {"version": case.version}
            )
    context = _case_context(request, case) | {"form": form, "conflict": conflict}
    services.case_record_view(actor=request.user, case=case, page="case_edit")
    return render(request, "cases/case_edit.html", context, status=status)


def _people_choices(case: Case) -> list[tuple[int, str]]:
    memberships = active_memberships(case.lead_partnership)
    return [(m.user_id, f"{m.user.full_name} ({m.job_title or 'no job title'})") for m in memberships]


@login_required
@require_http_methods(["GET", "POST"])
def case_members_page(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id, action=CaseAction.MANAGE_MEMBERS)
    people = _people_choices(case)
    form = CaseMemberAddForm(request.POST or None, people=people)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.case_member_add(
                    actor=request.user,
                    case=case,
                    user=user_get(form.cleaned_data["user"]),
                    capacity=form.cleaned_data["capacity"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            else:
                messages.success(request, "Person added to the case")
                return redirect("cases:members", case_id=case.pk)
        else:
            status = 400
    context = _case_context(request, case) | {"form": form, "members": list(case_members(case=case))}
    services.case_record_view(actor=request.user, case=case, page="case_members")
    return render(request, "cases/case_members.html", context, status=status)


@login_required
@require_POST
def case_member_remove(request: AuthenticatedHttpRequest, case_id: UUID, membership_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id, action=CaseAction.MANAGE_MEMBERS)
    membership = case_membership_get(case=case, membership_id=membership_id)
    if membership is None:
        raise Http404
    services.case_member_remove(actor=request.user, case=case, membership=membership)
    messages.success(request, "Person removed from the case")
    return redirect("cases:members", case_id=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_sharing(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id, action=CaseAction.SHARE)
    choices = partnership_choices(excluding=case.lead_partnership_id)
    form = CaseShareForm(request.POST or None, partnerships=choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.case_share(
                    actor=request.user,
                    case=case,
                    partnership=partnership_get(form.cleaned_data["partnership"]),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            else:
                messages.success(request, "Case shared")
                return redirect("cases:sharing", case_id=case.pk)
        else:
            status = 400
    context = _case_context(request, case) | {"form": form, "shares": list(case_shares(case=case))}
    services.case_record_view(actor=request.user, case=case, page="case_sharing")
    return render(request, "cases/case_sharing.html", context, status=status)


@login_required
@require_POST
def case_share_end(request: AuthenticatedHttpRequest, case_id: UUID, share_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id, action=CaseAction.SHARE)
    share = case_share_get(case=case, share_id=share_id)
    if share is None:
        raise Http404
    services.case_share_end(actor=request.user, case=case, share=share)
    messages.success(request, "Sharing ended")
    return redirect("cases:sharing", case_id=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_reopen(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The business manager reopens a closed case at the stage it was closed from (confirm, then POST)."""
    case = case_get_for_user(user=request.user, case_id=case_id, action=CaseAction.MOVE_BACK)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            services.case_reopen(actor=request.user, case=case)
        except ValidationError as exc:
            errors, status = exc.messages, 400
        else:
            messages.success(request, "The case has been reopened")
            return redirect("cases:detail", case_id=case.pk)
    previous = services.case_stage_before_closing(case) if case.stage == Stage.CLOSED else None
    context = _case_context(request, case) | {
        "errors": errors,
        "previous_label": Stage(previous).label if previous else "",
    }
    services.case_record_view(actor=request.user, case=case, page="case_reopen")
    return render(request, "cases/case_reopen.html", context, status=status)
