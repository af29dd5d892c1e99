"""The family's involvement in the review: the family page and each member's page for everyone who may see
the case (relationships and labels; names and addresses only with identity access, each showing audited);
the recording pages for the business unit and the case's reviewer; the information letter for those who may
see identity details (404 for anyone else who can see the case). Every GET records one read of the case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.policies import case_nav
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core.forms import add_service_errors, rebound, save_or_conflict
from safeguarding_reviews.documents.services import document_path
from safeguarding_reviews.drafts.restore import take_draft
from safeguarding_reviews.parallel_processes.selectors import active_blocks
from safeguarding_reviews.reports.selectors import latest_document_generation, latest_documents
from safeguarding_reviews.reports.services import document_generation_record_download

from . import rules, selectors, services
from .forms import (
    ApproachForm,
    ContactForm,
    DraftForm,
    ExpectationsForm,
    MemberEditForm,
    MemberForm,
    MemberRemoveForm,
    ViewsForm,
)
from .models import FamilyMember
from .policies import (
    family_case_get,
    letter_case_get,
    may_read_contact_log,
    may_record_family,
    may_see_family_names,
)

CONFLICT = (
    "Someone else saved changes to this family member while you were editing. Your answers are below; check "
    "what is saved now and save again to keep yours."
)


REMOVE_CONFLICT = (
    "Someone else changed this family member while you were looking. Check them and confirm again."
)


def _member(case: Any, member_id: int, *, write: bool = False) -> FamilyMember:
    """The case's member (404 if none); with `write`, 403 if they were removed (their pages stay readable)."""
    member = selectors.member_get(case, member_id)
    if member is None:
        raise Http404("No family member found")
    if write and member.is_removed:
        raise PermissionDenied(services.REMOVED)
    return member


@login_required
@require_http_methods(["GET"])
def family(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = family_case_get(user=request.user, case_id=case_id)
    members, removed = selectors.family_list(case)
    statuses = selectors.statuses(members)
    ages = selectors.ages(case, members)
    names = selectors.names_for(request.user, case, [*members, *removed])
    blocks = active_blocks(case)
    context = case_nav(request.user, case) | {
        "rows": [
            {
                "member": m,
                "identity": names.get(m.pk),
                "age": rules.age_text(ages[m.pk]) if m.is_child else "",
                "status": statuses[m.pk],
                "status_label": rules.STATUS_LABELS[statuses[m.pk]],
            }
            for m in members
        ],
        "removed": [{"member": m, "identity": names.get(m.pk)} for m in removed],
        "summary": rules.summary(list(statuses.values())),
        "refusal": rules.family_contact_refusal(blocks),
        "shows_names": bool(names),
        "may_record": may_record_family(request.user, case),
        "may_read_contact_log": may_read_contact_log(request.user, case),
    }
    case_record_view(actor=request.user, case=case, page="family")
    services.family_names_record_view(
        actor=request.user,
        case=case,
        members=[m for m in [*members, *removed] if m.pk in names],
        page="family",
    )
    return render(request, "families/family.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = family_case_get(user=request.user, case_id=case_id, write=True)
    data = request.POST if request.method == "POST" else take_draft(request)
    form = MemberForm(data, subjects=selectors.subject_choices(case))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                member = services.member_add(actor=request.user, case=case, **form.values())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Family member added")
                return redirect("families:member", case_id=case.pk, member_id=member.pk)
    case_record_view(actor=request.user, case=case, page="family_member_add")
    context = case_nav(request.user, case) | {"form": form, "title": "Add a family member", "member": None}
    return render(request, "families/form.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def member(request: AuthenticatedHttpRequest, case_id: UUID, member_id: int) -> HttpResponse:
    case = family_case_get(user=request.user, case_id=case_id)
    found = _member(case, member_id)
    names = selectors.names_for(request.user, case, [found])
    blocks = active_blocks(case)
    contacts = selectors.contacts_of(found)
    status = rules.member_status(approach=found.approach, contacts=[(c.kind, c.result) for c in contacts])
    letter = letter_pending = None
    if names:
        letter = latest_documents(case, builder=services.LETTER_BUILDER, subject_ids=[found.pk]).get(found.pk)
        pending = latest_document_generation(case, builder=services.LETTER_BUILDER, subject_id=found.pk)
        letter_pending = pending if pending is not None and pending.in_flight else None
    context = case_nav(request.user, case) | {
        "member": found,
        "identity": names.get(found.pk),
        "may_see_names": may_see_family_names(request.user, case),
        "age": rules.age_text(selectors.ages(case, [found]).get(found.pk)) if found.is_child else "",
        "status_label": rules.STATUS_LABELS[status],
        "contacts": contacts,
        "refusal": rules.family_contact_refusal(blocks),
        "draft_refusal": rules.draft_refusal(blocks, approach=found.approach),
        "letter": letter,
        "letter_pending": letter_pending,
        "may_record": may_record_family(request.user, case) and not found.is_removed,
    }
    case_record_view(actor=request.user, case=case, page="family_member")
    services.family_names_record_view(
        actor=request.user, case=case, members=[found] if names else [], page="family_member"
    )
    return render(request, "families/member.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: AuthenticatedHttpRequest, case_id: UUID, member_id: int) -> HttpResponse:
    """Correct a member's details. An added person: relationship, child and age, and (with identity access
    only) name and address. One of the case's people: nothing here (their details are the subject's)."""
    case = family_case_get(user=request.user, case_id=case_id, write=True)
    found = _member(case, member_id, write=True)
    with_identity = may_see_family_names(request.user, case)
    shown: list[FamilyMember] = []
    status = 200
    error = None
    form: MemberEditForm | None = None
    if found.subject_id is not None:
        if request.method == "POST":
            error, status = services.SUBJECT_DETAILS, 400
    elif request.method == "POST":
        form = posted = MemberEditForm(request.POST, with_identity=with_identity)
        status = 400
        if posted.is_valid():
            attempt = save_or_conflict(
                lambda: services.member_update(
                    actor=request.user,
                    case=case,
                    member=found,
                    expected_version=posted.cleaned_data["version"],
                    **posted.values(),
                ),
                form=posted,
                on_conflict=rebound(
                    lambda data: MemberEditForm(data, with_identity=with_identity), request.POST, CONFLICT
                ),
            )
            if attempt.saved:
                messages.success(request, "Family member's details saved")
                return redirect("families:member", case_id=case.pk, member_id=found.pk)
            form, status = attempt.form, attempt.status
    elif (draft := take_draft(request)) is not None:
        form = MemberEditForm(draft, with_identity=with_identity)
    else:
        initial = {
            "relationship": found.relationship,
            "is_child": found.is_child,
            "age_years": found.age_years,
            "version": found.version,
        }
        identity = selectors.names_for(request.user, case, [found]).get(found.pk)
        if identity is not None:
            initial |= {name: getattr(identity, name) for name in services.IDENTITY_FIELDS}
            shown = [found]
        form = MemberEditForm(initial=initial, with_identity=with_identity)
    context = case_nav(request.user, case) | {
        "form": form,
        "member": found,
        "error": error,
        "with_identity": with_identity,
    }
    case_record_view(actor=request.user, case=case, page="family_member_edit")
    services.family_names_record_view(actor=request.user, case=case, members=shown, page="family_member_edit")
    return render(request, "families/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: AuthenticatedHttpRequest, case_id: UUID, member_id: int) -> HttpResponse:
    """Remove a member recorded in error, with a reason: kept, marked removed, listed apart."""
    case = family_case_get(user=request.user, case_id=case_id, write=True)
    found = _member(case, member_id, write=True)
    status = 200
    if request.method == "POST":
        form = MemberRemoveForm(request.POST)
        status = 400
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.member_remove(
                    actor=request.user,
                    case=case,
                    member=found,
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                ),
                form=form,
                on_conflict=rebound(MemberRemoveForm, request.POST, REMOVE_CONFLICT),
            )
            if attempt.saved:
                messages.success(request, "Family member removed")
                return redirect("families:family", case_id=case.pk)
            form, status = attempt.form, attempt.status
    else:
        form = MemberRemoveForm(initial={"version": found.version})
    context = case_nav(request.user, case) | {"form": form, "member": found}
    case_record_view(actor=request.user, case=case, page="family_member_remove")
    return render(request, "families/remove.html", context, status=status)


def _form_page(
    request: AuthenticatedHttpRequest,
    case: Any,
    member: FamilyMember,
    form: Any,
    *,
    title: str,
    status: int,
    page: str,
) -> HttpResponse:
    context = case_nav(request.user, case) | {"form": form, "member": member, "title": title}
    case_record_view(actor=request.user, case=case, page=page)
    return render(request, "families/form.html", context, status=status)


def _section(
    request: AuthenticatedHttpRequest,
    case_id: UUID,
    member_id: int,
    *,
    make: Callable[[Any, FamilyMember], Any],
    initial: Callable[[FamilyMember], dict[str, Any]],
    save: Callable[..., Any],
    title: str,
    done: str,
    page: str,
) -> HttpResponse:
    """A versioned section of the member's record: the form with what is saved, or the answers saved."""
    case = family_case_get(user=request.user, case_id=case_id, write=True)
    found = _member(case, member_id, write=True)
    status = 200
    if request.method == "POST":
        form = make(request.POST, found)
        status = 400
        if form.is_valid():
            values = (
                form.values()
                if hasattr(form, "values")
                else {k: v for k, v in form.cleaned_data.items() if k != "version"}
            )
            attempt = save_or_conflict(
                lambda: save(
                    actor=request.user,
                    case=case,
                    member=found,
                    expected_version=form.cleaned_data["version"],
                    **values,
                ),
                form=form,
                on_conflict=rebound(lambda data: make(data, found), request.POST, CONFLICT),
            )
            if attempt.saved:
                messages.success(request, done)
                return redirect("families:member", case_id=case.pk, member_id=found.pk)
            form, status = attempt.form, attempt.status
    elif (draft := take_draft(request)) is not None:
        form = make(draft, found)
    else:
        form = make(None, found)
        form.initial = initial(found) | {"version": found.version}
    return _form_page(request, case, found, form, title=title, status=status, page=page)


@login_required
@require_http_methods(["GET", "POST"])
def approach(request: AuthenticatedHttpRequest, case_id: UUID, member_id: int) -> HttpResponse:
    fields = (
        "approach",
        "approach_method",
        "approach_reason",
        "agreed_with",
        "decided_on",
        "child_wishes",
        "child_adaptation",
    )
    return _section(
        request,
        case_id,
        member_id,
        make=lambda data, m: ApproachForm(data, is_child=m.is_child),
        initial=lambda m: {name: getattr(m, name) for name in fields},
        save=services.approach_record,
        title="Whether and how to approach them",
        done="Decision recorded",
        page="family_approach",
    )


@login_required
@require_http_methods(["GET", "POST"])
def expectations(request: AuthenticatedHttpRequest, case_id: UUID, member_id: int) -> HttpResponse:
    return _section(
        request,
        case_id,
        member_id,
        make=lambda data, m: ExpectationsForm(data),
        initial=lambda m: {"expectations_on": m.expectations_on, "expectations_how": m.expectations_how},
        save=services.expectations_record,
        title="The expectations explained to them",
        done="Expectations recorded",
        page="family_expectations",
    )


@login_required
@require_http_methods(["GET", "POST"])
def views_used(request: AuthenticatedHttpRequest, case_id: UUID, member_id: int) -> HttpResponse:
    return _section(
        request,
        case_id,
        member_id,
        make=lambda data, m: ViewsForm(data),
        initial=lambda m: {"views_used": m.views_used},
        save=services.views_record,
        title="How their views were used in the report",
        done="How their views were used is recorded",
        page="family_views",
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft(request: AuthenticatedHttpRequest, case_id: UUID, member_id: int) -> HttpResponse:
    return _section(
        request,
        case_id,
        member_id,
        make=lambda data, m: DraftForm(data, drafts=selectors.draft_choices(m.case_id)),
        initial=lambda m: {
            "draft_shared_on": m.draft_shared_on,
            "draft": m.draft_id,
            "draft_response": m.draft_response,
            "draft_response_on": m.draft_response_on,
        },
        save=services.draft_record,
        title="The draft report shared with them",
        done="Draft sharing recorded",
        page="family_draft",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: AuthenticatedHttpRequest, case_id: UUID, member_id: int) -> HttpResponse:
    case = family_case_get(user=request.user, case_id=case_id, write=True)
    found = _member(case, member_id, write=True)
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.contact_add(actor=request.user, case=case, member=found, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Contact recorded")
                return redirect("families:member", case_id=case.pk, member_id=found.pk)
    else:
        form = ContactForm(take_draft(request))
    return _form_page(
        request,
        case,
        found,
        form,
        title="Record a contact attempt or meeting",
        status=status,
        page="family_contact",
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_generate(request: AuthenticatedHttpRequest, case_id: UUID, member_id: int) -> HttpResponse:
    """Make the member's information letter (on the task worker). 404 to anyone who may not see identity
    details; 403 to one who may but does not record the family's involvement."""
    case = letter_case_get(user=request.user, case_id=case_id, generate=True)
    found = _member(case, member_id, write=True)
    identity = selectors.names_for(request.user, case, [found]).get(found.pk)
    error = None
    status = 200
    if request.method == "POST":
        try:
            generation = services.letter_request(actor=request.user, case=case, member=found)
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
        else:
            return redirect("reports:document_generation_status", case_id=case.pk, job_id=generation.pk)
    context = case_nav(request.user, case) | {"member": found, "identity": identity, "error": error}
    case_record_view(actor=request.user, case=case, page="family_letter")
    services.family_names_record_view(
        actor=request.user, case=case, members=[found] if identity else [], page="family_letter"
    )
    return render(request, "families/letter.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def letter_download(request: AuthenticatedHttpRequest, case_id: UUID, member_id: int) -> HttpResponseBase:
    """The member's latest information letter (DOCX). 404 to anyone who may not see identity details, or if
    none has been made; each download recorded (report.document_downloaded) with the identity read."""
    case = letter_case_get(user=request.user, case_id=case_id)
    found = _member(case, member_id)
    letter = latest_documents(case, builder=services.LETTER_BUILDER, subject_ids=[found.pk]).get(found.pk)
    if letter is None or letter.document is None:
        raise Http404("No letter has been made")
    try:
        handle = document_path(letter.document).open("rb")
    except FileNotFoundError as exc:
        raise Http404("No letter found") from exc
    letter.case = case
    document_generation_record_download(actor=request.user, generation=letter)
    services.family_names_record_view(
        actor=request.user, case=case, members=[found], page="family_letter_download"
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"family-information-letter-{case.reference}-member-{found.pk}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response
