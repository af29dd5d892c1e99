"""The case's practitioners register: agency and role for everyone who may see the case, names for those who
may see identity details (each showing audited). Views parse input, load through policies and selectors, call
one service, render. Every GET records one read of the case."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.policies import case_nav
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core.forms import (
    add_service_errors,
    rebind_after_conflict,
    rebound,
    save_or_conflict,
)
from safeguarding_reviews.drafts.restore import take_draft

from . import rules, selectors, services
from .forms import PractitionerEditForm, PractitionerForm, PractitionerRemoveForm, initial_for
from .policies import may_manage_practitioners, may_see_practitioner_names, register_case_get

CONFLICT = (
    "Someone else saved changes to this practitioner while you were editing. Your answers are below; check "
    "the differences and save again to keep yours."
)
REMOVE_CONFLICT = (
    "Someone else changed this practitioner while you were looking. Check them and confirm again."
)
GONE = "Someone else removed this practitioner while you were editing"


@login_required
@require_http_methods(["GET"])
def register(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = register_case_get(user=request.user, case_id=case_id)
    current = selectors.case_practitioners(case)
    removed = selectors.case_practitioners(case, removed=True)
    names = selectors.names_for(request.user, case)
    context = case_nav(request.user, case) | {
        "rows": [(p, names.get(p.pk), rules.period_text(p.involved_from, p.involved_to)) for p in current],
        "removed": [(p, names.get(p.pk)) for p in removed],
        "may_see_names": may_see_practitioner_names(request.user, case),
        "shows_names": any(p.pk in names for p in [*current, *removed]),
        "may_manage": may_manage_practitioners(request.user, case),
    }
    case_record_view(actor=request.user, case=case, page="practitioners")
    services.practitioner_names_record_view(
        actor=request.user,
        case=case,
        practitioner_ids=[p.pk for p in [*current, *removed] if p.pk in names],
        page="practitioners",
    )
    return render(request, "practitioners/register.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def add(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = register_case_get(user=request.user, case_id=case_id, manage=True)
    data = request.POST if request.method == "POST" else take_draft(request)
    form = PractitionerForm(data, agencies=selectors.agency_choices(case))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.practitioner_add(
                    actor=request.user,
                    case=case,
                    **form.practitioner_values(),
                    **form.identity_values(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Practitioner added")
                return redirect("practitioners:register", case_id=case.pk)
    case_record_view(actor=request.user, case=case, page="practitioner_add")
    context = case_nav(request.user, case) | {"form": form}
    return render(request, "practitioners/form.html", context, status=status)


def _practitioner(case: Any, practitioner_id: int) -> Any:
    practitioner = selectors.practitioner_get(case, practitioner_id)
    if practitioner is None:
        raise Http404("No practitioner found")
    return practitioner


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, case_id: UUID, practitioner_id: int) -> HttpResponse:
    case = register_case_get(user=request.user, case_id=case_id, manage=True)
    practitioner = _practitioner(case, practitioner_id)
    agencies = selectors.agency_choices(case, keep=practitioner.agency)
    conflict = None
    status = 200
    shown = False
    if request.method == "POST":
        form = PractitionerEditForm(request.POST, agencies=agencies)
        status = 400
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.practitioner_update(
                    actor=request.user,
                    case=case,
                    practitioner=practitioner,
                    expected_version=form.cleaned_data["version"],
                    changes=form.practitioner_values(),
                    identity_changes=form.identity_values(),
                ),
                form=form,
                on_conflict=rebound(
                    lambda data: PractitionerEditForm(data, agencies=agencies), request.POST, CONFLICT
                ),
            )
            if attempt.saved:
                messages.success(request, "Practitioner's details saved")
                return redirect("practitioners:register", case_id=case.pk)
            if attempt.stale is not None:
                current = attempt.stale.current
                if getattr(current, "is_removed", False):
                    messages.error(request, GONE)
                    return redirect("practitioners:register", case_id=case.pk)
                conflict = _differences(form, current, selectors.identity_of(current.pk), dict(agencies))
                shown = True
            form, status = attempt.form, attempt.status
    elif (draft := take_draft(request)) is not None:
        form = PractitionerEditForm(draft, agencies=agencies)  # answers kept when the session ran out
    else:
        form = PractitionerEditForm(
            initial=initial_for(practitioner, selectors.identity_of(practitioner.pk)), agencies=agencies
        )
        shown = True
    context = case_nav(request.user, case) | {
        "form": form,
        "practitioner": practitioner,
        "conflict": conflict,
    }
    case_record_view(actor=request.user, case=case, page="practitioner_edit")
    if shown:
        services.practitioner_names_record_view(
            actor=request.user, case=case, practitioner_ids=[practitioner.pk], page="practitioner_edit"
        )
    return render(request, "practitioners/form.html", context, status=status)


def _differences(
    form: PractitionerEditForm, current: Any, identity: Any, agency_names: dict[int, str]
) -> list[dict[str, Any]]:
    """What the other person saved that differs from what this user typed, field by field."""
    changes = []
    for name, yours in form.cleaned_data.items():
        if name == "version":
            continue
        if name == "agency":
            theirs: Any = agency_names.get(current.agency_id, "")
            yours = agency_names.get(yours, "")
        elif name in ("full_name", "work_email"):
            theirs = getattr(identity, name, "") if identity is not None else ""
        else:
            theirs = getattr(current, name)
        if (theirs or None) != (yours or None):
            changes.append({"label": form.fields[name].label, "theirs": theirs, "yours": yours})
    return changes


@login_required
@require_http_methods(["GET", "POST"])
def remove(request: AuthenticatedHttpRequest, case_id: UUID, practitioner_id: int) -> HttpResponse:
    case = register_case_get(user=request.user, case_id=case_id, manage=True)
    practitioner = _practitioner(case, practitioner_id)
    status = 200
    if request.method == "POST":
        form = PractitionerRemoveForm(request.POST)
        status = 400
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.practitioner_remove(
                    actor=request.user,
                    case=case,
                    practitioner=practitioner,
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                ),
                form=form,
                on_conflict=lambda exc: rebind_after_conflict(
                    PractitionerRemoveForm, request.POST, version=exc.current.version, message=REMOVE_CONFLICT
                ),
            )
            if attempt.saved:
                messages.success(request, "Practitioner removed")
                return redirect("practitioners:register", case_id=case.pk)
            form, status = attempt.form, attempt.status
            if attempt.stale is not None:
                practitioner = _practitioner(case, practitioner_id)
    else:
        form = PractitionerRemoveForm(initial={"version": practitioner.version})
    identity = selectors.identity_of(practitioner.pk)
    context = case_nav(request.user, case) | {
        "form": form,
        "practitioner": practitioner,
        "identity": identity,
        "period": rules.period_text(practitioner.involved_from, practitioner.involved_to),
    }
    case_record_view(actor=request.user, case=case, page="practitioner_remove")
    if identity is not None:
        services.practitioner_names_record_view(
            actor=request.user, case=case, practitioner_ids=[practitioner.pk], page="practitioner_remove"
        )
    return render(request, "practitioners/remove.html", context, status=status)
