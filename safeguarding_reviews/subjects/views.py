"""People in this case: labels for everyone who may see the case, identity details for those who need them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.policies import case_nav
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core.forms import rebound, save_or_conflict
from safeguarding_reviews.drafts.restore import take_draft

from . import services
from .forms import SubjectEditForm, SubjectForm, initial_for
from .models import SubjectKind
from .policies import may_manage_subjects, may_see_identity
from .selectors import case_subjects as select_case_subjects
from .selectors import identities_for, identity_of, subject_get

KINDS = {"child": SubjectKind.CHILD, "household-member": SubjectKind.HOUSEHOLD_MEMBER}


@login_required
@require_http_methods(["GET"])
def case_subjects(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    subjects = select_case_subjects(case)
    identities = identities_for(request.user, case)
    rows = [(subject, identities.get(subject.pk)) for subject in subjects]
    context = case_nav(request.user, case) | {
        "children": [row for row in rows if row[0].kind == SubjectKind.CHILD],
        "household": [row for row in rows if row[0].kind == SubjectKind.HOUSEHOLD_MEMBER],
        "shows_identity": bool(identities),
        "may_see_identity": may_see_identity(request.user, case),
        "may_manage": may_manage_subjects(request.user, case),
    }
    case_record_view(actor=request.user, case=case, page="case_subjects")
    services.identity_record_view(
        actor=request.user, case=case, subject_ids=list(identities), page="case_subjects"
    )
    return render(request, "subjects/case_subjects.html", context)


def _managed_case(request: AuthenticatedHttpRequest, case_id: UUID) -> Any:
    case = case_get_for_user(user=request.user, case_id=case_id)
    if not may_manage_subjects(request.user, case):
        raise PermissionDenied
    return case


@login_required
@require_http_methods(["GET", "POST"])
def subject_add(request: AuthenticatedHttpRequest, case_id: UUID, kind: str) -> HttpResponse:
    case = _managed_case(request, case_id)
    if kind not in KINDS:
        raise Http404
    data = request.POST if request.method == "POST" else take_draft(request)
    form = SubjectForm(data, kind=KINDS[kind])
    if request.method == "POST" and form.is_valid():
        subject = services.subject_add(
            actor=request.user,
            case=case,
            kind=KINDS[kind],
            details=form.subject_values(),
            identity=form.identity_values(),
        )
        messages.success(request, f"{subject.label} added")
        return redirect("subjects:case_subjects", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    context = case_nav(request.user, case) | {"form": form, "kind": KINDS[kind]}
    case_record_view(actor=request.user, case=case, page="subject_add")
    return render(request, "subjects/subject_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def subject_edit(request: AuthenticatedHttpRequest, case_id: UUID, subject_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    subject = subject_get(case, subject_id)
    if subject is None:
        raise Http404
    identity = identity_of(subject.pk)
    conflict = None
    status = 200
    shown_identity = False
    if request.method == "POST":
        form = SubjectEditForm(request.POST, kind=subject.kind, with_label=True)
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.subject_update(
                    actor=request.user,
                    case=case,
                    subject=subject,
                    expected_version=form.cleaned_data["version"],
                    changes=form.subject_values(),
                    identity_changes=form.identity_values(),
                ),
                form=form,
                on_conflict=rebound(
                    lambda data: SubjectEditForm(data, kind=subject.kind, with_label=True),
                    request.POST,
                    "Someone else saved changes to this person while you were editing. Your answers are "
                    "below; check the differences and save again to keep yours.",
                ),
                service_errors=False,
            )
            if attempt.saved:
                messages.success(request, "Details saved")
                return redirect("subjects:case_subjects", case_id=case.pk)
            if attempt.stale is not None:
                current = attempt.stale.current
                current_identity = identity_of(current.pk)
                conflict = _differences(form, current, current_identity)
                shown_identity = True
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        draft = take_draft(request)
        if draft is not None:
            form = SubjectEditForm(draft, kind=subject.kind, with_label=True)
        else:
            form = SubjectEditForm(initial=initial_for(subject, identity), kind=subject.kind, with_label=True)
            shown_identity = True
    context = case_nav(request.user, case) | {
        "form": form,
        "subject": subject,
        "kind": subject.kind,
        "conflict": conflict,
    }
    case_record_view(actor=request.user, case=case, page="subject_edit")
    if shown_identity:
        services.identity_record_view(
            actor=request.user, case=case, subject_ids=[subject.pk], page="subject_edit"
        )
    return render(request, "subjects/subject_form.html", context, status=status)


def _differences(form: SubjectForm, subject: Any, identity: Any) -> list[dict[str, Any]]:
    changes = []
    for name, yours in form.cleaned_data.items():
        if name == "version":
            continue
        source = subject if name in services.SUBJECT_FIELDS else identity
        theirs = getattr(source, name, None) if source is not None else None
        if (theirs or None) != (yours or None):
            changes.append(
                {"label": form.fields[name].label, "theirs": _shown(theirs), "yours": _shown(yours)}
            )
    return changes


def _shown(value: Any) -> Any:
    """A list (known-as names, schools) as the form shows it."""
    return ", ".join(value) if isinstance(value, list) else value
