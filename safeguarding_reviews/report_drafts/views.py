"""The report's drafts: the versions with their checksums, each version with its comments and the reviewer's
responses, uploads, comments, responses and factual-accuracy requests. Views parse input, load through
policies and selectors, call one service, render. Every GET records one read of the case (a download: the
document's download event)."""

from __future__ import annotations

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
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import add_service_errors, rebound, save_or_conflict
from safeguarding_reviews.documents.inspection import TYPES, safe_download_name
from safeguarding_reviews.documents.services import document_path
from safeguarding_reviews.organisations.roles import Role

from . import policies, rules, selectors, services
from .forms import CommentForm, FactualRequestForm, ReplyForm, ResponseForm, UploadForm, WithdrawForm
from .models import FactualStatus, ReportDraft

CONFLICT = (
    "Someone else saved a response to this comment while you were editing. Your answers are below with what "
    "is saved now; save again to keep yours."
)


def _flags(user: Any, case: Any) -> dict[str, Any]:
    is_open = case.stage != Stage.CLOSED
    return {
        "may_upload": is_open and policies.may_upload(user, case),
        "may_comment": is_open and policies.may_comment(user, case),
        "may_respond": is_open and policies.may_respond(user, case),
        "may_request": is_open and policies.may_request_factual_check(user, case),
    }


def _draft(case: Any, version: int) -> ReportDraft:
    draft = selectors.draft_get(case, version)
    if draft is None:
        raise Http404("No draft found")
    return draft


def _saved(request: AuthenticatedHttpRequest, form: Any, save: Any, done: str) -> bool:
    """Validate a posted form and call its one service with the cleaned data; a service's refusal becomes the
    form's errors. True when saved (with the success message set)."""
    if not form.is_valid():
        return False
    try:
        save(form)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    messages.success(request, done)
    return True


def _versioned_post(form_class: Any, data: Any, save: Any) -> tuple[Any, int, bool]:
    """(form, status, saved) for a posted form whose service is versioned: a stale save re-shows the form with
    the current version and a message (409)."""
    form = form_class(data)
    if not form.is_valid():
        return form, 400, False
    attempt = save_or_conflict(
        lambda: save(form.cleaned_data),
        form=form,
        on_conflict=rebound(form_class, data, "This request changed: check it and try again."),
    )
    return attempt.form, attempt.status, attempt.saved


def _role_label(code: str) -> str:
    return Role(code).label if code in Role.values else code


@login_required
@require_http_methods(["GET"])
def drafts(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = policies.drafts_case_get(user=request.user, case_id=case_id)
    context = (
        case_nav(request.user, case) | _flags(request.user, case) | {"versions": selectors.versions_of(case)}
    )
    case_record_view(actor=request.user, case=case, page="report_drafts")
    return render(request, "report_drafts/drafts.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = policies.drafts_case_get(user=request.user, case_id=case_id, action="upload")
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        status = 400
        if _saved(
            request,
            form,
            lambda f: services.draft_upload(
                actor=request.user,
                case=case,
                uploaded_file=f.cleaned_data["file"],
                note=f.cleaned_data["note"],
            ),
            "New version uploaded",
        ):
            return redirect("report_drafts:drafts", case_id=case.pk)
    else:
        form = UploadForm()
    context = case_nav(request.user, case) | {
        "form": form,
        "next_version": selectors.latest_version(case) + 1,
        "on_behalf": not policies.is_case_reviewer(request.user, case),
    }
    case_record_view(actor=request.user, case=case, page="report_draft_upload")
    return render(request, "report_drafts/upload.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def version(request: AuthenticatedHttpRequest, case_id: UUID, version: int) -> HttpResponse:
    case = policies.drafts_case_get(user=request.user, case_id=case_id)
    draft = _draft(case, version)
    latest = selectors.latest_version(case)
    flags = _flags(request.user, case)
    comments = selectors.comments_of(draft)
    context = (
        case_nav(request.user, case)
        | flags
        | {
            "draft": draft,
            "latest": latest,
            "refusal": rules.comment_refusal(
                version=draft.version, latest_version=latest, case_closed=case.stage == Stage.CLOSED
            ),
            "comments": [(c, _role_label(c.author_role)) for c in comments],
            "awaiting": sum(1 for c in comments if c.response == "awaiting"),
            "factual": selectors.factual_rows(draft, today=clock.today()),
        }
    )
    case_record_view(actor=request.user, case=case, page="report_draft")
    return render(request, "report_drafts/version.html", context)


def _file_response(draft: ReportDraft) -> FileResponse:
    document = draft.document
    try:
        handle = document_path(document).open("rb")
    except FileNotFoundError as exc:
        raise Http404("No document found") from exc
    file_type = TYPES[document.detected_type]
    response = FileResponse(handle, content_type=file_type.content_type)
    response["Content-Length"] = str(document.size)
    name = safe_download_name(f"draft-v{draft.version}-{draft.case.reference}", file_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_http_methods(["GET"])
def download(request: AuthenticatedHttpRequest, case_id: UUID, version: int) -> HttpResponseBase:
    case = policies.drafts_case_get(user=request.user, case_id=case_id)
    draft = _draft(case, version)
    response = _file_response(draft)
    services.draft_record_download(actor=request.user, draft=draft)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def comment_add(request: AuthenticatedHttpRequest, case_id: UUID, version: int) -> HttpResponse:
    case = policies.drafts_case_get(user=request.user, case_id=case_id, action="comment")
    draft = _draft(case, version)
    refusal = rules.comment_refusal(
        version=draft.version,
        latest_version=selectors.latest_version(case),
        case_closed=case.stage == Stage.CLOSED,
    )
    if refusal:
        raise PermissionDenied(refusal)
    status = 200
    if request.method == "POST":
        form = CommentForm(request.POST)
        status = 400
        if _saved(
            request,
            form,
            lambda f: services.comment_add(actor=request.user, draft=draft, **f.cleaned_data),
            "Comment added",
        ):
            return redirect("report_drafts:version", case_id=case.pk, version=draft.version)
    else:
        form = CommentForm()
    context = case_nav(request.user, case) | {"form": form, "draft": draft, "title": "Comment on the draft"}
    case_record_view(actor=request.user, case=case, page="report_draft_comment")
    return render(request, "report_drafts/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def respond(request: AuthenticatedHttpRequest, case_id: UUID, version: int, comment_id: int) -> HttpResponse:
    case = policies.drafts_case_get(user=request.user, case_id=case_id, action="respond")
    draft = _draft(case, version)
    comment = selectors.comment_get(draft, comment_id)
    if comment is None:
        raise Http404("No comment found")
    if case.stage == Stage.CLOSED:
        raise PermissionDenied("The case is closed: its drafts can no longer be changed")
    status = 200
    if request.method == "POST":
        form = ResponseForm(request.POST)
        status = 400
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.comment_respond(
                    actor=request.user,
                    comment=comment,
                    expected_version=form.cleaned_data["version"],
                    response=form.cleaned_data["response"],
                    reason=form.cleaned_data["reason"],
                ),
                form=form,
                on_conflict=rebound(ResponseForm, request.POST, CONFLICT),
            )
            if attempt.saved:
                messages.success(request, "Response saved")
                return redirect("report_drafts:version", case_id=case.pk, version=draft.version)
            form, status = attempt.form, attempt.status
    else:
        initial: dict[str, Any] = {"version": comment.version}
        if comment.response != "awaiting":
            initial |= {"response": comment.response, "reason": comment.response_reason}
        form = ResponseForm(initial=initial)
    context = case_nav(request.user, case) | {
        "form": form,
        "draft": draft,
        "comment": comment,
        "role_label": _role_label(comment.author_role),
        "title": "Respond to a comment",
    }
    case_record_view(actor=request.user, case=case, page="report_draft_respond")
    return render(request, "report_drafts/form.html", context, status=status)


def _people(case: Any) -> list[tuple[str, str]]:
    return [
        (f"{person.pk}:{agency.pk}", f"{person.full_name}, {agency.name}")
        for person, agency in selectors.agency_people(case)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def factual_new(request: AuthenticatedHttpRequest, case_id: UUID, version: int) -> HttpResponse:
    case = policies.drafts_case_get(user=request.user, case_id=case_id, action="factual")
    draft = _draft(case, version)
    if case.stage == Stage.CLOSED:
        raise PermissionDenied("The case is closed: its drafts can no longer be changed")
    people = _people(case)
    status = 200
    if request.method == "POST":
        form = FactualRequestForm(request.POST, people=people)
        status = 400
        if _saved(
            request,
            form,
            lambda f: services.factual_request_send(actor=request.user, draft=draft, **f.values()),
            "Factual-accuracy check requested",
        ):
            return redirect("report_drafts:version", case_id=case.pk, version=draft.version)
    else:
        form = FactualRequestForm(people=people)
    context = case_nav(request.user, case) | {
        "form": form,
        "draft": draft,
        "title": "Ask an agency to check the draft for factual accuracy",
    }
    case_record_view(actor=request.user, case=case, page="report_draft_factual_new")
    return render(request, "report_drafts/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def factual_request(request: AuthenticatedHttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    """One factual-accuracy request. Its recipient (who sees only this) downloads the draft, adds corrections
    and replies; the drafts' readers read it."""
    req, is_recipient = policies.factual_request_get(
        user=request.user, case_id=case_id, request_id=request_id
    )
    is_open = req.status == FactualStatus.OPEN
    may_reply = is_recipient and is_open
    may_withdraw = not is_recipient and is_open and policies.may_request_factual_check(request.user, req.case)
    form: Any = (WithdrawForm if may_withdraw else ReplyForm)(initial={"version": req.version})
    status = 200
    if request.method == "POST":
        if may_reply:
            form, status, saved = _versioned_post(
                ReplyForm,
                request.POST,
                lambda data: services.factual_reply(
                    actor=request.user, request=req, expected_version=data["version"], reply=data["reply"]
                ),
            )
            if saved:
                messages.success(request, "Reply sent. Thank you: the draft is no longer available to you.")
                return redirect("home")
        elif may_withdraw:
            form, status, saved = _versioned_post(
                WithdrawForm,
                request.POST,
                lambda data: services.factual_withdraw(
                    actor=request.user, request=req, expected_version=data["version"]
                ),
            )
            if saved:
                messages.success(request, "Request withdrawn")
                return redirect("report_drafts:version", case_id=req.case_id, version=req.draft.version)
        elif is_open:
            raise PermissionDenied("Only the person asked replies to a factual-accuracy request")
        else:
            raise PermissionDenied("This request is no longer open")
    context = {
        "case": req.case,
        "req": req,
        "row": selectors.factual_row(req, today=clock.today()),
        "corrections": selectors.corrections_of(req),
        "is_recipient": is_recipient,
        "may_reply": may_reply,
        "may_withdraw": may_withdraw,
        "form": form,
    }
    case_record_view(actor=request.user, case=req.case, page="report_draft_factual_request")
    return render(request, "report_drafts/factual_request.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def factual_correction(request: AuthenticatedHttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    req, is_recipient = policies.factual_request_get(
        user=request.user, case_id=case_id, request_id=request_id
    )
    if not is_recipient:
        raise PermissionDenied("Only the person asked sends factual corrections")
    status = 200
    if request.method == "POST":
        form = CommentForm(request.POST)
        status = 400
        if _saved(
            request,
            form,
            lambda f: services.factual_correction_add(actor=request.user, request=req, **f.cleaned_data),
            "Correction added",
        ):
            return redirect("report_drafts:factual_request", case_id=req.case_id, request_id=req.pk)
    else:
        form = CommentForm()
    context = {"case": req.case, "req": req, "form": form, "title": "Add a factual correction"}
    case_record_view(actor=request.user, case=req.case, page="report_draft_factual_correction")
    return render(request, "report_drafts/correction.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def factual_download(request: AuthenticatedHttpRequest, case_id: UUID, request_id: int) -> HttpResponseBase:
    """The request's draft: for its recipient while it is open, and for the drafts' readers."""
    req, _ = policies.factual_request_get(user=request.user, case_id=case_id, request_id=request_id)
    response = _file_response(req.draft)
    services.draft_record_download(actor=request.user, draft=req.draft)
    return response
