"""Clock pages. Views parse input, load through selectors and policies, call one service and render."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.policies import CaseAction, can, case_nav
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core.forms import (
    add_service_errors,
    rebound,
    save_or_conflict,
)
from safeguarding_reviews.drafts.restore import take_draft
from safeguarding_reviews.organisations.policies import partnership_get_for_manager

from . import services
from .forms import (
    AdjustmentDecisionForm,
    AdjustmentRequestForm,
    ClockSettingsForm,
    DelayReasonForm,
    RebaseForm,
)
from .models import AdjustmentStatus
from .policies import may_decide, may_decide_adjustments, may_rebase, may_run_clocks
from .selectors import (
    adjustment_get,
    adjustments_for_case,
    clock_settings_for,
    deadline_get,
    deadline_moves_for_case,
    deadlines_for_case,
    milestones_for_case,
    rule_set_get,
    rule_sets,
)


def _case_context(request: AuthenticatedHttpRequest, case: Any) -> dict[str, Any]:
    user = request.user
    return case_nav(user, case) | {
        "may_edit": can(user, CaseAction.EDIT, case),
        "may_run_clocks": may_run_clocks(user, case),
        "may_decide": may_decide_adjustments(user, case),
        "may_rebase": may_rebase(user, case),
    }


def _runner_case(request: AuthenticatedHttpRequest, case_id: UUID) -> Any:
    case = case_get_for_user(user=request.user, case_id=case_id)
    if not may_run_clocks(request.user, case):
        raise PermissionDenied
    return case


def _deadline(case: Any, deadline_id: int) -> Any:
    deadline = deadline_get(case, deadline_id)
    if deadline is None:
        raise Http404
    return deadline


@login_required
@require_GET
def case_clocks(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    context = _case_context(request, case)
    context["deadlines"] = deadlines_for_case(case)
    context["milestones"] = milestones_for_case(case)
    context["pending"] = [a for a in adjustments_for_case(case) if a.status == AdjustmentStatus.PENDING]
    context["adjustments"] = adjustments_for_case(case) if context["may_run_clocks"] else []
    context["moves"] = deadline_moves_for_case(case)
    case_record_view(actor=request.user, case=case, page="case_clocks")
    return render(request, "clocks/case_clocks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delay_reason(request: AuthenticatedHttpRequest, case_id: UUID, deadline_id: int) -> HttpResponse:
    case = _runner_case(request, case_id)
    deadline = _deadline(case, deadline_id)
    status, conflict = 200, False
    if request.method == "POST":
        form = DelayReasonForm(request.POST)
        status = 400
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.deadline_delay_reason_record(
                    actor=request.user,
                    case=case,
                    deadline=deadline,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                ),
                form=form,
                on_conflict=rebound(
                    DelayReasonForm,
                    request.POST,
                    "Someone else saved a reason for this delay while you were writing. Their reason is "
                    "shown below; yours is still in the box. Save again to replace theirs.",
                ),
            )
            if attempt.saved:
                messages.success(request, "Reason for the delay saved")
                return redirect("clocks:case_clocks", case_id=case.pk)
            if attempt.stale is not None:
                conflict = True
                deadline = _deadline(case, deadline_id)
            form, status = attempt.form, attempt.status
    else:
        form = DelayReasonForm(
            take_draft(request) or None,
            initial={"reason": deadline.delay_reason, "version": deadline.version},
        )
    context = _case_context(request, case) | {"form": form, "deadline": deadline, "conflict": conflict}
    case_record_view(actor=request.user, case=case, page="clock_delay_reason")
    return render(request, "clocks/delay_reason.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def pause_request(request: AuthenticatedHttpRequest, case_id: UUID, deadline_id: int) -> HttpResponse:
    case = _runner_case(request, case_id)
    deadline = _deadline(case, deadline_id)
    status = 200
    needs_panel = deadline.rule.extension_needs_panel_agreement
    if request.method == "POST":
        form = AdjustmentRequestForm(request.POST, needs_panel=needs_panel)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.deadline_adjustment_request(
                    actor=request.user,
                    case=case,
                    deadline=deadline,
                    kind=data["kind"],
                    reason=data["reason"],
                    new_due_on=data["new_due_on"],
                    panel_agreed_on=data.get("panel_agreed_on"),
                    panel_agreed_by=data.get("panel_agreed_by", ""),
                    panel_reference=data.get("panel_reference", ""),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, "Request sent. A business manager who did not make it must approve it."
                )
                return redirect("clocks:case_clocks", case_id=case.pk)
    else:
        form = AdjustmentRequestForm(take_draft(request), needs_panel=needs_panel)
    context = _case_context(request, case) | {"form": form, "deadline": deadline}
    case_record_view(actor=request.user, case=case, page="clock_pause_request")
    return render(request, "clocks/pause_request.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def pause_decide(request: AuthenticatedHttpRequest, case_id: UUID, adjustment_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    adjustment = adjustment_get(case, adjustment_id)
    if adjustment is None:
        raise Http404
    if not may_decide(request.user, adjustment, case):
        if may_decide_adjustments(request.user, case):
            return render(
                request,
                "clocks/refused.html",
                {
                    "title": "Someone else must decide this request",
                    "message": "You asked for this pause or extension, so another business manager "
                    "must approve or refuse it.",
                },
                status=403,
            )
        raise PermissionDenied
    status = 200
    form = AdjustmentDecisionForm(request.POST or None)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.deadline_adjustment_decide(
                    actor=request.user,
                    case=case,
                    adjustment=adjustment,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Decision recorded")
                return redirect("clocks:case_clocks", case_id=case.pk)
    deadline = deadline_get(case, adjustment.deadline_id)
    context = _case_context(request, case) | {"form": form, "adjustment": adjustment, "deadline": deadline}
    case_record_view(actor=request.user, case=case, page="clock_pause_decide")
    return render(request, "clocks/pause_decide.html", context, status=status)


@login_required
@require_POST
def pause_resume(request: AuthenticatedHttpRequest, case_id: UUID, deadline_id: int) -> HttpResponse:
    case = _runner_case(request, case_id)
    deadline = _deadline(case, deadline_id)
    try:
        deadline = services.deadline_resume(actor=request.user, case=case, deadline=deadline)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("clocks:case_clocks", case_id=case.pk)
    messages.success(request, f"Clock restarted. It is now due on {deadline.due_on:%-d %B %Y}.")
    return redirect("clocks:case_clocks", case_id=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def rebase(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    if not may_rebase(request.user, case):
        raise PermissionDenied
    sets = list(rule_sets())
    choices = [(s.pk, f"{s.name} (version {s.version})") for s in sets]
    form = RebaseForm(request.POST or None, rule_sets=choices, initial={"rule_set": case.rule_set_id})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.case_rebase(
                    actor=request.user,
                    case=case,
                    rule_set=rule_set_get(form.cleaned_data["rule_set"]),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Case re-based. Any moved dates are shown on the case timeline.")
                return redirect("clocks:case_clocks", case_id=case.pk)
    context = _case_context(request, case) | {"form": form, "rule_sets": sets}
    case_record_view(actor=request.user, case=case, page="clock_rebase")
    return render(request, "clocks/rebase.html", context, status=status)


SETTING_FIELDS = (
    "rapid_review_start_event",
    "agency_return_working_days",
    "reminder_lead_working_days",
    "chronology_silence_days",
    "print_marking",
)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_get_for_manager(request.user, slug)
    current = clock_settings_for(partnership)
    status, conflict = 200, None
    if request.method == "POST":
        form = ClockSettingsForm(request.POST)
        status = 400
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in SETTING_FIELDS}
            attempt = save_or_conflict(
                lambda: services.clock_settings_update(
                    actor=request.user,
                    partnership=partnership,
                    expected_version=form.cleaned_data["version"],
                    changes=changes,
                ),
                form=form,
                on_conflict=rebound(
                    ClockSettingsForm,
                    request.POST,
                    "Someone else changed these settings while you were editing. Check the differences "
                    "and save again to keep yours.",
                ),
                service_errors=False,
            )
            if attempt.saved:
                messages.success(
                    request, "Clock settings saved. They apply to clocks that start from now on."
                )
                return redirect("clocks:settings", slug=partnership.slug)
            if attempt.stale is not None:
                conflict = attempt.stale.changes_against(changes)
            form, status = attempt.form, attempt.status
    else:
        draft = take_draft(request)
        form = ClockSettingsForm(
            draft,
            initial={name: getattr(current, name) for name in SETTING_FIELDS} | {"version": current.version},
        )
    return render(
        request,
        "clocks/settings.html",
        {"partnership": partnership, "form": form, "conflict": conflict, "rule_sets": list(rule_sets())},
        status=status,
    )
