"""Case action list pages. Views parse input, load through policies and selectors, call one service, render.
Every GET records one read of the case."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import (
    rebound,
    save_or_conflict,
)

from . import services
from .forms import ActionStatusForm, ActionUpdateForm
from .models import CaseAction

if TYPE_CHECKING:
    from safeguarding_reviews.cases.models import Case
from .policies import Access, ActionPermission, action_get, actions_case_get
from .selectors import action_updates, actions_for_case

CONFLICT = (
    "This action was changed in another window or by someone else while you were looking at it. "
    "Check its updates and save again."
)


@login_required
@require_http_methods(["GET"])
def actions_list(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case, access = actions_case_get(user=request.user, case_id=case_id)
    actions = list(actions_for_case(case, agency_ids=None if access.reads_all else access.agency_ids))
    case_record_view(actor=request.user, case=case, page="case_actions")
    return render(
        request,
        "actions/list.html",
        {"case": case, "actions": actions, "reads_all": access.reads_all, "today": clock.today()},
    )


def _case_of(action: CaseAction) -> Case:
    """The case action_get loaded the action through (its pages are a case's, so it always has one)."""
    assert action.case is not None
    return action.case


def _detail_context(action: CaseAction, access: Access) -> dict[str, Any]:
    return {
        "case": action.case,
        "action": action,
        "updates": list(action_updates(action)),
        "may_update": access.may(ActionPermission.UPDATE, action),
        "may_set_status": access.may(ActionPermission.SET_STATUS, action),
    }


@login_required
@require_http_methods(["GET"])
def action_detail(request: AuthenticatedHttpRequest, case_id: UUID, action_id: int) -> HttpResponse:
    action, access = action_get(
        user=request.user, case_id=case_id, action_id=action_id, permission=ActionPermission.VIEW
    )
    case_record_view(actor=request.user, case=_case_of(action), page="case_action")
    return render(request, "actions/detail.html", _detail_context(action, access))


def _post(
    request: HttpRequest, form_class: Callable[[Any], forms.Form], call: Any, success: str
) -> tuple[int | None, forms.Form]:
    """Bind, call the service, and say how it went: (None, form) on success, else the status to re-render."""
    form = form_class(request.POST)
    if not form.is_valid():
        return 400, form
    data = dict(form.cleaned_data)
    version = data.pop("version")
    attempt = save_or_conflict(
        lambda: call(version, data), form=form, on_conflict=rebound(form_class, request.POST, CONFLICT)
    )
    if not attempt.saved:
        return attempt.status, attempt.form
    messages.success(request, success)
    return None, form


@login_required
@require_http_methods(["GET", "POST"])
def action_update_add(request: AuthenticatedHttpRequest, case_id: UUID, action_id: int) -> HttpResponse:
    action, access = action_get(
        user=request.user, case_id=case_id, action_id=action_id, permission=ActionPermission.UPDATE
    )
    case = _case_of(action)
    status = 200
    if request.method == "POST":
        result, form = _post(
            request,
            ActionUpdateForm,
            lambda version, data: services.case_action_update_add(
                actor=request.user, action=action, expected_version=version, **data
            ),
            "Update added",
        )
        if result is None:
            return redirect("actions:detail", case_id=case.pk, action_id=action.pk)
        status = result
    else:
        form = ActionUpdateForm(initial={"version": action.version, "happened_on": clock.today()})
    case_record_view(actor=request.user, case=case, page="case_action_update")
    return render(
        request,
        "actions/form.html",
        {"case": case, "action": action, "form": form, "title": "Add an update", "button": "Add update"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_status(request: AuthenticatedHttpRequest, case_id: UUID, action_id: int) -> HttpResponse:
    action, access = action_get(
        user=request.user, case_id=case_id, action_id=action_id, permission=ActionPermission.SET_STATUS
    )
    case = _case_of(action)
    status = 200
    if request.method == "POST":
        result, form = _post(
            request,
            lambda post: ActionStatusForm(post, statuses=services.list_statuses(action.status)),
            lambda version, data: services.case_action_set_status(
                actor=request.user, action=action, expected_version=version, **data
            ),
            "Status changed",
        )
        if result is None:
            return redirect("actions:detail", case_id=case.pk, action_id=action.pk)
        status = result
    else:
        form = ActionStatusForm(
            initial={"version": action.version, "happened_on": clock.today()},
            statuses=services.list_statuses(action.status),
        )
    case_record_view(actor=request.user, case=case, page="case_action_status")
    return render(
        request,
        "actions/form.html",
        {"case": case, "action": action, "form": form, "title": "Change the status", "button": "Save status"},
        status=status,
    )
