"""Action plan pages (docs/action-plans.md). Views parse input, load through policies and selectors, call one
service, render. Every page records one read: the case's plan page as a read of the case; the partnership's
plan pages as `action_plan.viewed` naming the cases shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.actions.lifecycle import Move, is_overdue, next_statuses, shown_status
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import add_service_errors, rebound, save_or_conflict
from safeguarding_reviews.documents.inspection import safe_download_name
from safeguarding_reviews.documents.services import document_path
from safeguarding_reviews.drafts.restore import take_draft
from safeguarding_reviews.organisations.roles import PLAN_ROLES
from safeguarding_reviews.organisations.selectors import partnerships_where

from . import selectors, services
from .closure import RecommendationStatus, check_state
from .escalation import EscalationStep
from .forms import (
    ActionCompleteForm,
    ActionFilterForm,
    ActionForm,
    ActionUpdateForm,
    CloseForm,
    EvidenceDecisionForm,
    EvidenceForm,
    ImpactCheckForm,
    RecommendationForm,
    SupersedeForm,
    WithdrawalDecisionForm,
    WithdrawalRequestForm,
)
from .models import Recommendation
from .monitoring_selectors import recommendation_repeats
from .policies import PlanAccess, PlanPermission, plan_action_get, plans_get, recommendation_get

if TYPE_CHECKING:
    from safeguarding_reviews.actions.models import CaseAction

CONFLICT = (
    "This was changed in another window or by someone else while you were looking at it. Check it and save "
    "again."
)


def _read(request: AuthenticatedHttpRequest, access: PlanAccess, page: str, rows: list[Any]) -> None:
    services.plan_record_view(
        actor=request.user, partnership=access.partnership, page=page, case_ids=selectors.cases_named(rows)
    )


def _base(access: PlanAccess) -> dict[str, Any]:
    return {"partnership": access.partnership, "access": access, "today": clock.today()}


# --- the way in --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The navigation's "Action plans": straight to the one partnership's plans, or a choice of them."""
    ids = partnerships_where(request.user, PLAN_ROLES)
    if not ids:
        raise PermissionDenied
    choices = selectors.partnerships_named(ids)
    if len(choices) == 1:
        return redirect("action_plans:index", slug=choices[0].slug)
    return render(request, "action_plans/start.html", {"partnerships": choices})


@login_required
@require_http_methods(["GET"])
def index(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The partnership's recommendations (what each agency sees of them) with their actions' progress."""
    partnership, access = plans_get(user=request.user, slug=slug)
    today = clock.today()
    status = request.GET.get("status", "")
    filters = selectors.RecommendationFilters(
        status=status if status in RecommendationStatus.values else "",
        origin=request.GET.get("origin", "") if request.GET.get("origin") in _origins() else "",
    )
    recommendations = list(selectors.plan_recommendations(access, today=today, filters=filters))
    _read(request, access, "action_plans", recommendations)
    return render(
        request,
        "action_plans/index.html",
        _base(access)
        | {"recommendations": recommendations, "filters": filters, "origins": _origin_choices()},
    )


def _origins() -> list[str]:
    from .models import RecommendationOrigin

    return list(RecommendationOrigin.values)


def _origin_choices() -> list[tuple[str, str]]:
    from .models import RecommendationOrigin

    return list(RecommendationOrigin.choices)


# --- recommendations ---------------------------------------------------------------------------------------


def _recommendation_form(
    access: PlanAccess, data: Any = None, *, adopted: bool, new: bool, initial: dict[str, Any] | None = None
) -> RecommendationForm:
    return RecommendationForm(
        data,
        agencies=selectors.agency_choices(access.partnership),
        themes=selectors.theme_choices(),
        adopted=adopted,
        new=new,
        initial=initial,
    )


def _fields(data: dict[str, Any]) -> services.RecommendationFields:
    return services.RecommendationFields(
        text=data.get("text", ""),
        all_partners=bool(data.get("all_partners")),
        lead_agency_id=data.get("lead_agency_id"),
        contributing_agency_ids=list(data.get("contributing_agency_ids") or []),
        expected_difference=data.get("expected_difference", ""),
        measured_by=data.get("measured_by", ""),
        due_on=data.get("due_on"),
        theme_ids=list(data.get("theme_ids") or []),
        source_title=data.get("source_title", ""),
        source_detail=data.get("source_detail", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_adopt(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The business unit enters a recommendation the partnership adopts from elsewhere, with its source."""
    partnership, access = plans_get(user=request.user, slug=slug)
    if not access.runs_plans:
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = _recommendation_form(access, request.POST, adopted=True, new=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                recommendation = services.recommendation_adopt(
                    actor=request.user, partnership=partnership, origin=data["origin"], fields=_fields(data)
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Recommendation added")
                return redirect("action_plans:recommendation", slug=slug, recommendation_id=recommendation.pk)
        status = 400
    else:
        form = _recommendation_form(access, take_draft(request), adopted=True, new=True)
    _read(request, access, "recommendation_adopt", [])
    return render(
        request,
        "action_plans/form.html",
        _base(access)
        | {
            "form": form,
            "title": "Add a recommendation adopted from elsewhere",
            "button": "Add recommendation",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def recommendation_detail(
    request: AuthenticatedHttpRequest, slug: str, recommendation_id: int
) -> HttpResponse:
    recommendation, access = recommendation_get(
        user=request.user, slug=slug, recommendation_id=recommendation_id, permission=PlanPermission.VIEW
    )
    today = clock.today()
    actions = selectors.recommendation_actions(access, recommendation)
    closures, checks = selectors.recommendation_history(recommendation)
    open_check = next((c for c in checks if not c.result), None)
    _read(request, access, "recommendation", [recommendation])
    by_agency: dict[str, list[CaseAction]] = {}
    for action in actions:
        action.shown_status = shown_status(action.status, action.due_on, today)  # type: ignore[attr-defined]
        action.overdue = is_overdue(action.status, action.due_on, today)  # type: ignore[attr-defined]
        by_agency.setdefault(action.owner_agency.name, []).append(action)
    return render(
        request,
        "action_plans/recommendation.html",
        _base(access)
        | {
            "recommendation": recommendation,
            "agencies": selectors.addressed_agencies(recommendation),
            "actions_by_agency": by_agency,
            "closures": closures,
            "checks": checks,
            "open_check": open_check,
            "open_check_state": check_state(
                result="",
                today=today,
                earliest_on=open_check.earliest_on,
                due_on=open_check.due_on,
                latest_on=open_check.latest_on,
            )
            if open_check
            else "",
            "may_edit": access.may_recommendation(PlanPermission.EDIT, recommendation),
            "may_add_action": access.may_recommendation(PlanPermission.ADD_ACTION, recommendation),
            "may_decide": access.may_recommendation(PlanPermission.DECIDE, recommendation),
            # Repeated recommendations (monitoring_selectors): earlier ones like this, for the plans' readers.
            "repeats": recommendation_repeats(access, recommendation) if access.reads_all else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit(request: AuthenticatedHttpRequest, slug: str, recommendation_id: int) -> HttpResponse:
    recommendation, access = recommendation_get(
        user=request.user, slug=slug, recommendation_id=recommendation_id, permission=PlanPermission.EDIT
    )
    adopted = recommendation.is_adopted
    status = 200
    if request.method == "POST":
        form = _recommendation_form(access, request.POST, adopted=adopted, new=False)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version") or 0
            attempt = save_or_conflict(
                lambda: services.recommendation_update(
                    actor=request.user,
                    recommendation=recommendation,
                    expected_version=version,
                    fields=_fields(data),
                ),
                form=form,
                on_conflict=rebound(
                    lambda post: _recommendation_form(access, post, adopted=adopted, new=False),
                    request.POST,
                    CONFLICT,
                ),
            )
            if attempt.saved:
                messages.success(request, "Recommendation saved")
                return redirect("action_plans:recommendation", slug=slug, recommendation_id=recommendation.pk)
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        form = _recommendation_form(
            access,
            take_draft(request),
            adopted=adopted,
            new=False,
            initial=_recommendation_initial(recommendation),
        )
    return _recommendation_page(
        request,
        access,
        recommendation,
        form,
        "recommendation_edit",
        "Change the recommendation",
        "Save",
        status,
    )


def _recommendation_page(
    request: AuthenticatedHttpRequest,
    access: PlanAccess,
    recommendation: Recommendation,
    form: forms.Form,
    page: str,
    title: str,
    button: str,
    status: int,
) -> HttpResponse:
    """A form page about one recommendation, its read recorded."""
    _read(request, access, page, [recommendation])
    back = reverse("action_plans:recommendation", args=[access.partnership.slug, recommendation.pk])
    context = {
        "form": form,
        "recommendation": recommendation,
        "title": title,
        "button": button,
        "cancel": back,
    }
    return render(request, "action_plans/form.html", _base(access) | context, status=status)


def _recommendation_initial(recommendation: Recommendation) -> dict[str, Any]:
    return {
        "version": recommendation.version,
        "source_title": recommendation.source_title,
        "source_detail": recommendation.source_detail,
        "text": recommendation.text,
        "all_partners": "yes" if recommendation.all_partners else "no",
        "lead_agency_id": recommendation.lead_agency_id,
        "contributing_agency_ids": [a.pk for a in recommendation.contributing_agencies.all()],
        "expected_difference": recommendation.expected_difference,
        "measured_by": recommendation.measured_by,
        "due_on": recommendation.due_on,
        "theme_ids": [t.pk for t in recommendation.themes.all()],
    }


def _action_fields(data: dict[str, Any]) -> services.ActionFields:
    return services.ActionFields(
        description=data.get("description", ""),
        owner_agency_id=data.get("owner_agency_id"),
        due_on=data.get("due_on"),
        owner_role=data.get("owner_role", ""),
        owner_user_id=data.get("owner_user_id"),
    )


def _action_agency_choices(access: PlanAccess, recommendation: Recommendation) -> list[tuple[int, str]]:
    agencies = selectors.addressed_agencies(recommendation)
    if not access.runs_plans:
        agencies = [a for a in agencies if a.pk in access.agency_ids]
    return [(a.pk, a.name) for a in agencies]


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: AuthenticatedHttpRequest, slug: str, recommendation_id: int) -> HttpResponse:
    """An agency answers a recommendation addressed to it with an action."""
    recommendation, access = recommendation_get(
        user=request.user,
        slug=slug,
        recommendation_id=recommendation_id,
        permission=PlanPermission.ADD_ACTION,
    )
    agencies = _action_agency_choices(access, recommendation)
    accounts = selectors.owner_account_choices(access.partnership, [pk for pk, _ in agencies])
    status = 200
    if request.method == "POST":
        form = ActionForm(request.POST, agencies=agencies, accounts=accounts)
        if form.is_valid():
            try:
                services.plan_action_add(
                    actor=request.user,
                    recommendation=recommendation,
                    fields=_action_fields(form.cleaned_data),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Action added")
                return redirect("action_plans:recommendation", slug=slug, recommendation_id=recommendation.pk)
        status = 400
    else:
        initial = {"owner_agency_id": agencies[0][0]} if len(agencies) == 1 else {}
        form = ActionForm(take_draft(request), agencies=agencies, accounts=accounts, initial=initial)
    return _recommendation_page(
        request, access, recommendation, form, "action_add", "Add an action", "Add action", status
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_close(
    request: AuthenticatedHttpRequest, slug: str, recommendation_id: int
) -> HttpResponse:
    """Record the committee's decision closing the recommendation (meeting, date)."""
    recommendation, access = recommendation_get(
        user=request.user, slug=slug, recommendation_id=recommendation_id, permission=PlanPermission.DECIDE
    )

    def save(data: dict[str, Any], version: int) -> Any:
        return services.recommendation_close(
            actor=request.user, recommendation=recommendation, expected_version=version, **data
        )

    return _versioned_form(
        request,
        access,
        CloseForm,
        save,
        initial={"version": recommendation.version, "decided_on": clock.today()},
        page="recommendation_close",
        rows=[recommendation],
        done="Recommendation closed. The impact check is scheduled.",
        back=reverse("action_plans:recommendation", args=[slug, recommendation.pk]),
        context={"recommendation": recommendation, "title": "Close the recommendation", "button": "Close it"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def impact_check(request: AuthenticatedHttpRequest, slug: str, recommendation_id: int) -> HttpResponse:
    """Record the impact check scheduled at closure; "not shown" reopens the recommendation with a new
    action."""
    recommendation, access = recommendation_get(
        user=request.user, slug=slug, recommendation_id=recommendation_id, permission=PlanPermission.DECIDE
    )
    check = selectors.open_impact_check(recommendation)
    if check is None:
        raise Http404("No impact check is waiting for this recommendation")
    agencies = [(a.pk, a.name) for a in selectors.addressed_agencies(recommendation)]

    def save(data: dict[str, Any], version: int) -> Any:
        new_action = None
        if data.get("description"):
            new_action = _action_fields(data)
        return services.impact_check_record(
            actor=request.user,
            check=check,
            expected_version=version,
            result=data["result"],
            what_changed=data["what_changed"],
            evidence=data["evidence"],
            reason=data["reason"],
            new_action=new_action,
        )

    return _versioned_form(
        request,
        access,
        lambda *args, **kwargs: ImpactCheckForm(*args, agencies=agencies, **kwargs),
        save,
        initial={"version": check.version},
        page="impact_check",
        rows=[recommendation],
        done="Impact check recorded",
        back=reverse("action_plans:recommendation", args=[slug, recommendation.pk]),
        context={
            "recommendation": recommendation,
            "check": check,
            "title": "Record the impact check",
            "button": "Save the impact check",
        },
    )


# --- actions -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def actions_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The actions the user may see: every action for the plans' readers, their agency's for an agency
    representative, theirs for an author; filtered by status (overdue among them) and agency."""
    partnership, access = plans_get(user=request.user, slug=slug)
    today = clock.today()
    agencies = selectors.agency_choices(partnership)
    form = ActionFilterForm(request.GET or None, agencies=agencies)
    filters = selectors.ActionFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.ActionFilters(
            status=form.cleaned_data["status"], agency_id=form.cleaned_data["agency"]
        )
    actions = list(selectors.plan_actions(access, today=today, filters=filters))
    for action in actions:
        action.shown_status = shown_status(action.status, action.due_on, today)  # type: ignore[attr-defined]
        action.overdue = is_overdue(action.status, action.due_on, today)  # type: ignore[attr-defined]
    _read(request, access, "plan_actions", actions)
    return render(request, "action_plans/actions.html", _base(access) | {"actions": actions, "form": form})


@login_required
@require_http_methods(["GET"])
def action_detail(request: AuthenticatedHttpRequest, slug: str, action_id: int) -> HttpResponse:
    action, access = plan_action_get(
        user=request.user, slug=slug, action_id=action_id, permission=PlanPermission.VIEW
    )
    action = selectors.action_detail(action)
    today = clock.today()
    _read(request, access, "plan_action", [action])
    may = {permission.value: access.may_action(permission, action) for permission in PlanPermission}
    return render(
        request,
        "action_plans/action.html",
        _base(access)
        | {
            "action": action,
            "shown_status": shown_status(action.status, action.due_on, today),
            "overdue": is_overdue(action.status, action.due_on, today),
            "may": may,
            "moves": {move.value for move in _moves_open(action)},
            "steps": dict(EscalationStep.choices),
        },
    )


def _moves_open(action: CaseAction) -> set[Move]:
    from safeguarding_reviews.actions.lifecycle import MOVES

    return {kind for (current, _), kind in MOVES.items() if current == action.status}


def _versioned_form(
    request: AuthenticatedHttpRequest,
    access: PlanAccess,
    form_class: Callable[..., forms.Form],
    save: Callable[[dict[str, Any], int], Any],
    *,
    initial: dict[str, Any],
    page: str,
    rows: list[Any],
    done: str,
    back: str,
    context: dict[str, Any],
    files: bool = False,
) -> HttpResponse:
    """GET: the form. POST: bind, call the service with the version typed against, and go back on success;
    a stale version is a 409 with what was typed kept, a rule refused a 400 with the errors on the form."""
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES) if files else form_class(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version", 0) or 0
            attempt = save_or_conflict(
                lambda: save(data, version),
                form=form,
                on_conflict=rebound(lambda post: form_class(post), request.POST, CONFLICT),
            )
            if attempt.saved:
                messages.success(request, done)
                return redirect(back)
            form, status = attempt.form, attempt.status
        else:
            status = 400
    elif (draft := take_draft(request)) is not None:
        form = form_class(draft)  # what they sent after their session ran out, put back once
    else:
        form = form_class(initial=initial)
    _read(request, access, page, rows)
    return render(
        request,
        "action_plans/form.html",
        _base(access) | {"form": form, "cancel": back, "multipart": files} | context,
        status=status,
    )


def _action_page(slug: str, action: CaseAction) -> str:
    return reverse("action_plans:action", args=[slug, action.pk])


@dataclass(frozen=True)
class ActionFormPage:
    """One form page about one action: who may (`permission`), the form (built for the action and the
    user's access), the service it calls with what was typed, and the words around it."""

    permission: PlanPermission
    page: str
    title: str
    button: str
    done: str
    form: Callable[[CaseAction, PlanAccess], Callable[..., forms.Form]]
    save: Callable[[Any, CaseAction, dict[str, Any], int], Any]
    initial: Callable[[CaseAction], dict[str, Any]] = lambda action: {"version": action.version}
    files: bool = False
    detailed: bool = False  # load the action's evidence and history (the evidence decision shows them)


def _action_form_page(
    request: AuthenticatedHttpRequest, slug: str, action_id: int, spec: ActionFormPage
) -> HttpResponse:
    action, access = plan_action_get(
        user=request.user, slug=slug, action_id=action_id, permission=spec.permission
    )
    if spec.detailed:
        action = selectors.action_detail(action)
    return _versioned_form(
        request,
        access,
        spec.form(action, access),
        lambda data, version: spec.save(request.user, action, data, version),
        initial=spec.initial(action),
        page=spec.page,
        rows=[action],
        done=spec.done,
        back=_action_page(slug, action),
        context={
            "action": action,
            "title": spec.title,
            "button": spec.button,
            "evidence": list(action.evidence.all()) if spec.detailed else [],
        },
        files=spec.files,
    )


def _work_statuses(action: CaseAction) -> list[tuple[str, str]]:
    return [(s.value, s.label) for s in next_statuses(action.status, frozenset({Move.WORK}))]


def _supersede_form(action: CaseAction, access: PlanAccess) -> Callable[..., forms.Form]:
    if action.recommendation is None:
        raise Http404("Only an action answering a recommendation is replaced here")
    agencies = _action_agency_choices(access, action.recommendation)
    accounts = selectors.owner_account_choices(access.partnership, [pk for pk, _ in agencies])
    return lambda *args, **kwargs: SupersedeForm(*args, agencies=agencies, accounts=accounts, **kwargs)


def _supersede(actor: Any, action: CaseAction, data: dict[str, Any], version: int) -> Any:
    reason = data.pop("reason")
    return services.plan_action_supersede(
        actor=actor, action=action, expected_version=version, fields=_action_fields(data), reason=reason
    )


UPDATE = ActionFormPage(
    permission=PlanPermission.UPDATE,
    page="plan_action_update",
    title="Add a progress update",
    button="Add update",
    done="Update added",
    form=lambda action, _: partial(ActionUpdateForm, statuses=_work_statuses(action)),
    save=lambda actor, action, data, version: services.plan_action_update(
        actor=actor,
        action=action,
        expected_version=version,
        happened_on=data["happened_on"],
        text=data["text"],
        status=data.get("status", ""),
    ),
    initial=lambda action: {"version": action.version, "happened_on": clock.today()},
)
COMPLETE = ActionFormPage(
    permission=PlanPermission.UPDATE,
    page="plan_action_complete",
    title="Mark the action completed",
    button="Mark completed",
    done="Action marked completed: add its evidence",
    form=lambda action, _: ActionCompleteForm,
    save=lambda actor, action, data, version: services.plan_action_complete(
        actor=actor, action=action, expected_version=version, **data
    ),
    initial=lambda action: {"version": action.version, "completed_on": clock.today()},
)
EVIDENCE = ActionFormPage(
    permission=PlanPermission.UPDATE,
    page="plan_action_evidence",
    title="Upload evidence",
    button="Upload evidence",
    done="Evidence uploaded",
    form=lambda action, _: EvidenceForm,
    save=lambda actor, action, data, version: services.evidence_add(
        actor=actor,
        action=action,
        uploaded_file=data["upload"],
        kind=data["kind"],
        description=data.get("description", ""),
    ),
    initial=lambda action: {},
    files=True,
)
DECIDE = ActionFormPage(
    permission=PlanPermission.DECIDE,
    page="plan_action_decide",
    title="Decide on the evidence",
    button="Record the decision",
    done="Decision recorded",
    form=lambda action, _: EvidenceDecisionForm,
    save=lambda actor, action, data, version: services.evidence_decide(
        actor=actor, action=action, expected_version=version, **data
    ),
    initial=lambda action: {"version": action.version, "decided_on": clock.today()},
    detailed=True,
)
WITHDRAW = ActionFormPage(
    permission=PlanPermission.WITHDRAW_REQUEST,
    page="plan_action_withdrawal_request",
    title="Ask to withdraw the action",
    button="Ask to withdraw",
    done="Withdrawal asked for: the business manager decides",
    form=lambda action, _: WithdrawalRequestForm,
    save=lambda actor, action, data, version: services.withdrawal_request(
        actor=actor, action=action, expected_version=version, **data
    ),
)
WITHDRAWAL_DECISION = ActionFormPage(
    permission=PlanPermission.WITHDRAW_APPROVE,
    page="plan_action_withdrawal_decide",
    title="Decide on the withdrawal",
    button="Record the decision",
    done="Decision on the withdrawal recorded",
    form=lambda action, _: WithdrawalDecisionForm,
    save=lambda actor, action, data, version: services.withdrawal_decide(
        actor=actor,
        action=action,
        expected_version=version,
        approve=data["decision"] == "approve",
        note=data.get("note", ""),
    ),
)
SUPERSEDE = ActionFormPage(
    permission=PlanPermission.SUPERSEDE,
    page="plan_action_supersede",
    title="Replace the action",
    button="Replace the action",
    done="Action replaced by a new action",
    form=_supersede_form,
    save=_supersede,
    initial=lambda action: {
        "version": action.version,
        "description": action.description,
        "owner_agency_id": action.owner_agency_id,
        "owner_role": action.owner_role,
        "owner_user_id": action.owner_user_id,
    },
)


def _action_view(spec: ActionFormPage, name: str) -> Callable[..., HttpResponse]:
    """The view of one action form page (GET shows it, POST saves it)."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: AuthenticatedHttpRequest, slug: str, action_id: int) -> HttpResponse:
        return _action_form_page(request, slug, action_id, spec)

    view.__name__ = view.__qualname__ = name
    return view


action_update = _action_view(UPDATE, "action_update")
action_complete = _action_view(COMPLETE, "action_complete")
evidence_add = _action_view(EVIDENCE, "evidence_add")
evidence_decide = _action_view(DECIDE, "evidence_decide")
withdrawal_request = _action_view(WITHDRAW, "withdrawal_request")
withdrawal_decide = _action_view(WITHDRAWAL_DECISION, "withdrawal_decide")
action_supersede = _action_view(SUPERSEDE, "action_supersede")


@login_required
@require_http_methods(["GET"])
def evidence_download(
    request: AuthenticatedHttpRequest, slug: str, action_id: int, evidence_id: int
) -> HttpResponseBase:
    from safeguarding_reviews.documents.inspection import TYPES

    action, access = plan_action_get(
        user=request.user, slug=slug, action_id=action_id, permission=PlanPermission.VIEW
    )
    evidence = selectors.evidence_get(action, evidence_id)
    if evidence is None:
        raise Http404("No evidence found")
    document = evidence.document
    try:
        handle = document_path(document).open("rb")
    except FileNotFoundError as exc:
        raise Http404("No evidence found") from exc
    evidence.action = action
    services.evidence_record_download(actor=request.user, evidence=evidence)
    file_type = TYPES[document.detected_type]
    response = FileResponse(handle, content_type=file_type.content_type)
    response["Content-Length"] = str(document.size)
    response["Content-Disposition"] = (
        f'attachment; filename="{safe_download_name(document.original_name, file_type)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


# --- the committee's agenda --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def agenda(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """What the monitoring committee goes through: overdue and escalated actions, evidence to decide,
    withdrawals to approve, recommendations ready to close, impact checks due."""
    partnership, access = plans_get(user=request.user, slug=slug)
    if not access.reads_all:
        raise PermissionDenied
    today = clock.today()
    found = selectors.committee_agenda(access, today=today)
    for action in found.overdue:
        action.days_overdue = (today - action.due_on).days  # type: ignore[attr-defined]
    rows: list[Any] = [
        *found.overdue,
        *found.awaiting_evidence,
        *found.withdrawals,
        *found.ready_to_close,
        *(check.recommendation for check in found.impact_checks),
    ]
    _read(request, access, "committee_agenda", rows)
    states = {
        check.pk: check_state(
            result=check.result,
            today=today,
            earliest_on=check.earliest_on,
            due_on=check.due_on,
            latest_on=check.latest_on,
        )
        for check in found.impact_checks
    }
    return render(
        request,
        "action_plans/agenda.html",
        _base(access) | {"agenda": found, "check_states": states, "steps": dict(EscalationStep.choices)},
    )


# --- the case's plan ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_plan(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The case's action plan: its recommendations (from the final report record and the rapid review's
    learning points) and the rapid review's actions. POST takes the recommendations not yet in the plan in
    (the business unit), at any stage."""
    case = case_get_for_user(user=request.user, case_id=case_id)
    access = PlanAccess(request.user, case.lead_partnership)
    if not access.reads_all:
        raise PermissionDenied
    if request.method == "POST":
        if not access.runs_plans:
            raise PermissionDenied
        taken = services.recommendations_take_in(actor=request.user, case=case)
        messages.success(
            request,
            f"{len(taken)} recommendation{'s' if len(taken) != 1 else ''} taken into the action plan"
            if taken
            else "Every recommendation is already in the action plan",
        )
        return redirect("action_plans:case_plan", case_id=case.pk)
    recommendations = list(selectors.case_recommendations(case))
    rapid_review_actions = list(selectors.case_rapid_review_actions(case))
    today = clock.today()
    for action in rapid_review_actions:
        action.shown_status = shown_status(action.status, action.due_on, today)  # type: ignore[attr-defined]
    case_record_view(actor=request.user, case=case, page="case_action_plan")
    return render(
        request,
        "action_plans/case_plan.html",
        {
            "case": case,
            "partnership": case.lead_partnership,
            "recommendations": recommendations,
            "rapid_review_actions": rapid_review_actions,
            "to_take_in": selectors.recommendations_to_take_in(case) if access.runs_plans else 0,
            "access": access,
        },
    )
