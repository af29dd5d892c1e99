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
from safeguarding_reviews.parallel_processes.selectors import active_blocks
from safeguarding_reviews.report_drafts.selectors import version_choices

from . import rules, selectors, services
from .forms import (
    DraftForm,
    InvitationForm,
    InvitationResponseForm,
    PractitionerEditForm,
    PractitionerForm,
    PractitionerRemoveForm,
    StatementForm,
    initial_for,
)
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
    statuses = selectors.involvement_statuses(case, current)
    context = case_nav(request.user, case) | {
        "rows": [
            (p, names.get(p.pk), rules.period_text(p.involved_from, p.involved_to), statuses[p.pk])
            for p in current
        ],
        "missing_statements": sum(1 for s in statuses.values() if s.statement_missing),
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
        elif name in services.IDENTITY_FIELDS:
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


# Issue 14, item 1: a practitioner's involvement in the review.

INVOLVEMENT_CONFLICT = (
    "Someone else saved this while you were editing. Your answers are below with what is saved now; save "
    "again to keep yours."
)


@login_required
@require_http_methods(["GET"])
def involvement(request: AuthenticatedHttpRequest, case_id: UUID, practitioner_id: int) -> HttpResponse:
    case = register_case_get(user=request.user, case_id=case_id)
    practitioner = _practitioner(case, practitioner_id)
    identity = (
        selectors.identity_of(practitioner.pk) if may_see_practitioner_names(request.user, case) else None
    )
    blocks = active_blocks(case)
    context = case_nav(request.user, case) | {
        "practitioner": practitioner,
        "identity": identity,
        "period": rules.period_text(practitioner.involved_from, practitioner.involved_to),
        "involvement": selectors.involvement_of(practitioner),
        "may_manage": may_manage_practitioners(request.user, case),
        "refusals": [
            reason
            for reason in (rules.invitation_refusal(blocks), rules.draft_refusal(blocks))
            if reason is not None
        ],
    }
    case_record_view(actor=request.user, case=case, page="practitioner_involvement")
    if identity is not None:
        services.practitioner_names_record_view(
            actor=request.user, case=case, practitioner_ids=[practitioner.pk], page="practitioner_involvement"
        )
    return render(request, "practitioners/involvement.html", context)


def _involvement_form_page(
    request: AuthenticatedHttpRequest,
    case: Any,
    practitioner: Any,
    form: Any,
    *,
    title: str,
    status: int,
    page: str,
) -> HttpResponse:
    context = case_nav(request.user, case) | {"form": form, "practitioner": practitioner, "title": title}
    case_record_view(actor=request.user, case=case, page=page)
    return render(request, "practitioners/involvement_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_add(request: AuthenticatedHttpRequest, case_id: UUID, practitioner_id: int) -> HttpResponse:
    case = register_case_get(user=request.user, case_id=case_id, manage=True)
    practitioner = _practitioner(case, practitioner_id)
    status = 200
    if request.method == "POST":
        form = InvitationForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.invitation_add(
                    actor=request.user, case=case, practitioner=practitioner, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Invitation recorded")
                return redirect("practitioners:involvement", case_id=case.pk, practitioner_id=practitioner.pk)
    else:
        form = InvitationForm(take_draft(request))
    return _involvement_form_page(
        request,
        case,
        practitioner,
        form,
        title="Record an invitation",
        status=status,
        page="practitioner_invite",
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_update(
    request: AuthenticatedHttpRequest, case_id: UUID, practitioner_id: int, invitation_id: int
) -> HttpResponse:
    case = register_case_get(user=request.user, case_id=case_id, manage=True)
    practitioner = _practitioner(case, practitioner_id)
    invitation = selectors.invitation_get(practitioner, invitation_id)
    if invitation is None:
        raise Http404("No invitation found")

    def make(data: Any) -> InvitationResponseForm:
        return InvitationResponseForm(data, invited_on=invitation.invited_on)

    status = 200
    if request.method == "POST":
        form = make(request.POST)
        status = 400
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.invitation_update(
                    actor=request.user,
                    case=case,
                    invitation=invitation,
                    expected_version=form.cleaned_data["version"],
                    event_on=form.cleaned_data["event_on"],
                    response=form.cleaned_data["response"],
                    attended=form.cleaned_data["attended"],
                ),
                form=form,
                on_conflict=rebound(make, request.POST, INVOLVEMENT_CONFLICT),
            )
            if attempt.saved:
                messages.success(request, "Reply and attendance recorded")
                return redirect("practitioners:involvement", case_id=case.pk, practitioner_id=practitioner.pk)
            form, status = attempt.form, attempt.status
    elif (draft := take_draft(request)) is not None:
        form = make(draft)
    else:
        form = InvitationResponseForm(
            initial={
                "response": invitation.response,
                "event_on": invitation.event_on,
                "attended": invitation.attended,
                "version": invitation.version,
            },
            invited_on=invitation.invited_on,
        )
    return _involvement_form_page(
        request,
        case,
        practitioner,
        form,
        title=f"Record the reply to the invitation of {rules.long_date(invitation.invited_on)}",
        status=status,
        page="practitioner_invitation",
    )


def _one_record_view(
    request: AuthenticatedHttpRequest,
    case_id: UUID,
    practitioner_id: int,
    *,
    form_class: Any,
    current_of: Any,
    fields: tuple[str, ...],
    save: Any,
    title: str,
    done: str,
    page: str,
) -> HttpResponse:
    """The statement's and the draft's pages: record the practitioner's one row, or correct it (versioned)."""
    case = register_case_get(user=request.user, case_id=case_id, manage=True)
    practitioner = _practitioner(case, practitioner_id)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        status = 400
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in fields}
            attempt = save_or_conflict(
                lambda: save(
                    actor=request.user,
                    case=case,
                    practitioner=practitioner,
                    expected_version=form.cleaned_data["version"],
                    **values,
                ),
                form=form,
                on_conflict=rebound(form_class, request.POST, INVOLVEMENT_CONFLICT),
            )
            if attempt.saved:
                messages.success(request, done)
                return redirect("practitioners:involvement", case_id=case.pk, practitioner_id=practitioner.pk)
            form, status = attempt.form, attempt.status
    elif (draft := take_draft(request)) is not None:
        form = form_class(draft)
    elif (current := current_of(practitioner)) is not None:
        form = form_class(
            initial={name: getattr(current, name) for name in fields} | {"version": current.version}
        )
    else:
        form = form_class()
    return _involvement_form_page(request, case, practitioner, form, title=title, status=status, page=page)


@login_required
@require_http_methods(["GET", "POST"])
def statement(request: AuthenticatedHttpRequest, case_id: UUID, practitioner_id: int) -> HttpResponse:
    return _one_record_view(
        request,
        case_id,
        practitioner_id,
        form_class=StatementForm,
        current_of=lambda p: selectors.involvement_of(p).statement,
        fields=("given_on", "method", "given_by"),
        save=services.statement_record,
        title="Record the no-blame statement",
        done="No-blame statement recorded",
        page="practitioner_statement",
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft(request: AuthenticatedHttpRequest, case_id: UUID, practitioner_id: int) -> HttpResponse:
    return _one_record_view(
        request,
        case_id,
        practitioner_id,
        # The form's versions are the case's drafts (report_drafts); built once the case is checked.
        form_class=lambda *args, **kwargs: DraftForm(*args, versions=version_choices(case_id), **kwargs),
        current_of=lambda p: selectors.involvement_of(p).draft,
        fields=("shared_on", "draft_id", "commented", "commented_on"),
        save=services.draft_record,
        title="Record the draft shared with them",
        done="Draft sharing recorded",
        page="practitioner_draft",
    )
