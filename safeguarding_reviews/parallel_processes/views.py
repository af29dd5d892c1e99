"""The parallel-process register pages. Views parse input, load through policies and selectors, call one
service, render. Every GET records one read of the case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core.forms import (
    add_service_errors,
    rebound,
    save_or_conflict,
)

from . import services
from .forms import ConstraintForm, LiftForm, ProcessEditForm, ProcessForm
from .policies import RegisterAction, constraint_get, may, process_get, register_case_get
from .selectors import constraints_for_case, processes_for_case

CONFLICT = (
    "This process was changed in another window or by someone else while you were looking at it. "
    "Check it and save again."
)
FIELDS = ("kind", "status", "led_by", "reference", "started_on", "next_date", "concluded_on", "notes")


@login_required
@require_http_methods(["GET"])
def register(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = register_case_get(user=request.user, case_id=case_id, action=RegisterAction.VIEW)
    processes = list(processes_for_case(case))
    constraints = list(constraints_for_case(case))
    for process in processes:
        process.constraint_rows = [c for c in constraints if c.process_id == process.pk]  # type: ignore[attr-defined]
    case_record_view(actor=request.user, case=case, page="parallel_processes")
    may_write = may(request.user, RegisterAction.WRITE, case) and case.stage != Stage.CLOSED
    return render(
        request,
        "parallel_processes/register.html",
        {"case": case, "processes": processes, "may_write": may_write, "constraints": constraints},
    )


@login_required
@require_http_methods(["GET", "POST"])
def process_add(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = register_case_get(user=request.user, case_id=case_id, action=RegisterAction.WRITE)
    status = 200
    if request.method == "POST":
        form = ProcessForm(request.POST)
        if form.is_valid():
            try:
                services.parallel_process_add(actor=request.user, case=case, values=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, "Parallel process added")
                return redirect("parallel_processes:register", case_id=case.pk)
        else:
            status = 400
    else:
        form = ProcessForm()
    case_record_view(actor=request.user, case=case, page="parallel_process_add")
    context = {"case": case, "form": form, "process": None}
    return render(request, "parallel_processes/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def process_edit(request: AuthenticatedHttpRequest, case_id: UUID, process_id: int) -> HttpResponse:
    process = process_get(
        user=request.user, case_id=case_id, process_id=process_id, action=RegisterAction.WRITE
    )
    case = process.case
    status = 200
    if request.method == "POST":
        form = ProcessEditForm(request.POST)
        if form.is_valid():
            values = dict(form.cleaned_data)
            version = values.pop("version")
            attempt = save_or_conflict(
                lambda: services.parallel_process_update(
                    actor=request.user, process=process, expected_version=version, values=values
                ),
                form=form,
                on_conflict=rebound(ProcessEditForm, request.POST, CONFLICT),
            )
            if attempt.saved:
                messages.success(request, "Parallel process saved")
                return redirect("parallel_processes:register", case_id=case.pk)
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        form = ProcessEditForm(
            initial={**{name: getattr(process, name) for name in FIELDS}, "version": process.version}
        )
    case_record_view(actor=request.user, case=case, page="parallel_process_edit")
    context = {"case": case, "form": form, "process": process}
    return render(request, "parallel_processes/form.html", context, status=status)


def _saved(form: forms.Form, save: Callable[[dict[str, Any]], object]) -> bool:
    """Run one service from a bound form; bad input or the service's refusal go onto the form (False)."""
    if not form.is_valid():
        return False
    try:
        save(dict(form.cleaned_data))
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def constraint_add(request: AuthenticatedHttpRequest, case_id: UUID, process_id: int) -> HttpResponse:
    """Put a constraint on the local review from this process (what it blocks, and why)."""
    process = process_get(
        user=request.user, case_id=case_id, process_id=process_id, action=RegisterAction.WRITE
    )
    case = process.case
    form, status = ConstraintForm(), 200
    if request.method == "POST":
        form, status = ConstraintForm(request.POST), 400
        if _saved(
            form, lambda data: services.process_constraint_add(actor=request.user, process=process, **data)
        ):
            messages.success(request, "Constraint added")
            return redirect("parallel_processes:register", case_id=case.pk)
    case_record_view(actor=request.user, case=case, page="parallel_process_constraint_add")
    context = {"case": case, "form": form, "process": process}
    return render(request, "parallel_processes/constraint_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def constraint_lift(
    request: AuthenticatedHttpRequest, case_id: UUID, process_id: int, constraint_id: int
) -> HttpResponse:
    """Lift a constraint: the steps it blocked may go ahead."""
    constraint = constraint_get(
        user=request.user,
        case_id=case_id,
        process_id=process_id,
        constraint_id=constraint_id,
        action=RegisterAction.WRITE,
    )
    case = constraint.process.case
    form, status = LiftForm(), 200
    if request.method == "POST":
        form, status = LiftForm(request.POST), 400
        if _saved(
            form,
            lambda data: services.process_constraint_lift(actor=request.user, constraint=constraint, **data),
        ):
            messages.success(request, "Constraint lifted")
            return redirect("parallel_processes:register", case_id=case.pk)
    case_record_view(actor=request.user, case=case, page="parallel_process_constraint_lift")
    context = {"case": case, "form": form, "constraint": constraint, "process": constraint.process}
    return render(request, "parallel_processes/constraint_lift.html", context, status=status)
