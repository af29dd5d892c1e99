"""Rapid review outcome pages. Views parse input, load through the policy and selectors, call one service and
render. Every GET records one read of the case. Each form carries the outcome version it was shown at: a save
on a stale version keeps what the user typed and says what happened (409)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core.forms import (
    rebound,
    save_or_conflict,
)
from safeguarding_reviews.drafts.selectors import page_initial
from safeguarding_reviews.drafts.services import draft_clear
from safeguarding_reviews.organisations.selectors import agency_choices, agency_of_partnership

from . import services
from .completeness import FIELD_SECTIONS, SECTIONS, outcome_gaps, section_status
from .criteria import criteria_groups, criteria_source, criteria_words, version_of
from .forms import (
    SECTION_FORMS,
    AssessmentForm,
    EvidenceForm,
    ImmediateActionForm,
    ImmediateActionUpdateForm,
    LearningForm,
    RowForm,
)
from .models import RapidReviewOutcome
from .policies import OutcomeAction, may_edit_now, outcome_case_get
from .selectors import (
    active_themes,
    answer_field,
    citable_entries,
    citable_sections,
    outcome_facts,
    outcome_for_case,
    visible_evidence,
)

if TYPE_CHECKING:
    from safeguarding_reviews.cases.models import Case
    from safeguarding_reviews.organisations.models import Agency

F = TypeVar("F", bound=forms.BaseForm)

CONFLICT = (
    "The outcome was changed in another window or by someone else while you were looking at it. "
    "Check it and save again."
)


def _outcome_or_404(case: Case) -> RapidReviewOutcome:
    outcome = outcome_for_case(case)
    if outcome is None:
        raise Http404("The outcome has not been started")
    return outcome


def _agencies(case: Case) -> list[tuple[int, str]]:
    return agency_choices(case.lead_partnership_id)


def _agency(case: Case, agency_id: int) -> Agency:
    agency = agency_of_partnership(case.lead_partnership_id, agency_id)
    if agency is None:
        raise ValidationError({"owner_agency": "Select an agency of the case's partnership"})
    return agency


def _assessment_rows(outcome: RapidReviewOutcome) -> list[dict[str, Any]]:
    rows = []
    for group, criteria in criteria_groups(outcome.criteria_version):
        for criterion in criteria:
            name = answer_field(criterion.code)
            rows.append(
                {
                    "group": group,
                    "question": criterion.question,
                    "answer": getattr(outcome, f"get_{name}_display")(),
                    "reason": getattr(outcome, f"{name}_reason"),
                }
            )
    return rows


@login_required
@require_http_methods(["GET"])
def outcome_overview(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The task list and, below it, the whole outcome as summary lists (what the partners sign off)."""
    case = outcome_case_get(user=request.user, case_id=case_id, action=OutcomeAction.VIEW)
    outcome = outcome_for_case(case)
    context: dict[str, Any] = {
        "case": case,
        "outcome": outcome,
        "may_write": may_edit_now(request.user, case),
    }
    if outcome is not None:
        facts = outcome_facts(outcome)
        context.update(
            tasks=[(section, section_status(section.slug, facts)) for section in SECTIONS],
            gaps=outcome_gaps(facts),
            assessment=_assessment_rows(outcome),
            evidence=visible_evidence(outcome, request.user),
            criteria_version=version_of(outcome.criteria_version),
            criteria_words=criteria_words(outcome.criteria_version),
            criteria_source=criteria_source(outcome.criteria_version),
        )
    case_record_view(actor=request.user, case=case, page="outcome")
    return render(request, "outcomes/overview.html", context)


@login_required
@require_http_methods(["POST"])
def outcome_start(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = outcome_case_get(user=request.user, case_id=case_id, action=OutcomeAction.WRITE)
    try:
        services.outcome_start(actor=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Outcome started. Complete each section.")
    return redirect("outcomes:overview", case_id=case.pk)


def _section_initial(outcome: RapidReviewOutcome, form_class: type[forms.Form]) -> dict[str, Any]:
    names = [name for name in form_class.base_fields if name != "version"]
    if form_class is SECTION_FORMS["assessment"]:
        names = sorted(services.SECTION_FIELDS["assessment"])
    return {"version": outcome.version, **{name: getattr(outcome, name) for name in names}}


@login_required
@require_http_methods(["GET", "POST"])
def outcome_section(request: AuthenticatedHttpRequest, case_id: UUID, section: str) -> HttpResponse:
    if section not in FIELD_SECTIONS:
        raise Http404("No such section")
    case = outcome_case_get(user=request.user, case_id=case_id, action=OutcomeAction.WRITE)
    outcome = _outcome_or_404(case)
    form_class = SECTION_FORMS[section]
    make_form: Any = form_class
    if section == "assessment":  # the criteria of the outcome's own version
        make_form = partial(AssessmentForm, criteria_version=outcome.criteria_version)
    title = next(s.title for s in SECTIONS if s.slug == section)
    status = 200
    kept_draft = None
    if request.method == "POST":
        form = make_form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            attempt = save_or_conflict(
                lambda: services.outcome_update(
                    actor=request.user,
                    outcome=outcome,
                    section=section,
                    expected_version=version,
                    changes=data,
                ),
                form=form,
                on_conflict=rebound(make_form, request.POST, CONFLICT),
            )
            if attempt.saved:
                draft_clear(actor=request.user, path=request.path, case=case)
                messages.success(request, f"{title}: saved")
                return redirect("outcomes:overview", case_id=case.pk)
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        initial, kept_draft = page_initial(
            user=request.user,
            path=request.path,
            initial=_section_initial(outcome, form_class),
            field_names=[name for name in make_form().fields if name != "version"],
            current_version=outcome.version,
        )
        form = make_form(initial=initial)
    case_record_view(actor=request.user, case=case, page=f"outcome_{section}")
    return render(
        request,
        "outcomes/section.html",
        {
            "case": case,
            "outcome": outcome,
            "form": form,
            "section": section,
            "title": title,
            "kept_draft": kept_draft,
        },
        status=status,
    )


def _rows_page(
    request: AuthenticatedHttpRequest,
    *,
    case: Case,
    outcome: RapidReviewOutcome,
    template: str,
    page: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    case_record_view(actor=request.user, case=case, page=page)
    return render(
        request,
        template,
        {"case": case, "outcome": outcome, "may_write": may_edit_now(request.user, case), **extra},
        status=status,
    )


def _rows_post(
    request: HttpRequest,
    *,
    make_form: Callable[[Any], F],
    call: Callable[[dict[str, Any]], Any],
    success: str,
) -> tuple[int | None, F]:
    """Bind the posted row form and call its service with the cleaned data. Returns (None, form) on success,
    else the status to re-render with and the form holding the errors; after a stale save the form is bound
    again at the current version (core.forms.rebind_after_conflict), so saving again is a knowing choice."""
    form = make_form(request.POST)
    if not form.is_valid():
        return 400, form
    attempt = save_or_conflict(
        lambda: call(form.cleaned_data), form=form, on_conflict=rebound(make_form, request.POST, CONFLICT)
    )
    if not attempt.saved:
        return attempt.status, attempt.form
    messages.success(request, success)
    return None, form


@login_required
@require_http_methods(["GET", "POST"])
def outcome_actions(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """Immediate actions: list; add one; change its safety confirmation; remove one. Status and progress
    updates are on the case action list (actions.views), not here: they never change the outcome's version."""
    action = OutcomeAction.WRITE if request.method == "POST" else OutcomeAction.VIEW
    case = outcome_case_get(user=request.user, case_id=case_id, action=action)
    outcome = _outcome_or_404(case)
    agencies = _agencies(case)
    add_form = ImmediateActionForm(agencies=agencies, initial={"version": outcome.version})
    failed: forms.Form | None = None
    status = 200
    if request.method == "POST":
        if "remove" in request.POST:
            result, failed = _rows_post(
                request,
                make_form=RowForm,
                call=lambda d: services.immediate_action_remove(
                    actor=request.user, outcome=outcome, expected_version=d["version"], action_id=d["row_id"]
                ),
                success="Action removed",
            )
        elif "action_id" in request.POST:
            result, failed = _rows_post(
                request,
                make_form=ImmediateActionUpdateForm,
                call=lambda d: services.immediate_action_update(
                    actor=request.user,
                    outcome=outcome,
                    expected_version=d["version"],
                    action_id=d["action_id"],
                    other_children_safe=d["other_children_safe"],
                    other_children_note=d["other_children_note"],
                ),
                success="Action changed",
            )
        else:
            result, add_form = _rows_post(
                request,
                make_form=lambda data: ImmediateActionForm(data, agencies=agencies),
                call=lambda d: services.immediate_action_add(
                    actor=request.user,
                    outcome=outcome,
                    expected_version=d["version"],
                    description=d["description"],
                    owner_agency=_agency(case, d["owner_agency"]),
                    due_on=d["due_on"],
                    status=d["status"],
                    other_children_safe=d["other_children_safe"],
                    other_children_note=d["other_children_note"],
                ),
                success="Action added",
            )
        if result is None:
            return redirect("outcomes:actions", case_id=case.pk)
        status = result
        outcome = _outcome_or_404(case)
    return _rows_page(
        request,
        case=case,
        outcome=outcome,
        template="outcomes/actions.html",
        page="outcome_actions",
        status=status,
        add_form=add_form,
        failed=failed,
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_learning(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """Learning identified, each tagged with practice themes: list; add; remove."""
    action = OutcomeAction.WRITE if request.method == "POST" else OutcomeAction.VIEW
    case = outcome_case_get(user=request.user, case_id=case_id, action=action)
    outcome = _outcome_or_404(case)
    themes = [(t.pk, t.label) for t in active_themes()]
    add_form = LearningForm(themes=themes, initial={"version": outcome.version})
    failed: forms.Form | None = None
    status = 200
    if request.method == "POST":
        if "remove" in request.POST:
            result, failed = _rows_post(
                request,
                make_form=RowForm,
                call=lambda d: services.learning_point_remove(
                    actor=request.user, outcome=outcome, expected_version=d["version"], point_id=d["row_id"]
                ),
                success="Learning removed",
            )
        else:
            result, add_form = _rows_post(
                request,
                make_form=lambda data: LearningForm(data, themes=themes),
                call=lambda d: services.learning_point_add(
                    actor=request.user,
                    outcome=outcome,
                    expected_version=d["version"],
                    text=d["text"],
                    theme_ids=d["themes"],
                ),
                success="Learning added",
            )
        if result is None:
            return redirect("outcomes:learning", case_id=case.pk)
        status = result
        outcome = _outcome_or_404(case)
    return _rows_page(
        request,
        case=case,
        outcome=outcome,
        template="outcomes/learning.html",
        page="outcome_learning",
        status=status,
        add_form=add_form,
        failed=failed,
    )


def _evidence_add(
    request: AuthenticatedHttpRequest, outcome: RapidReviewOutcome, d: dict[str, Any]
) -> RapidReviewOutcome:
    # A return section is offered as one choice, "<return id>:<section>".
    return_id, _, section = (d.get("return_section") or "").partition(":")
    return services.evidence_add(
        actor=request.user,
        outcome=outcome,
        expected_version=d["version"],
        entry_id=d.get("entry") or None,
        return_id=int(return_id) if return_id else None,
        section=section,
        note=d["note"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_evidence(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The rationale's evidence: key episodes of the merged chronology and sections of agency returns."""
    action = OutcomeAction.WRITE if request.method == "POST" else OutcomeAction.VIEW
    case = outcome_case_get(user=request.user, case_id=case_id, action=action)
    outcome = _outcome_or_404(case)
    writing = may_edit_now(request.user, case)
    entries = citable_entries(case, request.user) if writing else []
    sections = citable_sections(case) if writing else []
    add_form = EvidenceForm(entries=entries, sections=sections, initial={"version": outcome.version})
    failed: forms.Form | None = None
    status = 200
    if request.method == "POST":
        if "remove" in request.POST:
            result, failed = _rows_post(
                request,
                make_form=RowForm,
                call=lambda d: services.evidence_remove(
                    actor=request.user,
                    outcome=outcome,
                    expected_version=d["version"],
                    evidence_id=d["row_id"],
                ),
                success="Evidence removed",
            )
        else:
            result, add_form = _rows_post(
                request,
                make_form=lambda data: EvidenceForm(data, entries=entries, sections=sections),
                call=lambda d: _evidence_add(request, outcome, d),
                success="Evidence cited",
            )
        if result is None:
            return redirect("outcomes:evidence", case_id=case.pk)
        status = result
        outcome = _outcome_or_404(case)
    return _rows_page(
        request,
        case=case,
        outcome=outcome,
        template="outcomes/evidence.html",
        page="outcome_evidence",
        status=status,
        add_form=add_form,
        failed=failed,
        evidence=visible_evidence(outcome, request.user),
    )
