"""Referral pages. Views parse input, load through policies and selectors, call one service, and render."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.policies import case_nav
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import rebound, save_or_conflict
from safeguarding_reviews.documents.policies import may_download
from safeguarding_reviews.drafts.restore import take_draft
from safeguarding_reviews.drafts.selectors import page_initial
from safeguarding_reviews.drafts.services import draft_clear
from safeguarding_reviews.organisations.selectors import active_agencies_of_partnerships, agencies_of
from safeguarding_reviews.subjects.forms import SubjectEditForm, SubjectForm, initial_for
from safeguarding_reviews.subjects.models import SubjectKind
from safeguarding_reviews.subjects.policies import may_see_identity
from safeguarding_reviews.subjects.selectors import referral_subjects
from safeguarding_reviews.subjects.services import identity_record_view

from . import services
from .answers import answer_sections
from .forms import (
    SECTION_FORMS,
    AgenciesForm,
    AttachmentForm,
    ContinueForm,
    RecordForm,
    StartForm,
    SubmitForm,
)
from .models import Channel, Referral, ReferralStatus
from .policies import is_case_runner, recording_partnerships, referral_get_for_user, referrer_agencies
from .sections import BY_SLUG, SECTIONS, section_status
from .selectors import (
    agency_names,
    referral_attachment_get,
    referral_attachments,
    referral_case_id,
    referral_for_case,
    referral_person_get,
    referrals_by_author,
)

KINDS = {"child": SubjectKind.CHILD, "household-member": SubjectKind.HOUSEHOLD_MEMBER}

if TYPE_CHECKING:
    from safeguarding_reviews.subjects.models import Subject, SubjectIdentity


# --- helpers ---------------------------------------------------------------------------------------------


def _load(request: AuthenticatedHttpRequest, referral_id: UUID) -> Referral:
    return referral_get_for_user(user=request.user, referral_id=referral_id)


def _after_submit(referral: Referral) -> HttpResponse:
    return redirect("referrals:confirmation", case_id=referral.case_id)


def _record_read(
    request: AuthenticatedHttpRequest, referral: Referral, page: str, identity_ids: list[int]
) -> None:
    """Reads of a referral on a case are case reads; a draft is its author's own and names no case."""
    if referral.case is not None:
        case_record_view(actor=request.user, case=referral.case, page=page)
    identity_record_view(
        actor=request.user,
        case=referral.case if referral.case_id else None,
        subject_ids=identity_ids,
        page=page,
        partnership=referral.partnership,
    )


def _agency_choices(referral: Referral) -> list[tuple[int, str]]:
    return list(agencies_of(referral.partnership).values_list("pk", "name"))


def _people(referral: Referral, kind: str) -> list[Subject]:
    return [s for s in referral_subjects(referral) if s.kind == kind]


def _identity(subject: Subject) -> SubjectIdentity | None:
    try:
        return subject.identity
    except ObjectDoesNotExist:  # SubjectIdentity.DoesNotExist, without importing subjects' models here
        return None


def _notification_due(case: Any) -> dt.date:
    """When the local authority's decision on notifying the Panel is due: the stored deadline if the clock
    has started, else 5 working days after the partnership received the referral (the default became-aware
    date)."""
    from safeguarding_reviews.clocks.selectors import deadline_for, provisional_notification_due
    from safeguarding_reviews.working_days.selectors import statutory_non_working_days

    deadline = deadline_for(case, "notification")
    if deadline is not None:
        return deadline.extended_to or deadline.due_on
    return provisional_notification_due(
        case.referral_received_on or clock.today(), statutory_non_working_days()
    )


def _written_confirmation_due(referral: Referral) -> dt.datetime | None:
    from safeguarding_reviews.clocks.selectors import deadline_for

    if referral.channel == Channel.ONLINE or referral.case is None:
        return None
    deadline = deadline_for(referral.case, "written_confirmation")
    if deadline is not None and deadline.due_at is not None:
        return deadline.due_at
    return referral.received_at + dt.timedelta(hours=48) if referral.received_at else None


# --- starting and recording ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An agency representative's referrals: their drafts, what they submitted, and "start a referral"."""
    agencies = referrer_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    choices = [(a.pk, f"{a.name} ({a.partnership.name})") for a in agencies]
    form = StartForm(request.POST if request.method == "POST" else None, agencies=choices)
    if request.method == "POST" and form.is_valid():
        agency = next(a for a in agencies if a.pk == form.cleaned_data["agency"])
        referral = services.referral_start(actor=request.user, agency=agency)
        return redirect("referrals:task_list", referral_id=referral.pk)
    status = 400 if request.method == "POST" else 200
    mine = list(referrals_by_author(request.user, channel=Channel.ONLINE))
    context = {
        "form": form,
        "drafts": [r for r in mine if r.status == ReferralStatus.DRAFT],
        "submitted": [r for r in mine if r.status == ReferralStatus.SUBMITTED],
    }
    return render(request, "referrals/start.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def record(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The business unit records a referral received by phone or email."""
    partnership_ids = recording_partnerships(request.user)
    if not partnership_ids:
        raise PermissionDenied
    agencies = list(active_agencies_of_partnerships(partnership_ids))
    several = len(partnership_ids) > 1
    choices = [(a.pk, f"{a.name} ({a.partnership.name})" if several else a.name) for a in agencies]
    data = request.POST if request.method == "POST" else take_draft(request)
    form = RecordForm(data, agencies=choices)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        agency = next(a for a in agencies if a.pk == form.cleaned_data["agency"])
        try:
            referral = services.referral_record_received(
                actor=request.user,
                agency=agency,
                channel=form.cleaned_data["channel"],
                received_at=form.cleaned_data["received_at"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("referrals:confirmation", case_id=referral.case_id)
    return render(request, "referrals/record.html", {"form": form}, status=status)


# --- the task list and its sections ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def task_list(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    referral = _load(request, referral_id)
    if referral.status == ReferralStatus.SUBMITTED:
        return _after_submit(referral)
    completed = referral.completed_sections
    groups: dict[str, list[dict[str, Any]]] = {}
    for section in SECTIONS:
        groups.setdefault(section.group, []).append(
            {"section": section, "status": section_status(section, completed)}
        )
    done = sum(1 for s in SECTIONS if s.required and s.slug in completed)
    context = {
        "referral": referral,
        "groups": groups,
        "done": done,
        "required": sum(1 for s in SECTIONS if s.required),
    }
    _record_read(request, referral, "referral_task_list", [])
    return render(request, "referrals/task_list.html", context)


def _section_form(referral: Referral, slug: str, data: Any = None, initial: Any = None) -> Any:
    form_class = SECTION_FORMS[slug]
    if form_class is AgenciesForm:
        return AgenciesForm(data, initial=initial, agencies=_agency_choices(referral))
    return form_class(data, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def section(request: AuthenticatedHttpRequest, referral_id: UUID, section: str) -> HttpResponse:
    referral = _load(request, referral_id)
    if section not in BY_SLUG:
        raise Http404
    if referral.status == ReferralStatus.SUBMITTED:
        return _after_submit(referral)
    spec = BY_SLUG[section]
    if section in ("children", "household"):
        return _people_section(request, referral, section)
    if section == "attachments":
        return _attachments_section(request, referral)
    status = 200
    kept_draft = None
    if request.method == "POST":
        form = _section_form(referral, section, request.POST)
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.referral_section_save(
                    actor=request.user,
                    referral=referral,
                    section=section,
                    values=form.values(),
                    expected_version=form.cleaned_data["version"],
                ),
                form=form,
                on_conflict=rebound(
                    lambda data: _section_form(referral, section, data),
                    request.POST,
                    "This referral was saved in another window or by someone else while you were editing. "
                    "Your answers are below: check them and save again to keep them.",
                ),
                service_errors=False,
            )
            if attempt.saved:
                draft_clear(
                    actor=request.user,
                    path=request.path,
                    case=referral.case,
                    partnership=referral.partnership,
                )
                return redirect("referrals:task_list", referral_id=referral.pk)
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        draft = take_draft(request)
        initial = {name: getattr(referral, name) for name in spec.fields} | {"version": referral.version}
        if draft is None:
            initial, kept_draft = page_initial(
                user=request.user,
                path=request.path,
                initial=initial,
                field_names=[name for name in _section_form(referral, section).fields if name != "version"],
                current_version=referral.version,
            )
        form = (
            _section_form(referral, section, draft)
            if draft is not None
            else _section_form(referral, section, initial=initial)
        )
    _record_read(request, referral, f"referral_section_{section}", [])
    context = {"referral": referral, "spec": spec, "form": form, "kept_draft": kept_draft}
    return render(request, "referrals/section.html", context, status=status)


def _continue_at_current_version(referral: Referral) -> ContinueForm:
    """After a stale "continue" there is nothing typed to keep: the button again, at the current version."""
    referral.refresh_from_db()
    return ContinueForm(initial={"version": referral.version})


def _people_section(request: AuthenticatedHttpRequest, referral: Referral, slug: str) -> HttpResponse:
    kind = SubjectKind.CHILD if slug == "children" else SubjectKind.HOUSEHOLD_MEMBER
    status = 200
    form = ContinueForm(
        request.POST if request.method == "POST" else None, initial={"version": referral.version}
    )
    if request.method == "POST":
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.referral_section_save(
                    actor=request.user,
                    referral=referral,
                    section=slug,
                    values={},
                    expected_version=form.cleaned_data["version"],
                ),
                form=form,
                on_conflict=lambda exc: _continue_at_current_version(referral),
            )
            if attempt.saved:
                return redirect("referrals:task_list", referral_id=referral.pk)
            form, status = attempt.form, attempt.status
        else:
            status = 400
    people = _people(referral, kind)
    rows = [(person, _identity(person)) for person in people]
    _record_read(request, referral, f"referral_section_{slug}", [p.pk for p, i in rows if i is not None])
    context = {
        "referral": referral,
        "spec": BY_SLUG[slug],
        "kind": kind,
        "kind_slug": "child" if kind == SubjectKind.CHILD else "household-member",
        "rows": rows,
        "form": form,
    }
    return render(request, "referrals/people_section.html", context, status=status)


def _attachments_section(request: AuthenticatedHttpRequest, referral: Referral) -> HttpResponse:
    status = 200
    upload = AttachmentForm()
    done = ContinueForm(initial={"version": referral.version})
    if request.method == "POST":
        if request.POST.get("action") == "continue":
            done = ContinueForm(request.POST)
            if done.is_valid():
                attempt = save_or_conflict(
                    lambda: services.referral_section_save(
                        actor=request.user,
                        referral=referral,
                        section="attachments",
                        values={},
                        expected_version=done.cleaned_data["version"],
                    ),
                    form=done,
                    on_conflict=lambda exc: _continue_at_current_version(referral),
                    service_errors=False,
                )
                if attempt.saved:
                    return redirect("referrals:task_list", referral_id=referral.pk)
                done, status = attempt.form, attempt.status
            else:
                status = 400
        else:
            upload = AttachmentForm(request.POST, request.FILES)
            if upload.is_valid():
                try:
                    services.referral_attachment_add(
                        actor=request.user, referral=referral, uploaded_file=upload.cleaned_data["file"]
                    )
                except ValidationError as exc:
                    upload.add_error("file", exc)
                    status = 400
                else:
                    messages.success(request, "File uploaded")
                    return redirect("referrals:section", referral_id=referral.pk, section="attachments")
            else:
                status = 400
    _record_read(request, referral, "referral_section_attachments", [])
    context = {
        "referral": referral,
        "spec": BY_SLUG["attachments"],
        "upload": upload,
        "form": done,
        "attachments": referral_attachments(referral),
    }
    return render(request, "referrals/attachments.html", context, status=status)


# --- people in the referral ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: AuthenticatedHttpRequest, referral_id: UUID, kind: str) -> HttpResponse:
    referral = _load(request, referral_id)
    if kind not in KINDS:
        raise Http404
    if referral.status == ReferralStatus.SUBMITTED:
        return _after_submit(referral)
    data = request.POST if request.method == "POST" else take_draft(request)
    form = SubjectForm(data, kind=KINDS[kind])
    if request.method == "POST" and form.is_valid():
        services.referral_person_add(
            actor=request.user,
            referral=referral,
            kind=KINDS[kind],
            details=form.subject_values(),
            identity=form.identity_values(),
        )
        slug = "children" if KINDS[kind] == SubjectKind.CHILD else "household"
        return redirect("referrals:section", referral_id=referral.pk, section=slug)
    status = 400 if request.method == "POST" else 200
    _record_read(request, referral, "referral_person_add", [])
    context = {"referral": referral, "form": form, "kind": KINDS[kind], "subject": None}
    return render(request, "referrals/person_form.html", context, status=status)


def _referral_person(referral: Referral, subject_id: int) -> Subject:
    subject = referral_person_get(referral, subject_id)
    if subject is None:
        raise Http404
    return subject


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedHttpRequest, referral_id: UUID, subject_id: int) -> HttpResponse:
    referral = _load(request, referral_id)
    if referral.status == ReferralStatus.SUBMITTED:
        return _after_submit(referral)
    subject = _referral_person(referral, subject_id)
    status = 200
    shown: list[int] = []
    if request.method == "POST":
        form = SubjectEditForm(request.POST, kind=subject.kind)
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.referral_person_update(
                    actor=request.user,
                    referral=referral,
                    subject=subject,
                    expected_version=form.cleaned_data["version"],
                    changes=form.subject_values(),
                    identity_changes=form.identity_values(),
                ),
                form=form,
                on_conflict=rebound(
                    lambda data: SubjectEditForm(data, kind=subject.kind),
                    request.POST,
                    "These details were saved elsewhere while you were editing. Your answers are below: "
                    "check them and save again to keep them.",
                ),
                service_errors=False,
            )
            if attempt.saved:
                slug = "children" if subject.kind == SubjectKind.CHILD else "household"
                return redirect("referrals:section", referral_id=referral.pk, section=slug)
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        draft = take_draft(request)
        if draft is not None:
            form = SubjectEditForm(draft, kind=subject.kind)
        else:
            form = SubjectEditForm(initial=initial_for(subject, _identity(subject)), kind=subject.kind)
            shown = [subject.pk]
    _record_read(request, referral, "referral_person_edit", shown)
    context = {"referral": referral, "form": form, "kind": subject.kind, "subject": subject}
    return render(request, "referrals/person_form.html", context, status=status)


@login_required
@require_POST
def person_remove(request: AuthenticatedHttpRequest, referral_id: UUID, subject_id: int) -> HttpResponse:
    referral = _load(request, referral_id)
    if referral.status == ReferralStatus.SUBMITTED:
        return _after_submit(referral)
    subject = _referral_person(referral, subject_id)
    try:
        services.referral_person_remove(actor=request.user, referral=referral, subject=subject)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{subject.label} removed")
    slug = "children" if subject.kind == SubjectKind.CHILD else "household"
    return redirect("referrals:section", referral_id=referral.pk, section=slug)


@login_required
@require_POST
def attachment_remove(
    request: AuthenticatedHttpRequest, referral_id: UUID, document_id: UUID
) -> HttpResponse:
    referral = _load(request, referral_id)
    if referral.status == ReferralStatus.SUBMITTED:
        return _after_submit(referral)
    document = referral_attachment_get(referral, document_id)
    if document is None:
        raise Http404
    services.referral_attachment_remove(actor=request.user, referral=referral, document=document)
    messages.success(request, "File removed")
    return redirect("referrals:section", referral_id=referral.pk, section="attachments")


# --- check your answers and submit -----------------------------------------------------------------------


def _people_rows(referral: Referral, show_identity: bool) -> tuple[list[Any], list[Any], list[int]]:
    people = list(referral_subjects(referral))
    rows = [(p, _identity(p) if show_identity else None) for p in people]
    shown = [p.pk for p, i in rows if i is not None]
    children = [row for row in rows if row[0].kind == SubjectKind.CHILD]
    household = [row for row in rows if row[0].kind == SubjectKind.HOUSEHOLD_MEMBER]
    return children, household, shown


@login_required
@require_http_methods(["GET", "POST"])
def check(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    referral = _load(request, referral_id)
    if referral.status == ReferralStatus.SUBMITTED:
        return _after_submit(referral)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.referral_submit(actor=request.user, referral=referral)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                return redirect("referrals:confirmation", case_id=referral_case_id(referral))
    children, household, shown = _people_rows(referral, True)
    context = {
        "referral": referral,
        "form": form,
        "answers": answer_sections(referral, agency_names=agency_names(referral), editable=True),
        "children": children,
        "household": household,
        "attachments": referral_attachments(referral),
        "problems": services.submission_problems(referral),
        "editable": True,
    }
    _record_read(request, referral, "referral_check", shown)
    return render(request, "referrals/check.html", context, status=status)


# --- on the case -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def confirmation(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    referral = referral_for_case(case)
    if referral is None:
        raise Http404
    mine = request.user.pk in (referral.created_by_id, referral.submitted_by_id)
    if not (mine or is_case_runner(request.user, case)):
        raise PermissionDenied
    context = case_nav(request.user, case) | {
        "referral": referral,
        "submitted": referral.status == ReferralStatus.SUBMITTED,
        "notification_due": _notification_due(case),
        "written_confirmation_due": _written_confirmation_due(referral),
        "is_business_unit": is_case_runner(request.user, case),
    }
    case_record_view(actor=request.user, case=case, page="referral_confirmation")
    return render(request, "referrals/confirmation.html", context)


@login_required
@require_http_methods(["GET"])
def case_referral(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    referral = referral_for_case(case)
    if referral is None:
        raise Http404
    show_identity = may_see_identity(request.user, case)
    children, household, shown = _people_rows(referral, show_identity)
    attachments = referral_attachments(referral)
    runner = is_case_runner(request.user, case)
    context = case_nav(request.user, case) | {
        "referral": referral,
        "answers": answer_sections(referral, agency_names=agency_names(referral), editable=False),
        "children": children,
        "household": household,
        "attachments": attachments,
        "may_download": bool(attachments) and may_download(request.user, case, attachments[0]),
        "show_identity": show_identity,
        "is_business_unit": runner,
        "may_continue": runner and referral.status == ReferralStatus.DRAFT,
        "written_confirmation_due": _written_confirmation_due(referral),
    }
    case_record_view(actor=request.user, case=case, page="case_referral")
    identity_record_view(actor=request.user, case=case, subject_ids=shown, page="case_referral")
    return render(request, "referrals/case_referral.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def written_confirmation(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    referral = referral_for_case(case)
    if referral is None or referral.channel == Channel.ONLINE:
        raise Http404
    if not is_case_runner(request.user, case):
        raise PermissionDenied
    from .forms import ReceivedAtForm

    data = request.POST if request.method == "POST" else take_draft(request)
    form = ReceivedAtForm(data)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_written_confirmation_record(
                actor=request.user, referral=referral, received_at=form.cleaned_data["received_at"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Written confirmation recorded")
            return redirect("referrals:case_referral", case_id=case.pk)
    context = case_nav(request.user, case) | {"referral": referral, "form": form}
    case_record_view(actor=request.user, case=case, page="referral_written_confirmation")
    return render(request, "referrals/written_confirmation.html", context, status=status)
