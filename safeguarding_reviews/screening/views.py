"""Screening pages. Views parse input, load through selectors and policies, call one service, render."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.clocks.selectors import deadline_for, next_deadline_words
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import add_service_errors, save_or_conflict
from safeguarding_reviews.drafts.restore import take_draft
from safeguarding_reviews.organisations.selectors import partnership_choices, partnership_find

from . import services
from .criteria import ALL_CRITERIA, S16C_CRITERIA, Outcome, assess
from .forms import (
    LETTERS,
    AwarenessForm,
    ChecklistForm,
    DecisionForm,
    ScrutinyCommentForm,
    as_initial,
    conflict_form,
)
from .models import Screening
from .policies import ScreeningAction, is_chair, may, screening_case_get
from .selectors import screening_for_case, scrutiny_comment_find, scrutiny_thread


def _context(request: AuthenticatedHttpRequest, case: Any, screening: Screening) -> dict[str, Any]:
    user = request.user
    return {
        "case": case,
        "screening": screening,
        "may_prepare": may(user, ScreeningAction.PREPARE, case),
        "may_decide": may(user, ScreeningAction.DECIDE, case),
        "may_scrutinise": may(user, ScreeningAction.SCRUTINY, case),
    }


def _checklist_rows(screening: Screening) -> list[dict[str, str]]:
    rows = []
    for name, question in ALL_CRITERIA:
        rows.append(
            {
                "name": name,
                "question": f"{LETTERS[name]} {question}",
                "answer": getattr(screening, f"get_{name}_display")()
                if getattr(screening, name)
                else "Not answered",
                "note": getattr(screening, f"{name}_note"),
                "group": "s16C(1)" if (name, question) in S16C_CRITERIA else "Other notifiable category",
            }
        )
    return rows


@login_required
@require_http_methods(["GET"])
def screening_detail(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = screening_case_get(user=request.user, case_id=case_id, action=ScreeningAction.VIEW)
    screening = screening_for_case(case)
    context = _context(request, case, screening) | {
        "rows": _checklist_rows(screening),
        "assessment": assess(screening.answers()),
        "notification_deadline": deadline_for(case, "notification"),
        "comment_count": scrutiny_thread(case).count(),
    }
    case_record_view(actor=request.user, case=case, page="screening")
    return render(request, "screening/screening_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def screening_awareness(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = screening_case_get(user=request.user, case_id=case_id, action=ScreeningAction.PREPARE)
    screening = screening_for_case(case)
    form_kwargs = {"incident_date": case.incident_date}
    conflict = None
    status = 200
    if request.method == "POST":
        form = AwarenessForm(request.POST, **form_kwargs)
        if form.is_valid():
            aware_on = form.cleaned_data["la_became_aware_on"]
            attempt = save_or_conflict(
                lambda: services.screening_awareness_record(
                    actor=request.user,
                    case=case,
                    expected_version=form.cleaned_data["version"],
                    la_became_aware_on=aware_on,
                ),
                form=form,
                on_conflict=lambda exc: conflict_form(AwarenessForm, request, exc.current, **form_kwargs),
            )
            if attempt.saved:
                messages.success(request, "Date the local authority became aware saved")
                return redirect("screening:detail", case_id=case.pk)
            if attempt.stale is not None:
                conflict = attempt.stale.changes_against({"la_became_aware_on": aware_on})
                screening = attempt.stale.current  # type: ignore[assignment]
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        draft = take_draft(request)
        initial = {
            "la_became_aware_on": screening.la_became_aware_on or case.referral_received_on,
            "version": screening.version,
        }
        form = (
            AwarenessForm(draft, **form_kwargs)
            if draft is not None
            else AwarenessForm(initial=as_initial(initial), **form_kwargs)
        )
    context = _context(request, case, screening) | {"form": form, "conflict": conflict}
    case_record_view(actor=request.user, case=case, page="screening_awareness")
    return render(request, "screening/screening_awareness.html", context, status=status)


def _partnership_choices(case: Any) -> list[tuple[int, str]]:
    return partnership_choices(excluding=case.lead_partnership_id)


def _checklist_changes(cleaned: dict[str, Any]) -> dict[str, Any]:
    changes = {name: cleaned[name] for name in services.PREPARE_FIELDS if name != "other_partnership"}
    pk = cleaned.get("other_partnership")
    changes["other_partnership"] = partnership_find(pk) if pk else None
    return changes


@login_required
@require_http_methods(["GET", "POST"])
def screening_checklist(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = screening_case_get(user=request.user, case_id=case_id, action=ScreeningAction.PREPARE)
    screening = screening_for_case(case)
    form_kwargs = {"partnerships": _partnership_choices(case)}
    conflict = None
    status = 200
    if request.method == "POST":
        form = ChecklistForm(request.POST, **form_kwargs)
        if form.is_valid():
            changes = _checklist_changes(form.cleaned_data)
            attempt = save_or_conflict(
                lambda: services.screening_prepare(
                    actor=request.user,
                    case=case,
                    expected_version=form.cleaned_data["version"],
                    changes=changes,
                ),
                form=form,
                on_conflict=lambda exc: conflict_form(ChecklistForm, request, exc.current, **form_kwargs),
            )
            if attempt.saved:
                messages.success(request, "Criteria checklist saved")
                return redirect("screening:detail", case_id=case.pk)
            if attempt.stale is not None:
                conflict = attempt.stale.changes_against(changes)
                screening = attempt.stale.current  # type: ignore[assignment]
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        draft = take_draft(request)
        if draft is not None:
            form = ChecklistForm(draft, **form_kwargs)
        else:
            initial = {name: getattr(screening, name) for name in services.PREPARE_FIELDS}
            initial["other_partnership"] = screening.other_partnership_id
            form = ChecklistForm(initial=initial | {"version": screening.version}, **form_kwargs)
    context = _context(request, case, screening) | {"form": form, "conflict": conflict}
    case_record_view(actor=request.user, case=case, page="screening_checklist")
    return render(request, "screening/screening_checklist.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def screening_decide(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = screening_case_get(user=request.user, case_id=case_id, action=ScreeningAction.DECIDE)
    screening = screening_for_case(case)
    conflict = None
    status = 200
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            cleaned = form.cleaned_data
            attempt = save_or_conflict(
                lambda: services.screening_decide(
                    actor=request.user,
                    case=case,
                    expected_version=cleaned["version"],
                    outcome=cleaned["outcome"],
                    learning_route=cleaned["learning_route"],
                    rationale=cleaned["rationale"],
                    decided_on=cleaned["decided_on"],
                    confirm_inconsistent=cleaned["confirm_inconsistent"],
                ),
                form=form,
                on_conflict=lambda exc: conflict_form(DecisionForm, request, exc.current),
            )
            if attempt.stale is not None:
                # The checklist (or the awareness date) changed since the page was opened: show what changed.
                conflict = attempt.stale.changes_against(
                    screening.answers() | {"la_became_aware_on": screening.la_became_aware_on}
                )
                screening = attempt.stale.current  # type: ignore[assignment]
            form, status = attempt.form, attempt.status
            if attempt.saved:
                if cleaned["outcome"] == Outcome.NOTIFY:
                    messages.success(
                        request, "Decision recorded: notify the Panel. The case is now at notification."
                    )
                    return redirect("notifications:detail", case_id=case.pk)
                messages.success(
                    request, "Decision recorded: the case is closed with the learning route recorded."
                )
                return redirect("screening:detail", case_id=case.pk)
        else:
            status = 400
    else:
        draft = take_draft(request)
        initial = {"decided_on": clock.today(), "version": screening.version}
        form = DecisionForm(draft) if draft is not None else DecisionForm(initial=as_initial(initial))
    context = _context(request, case, screening) | {
        "form": form,
        "conflict": conflict,
        "rows": _checklist_rows(screening),
        "assessment": assess(screening.answers()),
        # The decision answers to the notification clock (Panel told within 5 working days of awareness).
        "next_deadline": next_deadline_words(case, ("notification",)),
    }
    case_record_view(actor=request.user, case=case, page="screening_decision")
    return render(request, "screening/screening_decide.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def screening_scrutiny(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """GET: everyone who sees the screening reads the thread. POST: the Chair comments, the business unit
    answers."""
    action = ScreeningAction.SCRUTINY if request.method == "POST" else ScreeningAction.VIEW
    case = screening_case_get(user=request.user, case_id=case_id, action=action)
    thread = list(scrutiny_thread(case))
    choices = [
        (
            c.pk,
            f"{'Independent Chair' if c.from_chair else 'Business unit'}, "
            f"{clock.london(c.created_at):%d/%m/%Y %H:%M}",
        )
        for c in thread
    ]
    status = 200
    if request.method == "POST":
        form = ScrutinyCommentForm(request.POST, comments=choices)
        if form.is_valid():
            reply_to_id = form.cleaned_data.get("reply_to")
            reply_to = scrutiny_comment_find(case, reply_to_id) if reply_to_id else None
            try:
                services.scrutiny_comment_add(
                    actor=request.user, case=case, body=form.cleaned_data["body"], reply_to=reply_to
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, "Comment recorded")
                return redirect("screening:scrutiny", case_id=case.pk)
        else:
            status = 400
    else:
        draft = take_draft(request)
        form = (
            ScrutinyCommentForm(draft, comments=choices)
            if draft is not None
            else ScrutinyCommentForm(comments=choices)
        )
    context = _context(request, case, screening_for_case(case)) | {
        "form": form,
        "thread": thread,
        "is_chair": is_chair(request.user, case),
    }
    case_record_view(actor=request.user, case=case, page="screening_scrutiny")
    return render(request, "screening/screening_scrutiny.html", context, status=status)
