"""Publication of a local review: the task list (for everyone who may read it), each publishable file with
its versions and their redaction checks, and the business unit's pages (upload, the decision, holds, the
notice, the publication record, the seven-minute briefing). Views parse input, load through policies and
selectors, call one service, render. Every GET (and every page shown again after a refused POST) records one
read of the case; a download records one download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.policies import case_nav
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.clocks.policies import may_decide_adjustments
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import add_service_errors, rebound, save_or_conflict
from safeguarding_reviews.core.throttle import job_rate_limit
from safeguarding_reviews.documents.downloads import attachment_response
from safeguarding_reviews.drafts.restore import take_draft
from safeguarding_reviews.final_reports.selectors import report_for_case
from safeguarding_reviews.parallel_processes.selectors import processes_for_case
from safeguarding_reviews.signoffs.policies import SignOffAction
from safeguarding_reviews.signoffs.policies import may as may_signoff
from safeguarding_reviews.working_days.selectors import statutory_non_working_days

from . import checking, rules, selectors, services
from .forms import (
    BriefingAddForm,
    BriefingGenerateForm,
    DecisionForm,
    HoldDecisionForm,
    HoldForm,
    HoldLiftForm,
    HoldReviewForm,
    NoticeForm,
    RecordForm,
    UploadForm,
)
from .models import PublicationFile, PublicationHold
from .policies import PublicationAction, may, publication_case_get

CONFLICT = (
    "Someone else changed this while you were editing. Your answers are below; check the page and save again "
    "to keep yours."
)


def _kind(kind: str) -> rules.FileKind:
    if kind not in rules.FileKind.values:
        raise Http404("No such file")
    return rules.FileKind(kind)


def _context(request: AuthenticatedHttpRequest, case: Any, **extra: Any) -> dict[str, Any]:
    return (
        case_nav(request.user, case) | {"may_edit": may(request.user, PublicationAction.EDIT, case)} | extra
    )


def _holds_words(found: selectors.Overview) -> str:
    held = found.held
    if held:
        return "Held: " + "; ".join(h.reason for h in held)
    return ""


@login_required
@require_http_methods(["GET"])
def task_list(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = publication_case_get(user=request.user, case_id=case_id)
    found = selectors.overview(case)
    deadline = found.deadline
    context = _context(
        request,
        case,
        found=found,
        kinds=[(kind, found.files.get(kind), found.publishable.get(kind, False)) for kind in rules.FileKind],
        recipients=selectors.recipient_labels(selectors.recipients_of(found.rules)),
        notice_recipients=selectors.recipient_labels(found.notice.recipients) if found.notice else [],
        signing_refusal=rules.signing_refusal(found.facts),
        notice_refusals=rules.notice_refusals(found.facts),
        publish_refusals=rules.publish_refusals(found.facts) if found.record is None else [],
        held_words=_holds_words(found),
        deadline=deadline,
        sign_url=reverse("signoffs:document", kwargs={"case_id": case.pk, "kind": selectors.KIND})
        if may_signoff(request.user, SignOffAction.VIEW, case)
        else None,
        may_sign=may_signoff(request.user, SignOffAction.SIGN, case),
        earliest=selectors.earliest_publication(found.notice) if found.notice else None,
        may_decide=may_decide_adjustments(request.user, case),
    )
    case_record_view(actor=request.user, case=case, page="publication")
    return render(request, "publication/task_list.html", context)


def _file_page(
    request: AuthenticatedHttpRequest, case: Any, kind: rules.FileKind, *, status: int = 200, form: Any = None
) -> HttpResponse:
    files = selectors.files_of(case, kind)
    rows = selectors.version_rows(case, files)
    latest = rows[0] if rows else None
    context = _context(
        request,
        case,
        kind=kind,
        rows=rows,
        form=form,
        # The latest version's check in full (the redaction app's include: counts, never the words).
        summary=checking.summary(latest.check) if latest is not None and latest.check is not None else None,
        state_labels=checking.STATE_LABELS,
    )
    if kind == rules.FileKind.BRIEFING:
        report = report_for_case(case)
        generation = selectors.briefing_generation(case, report)
        context |= {
            "report": report,
            "generation": generation,
            "generation_added": selectors.generation_added(generation),
        }
    case_record_view(actor=request.user, case=case, page=f"publication_file:{kind}")
    return render(request, "publication/file.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def file(request: AuthenticatedHttpRequest, case_id: UUID, kind: str) -> HttpResponse:
    case = publication_case_get(user=request.user, case_id=case_id)
    return _file_page(request, case, _kind(kind))


@login_required
@require_http_methods(["GET", "POST"])
def file_upload(request: AuthenticatedHttpRequest, case_id: UUID, kind: str) -> HttpResponse:
    case = publication_case_get(user=request.user, case_id=case_id, action=PublicationAction.EDIT)
    found = _kind(kind)
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                added = services.file_upload(
                    actor=request.user,
                    case=case,
                    kind=found,
                    uploaded_file=form.cleaned_data["file"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _added_message(added))
                return redirect("publication:file", case_id=case.pk, kind=found)
    else:
        form = UploadForm(take_draft(request))
    context = _context(request, case, form=form, kind=found)
    case_record_view(actor=request.user, case=case, page=f"publication_upload:{found}")
    return render(request, "publication/upload.html", context, status=status)


def _added_message(added: PublicationFile) -> str:
    if added.check_error:
        return f"Version {added.version} stored, but it could not be checked: {added.check_error}"
    return f"Version {added.version} stored and put through the redaction check"


@login_required
@require_http_methods(["GET"])
def file_download(
    request: AuthenticatedHttpRequest, case_id: UUID, kind: str, version: int
) -> HttpResponseBase:
    case = publication_case_get(user=request.user, case_id=case_id)
    found = selectors.file_get(case, _kind(kind), version)
    if found is None:
        raise Http404("No such version")
    response = attachment_response(found.document, name=f"{found.kind}-v{found.version}-{case.reference}")
    services.file_record_download(actor=request.user, case=case, file=found)
    return response


@login_required
@job_rate_limit("seven_minute_briefing")
@require_POST
def briefing_generate(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = publication_case_get(user=request.user, case_id=case_id, action=PublicationAction.EDIT)
    form = BriefingGenerateForm(request.POST)
    if form.is_valid():
        try:
            generation = services.briefing_generate(
                actor=request.user, case=case, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("reports:document_generation_status", case_id=case.pk, job_id=generation.pk)
    return _file_page(request, case, rules.FileKind.BRIEFING, status=400, form=form)


@login_required
@require_POST
def briefing_add(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = publication_case_get(user=request.user, case_id=case_id, action=PublicationAction.EDIT)
    form = BriefingAddForm(request.POST)
    if form.is_valid():
        try:
            added = services.briefing_add(
                actor=request.user, case=case, generation_id=form.cleaned_data["generation"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _added_message(added))
            return redirect("publication:file", case_id=case.pk, kind=rules.FileKind.BRIEFING)
    return _file_page(request, case, rules.FileKind.BRIEFING, status=400, form=form)


def _form_page(
    request: AuthenticatedHttpRequest,
    case: Any,
    *,
    make: Callable[[Any], Any],
    initial: Callable[[], dict[str, Any]],
    save: Callable[[Any], object],
    title: str,
    done: str,
    page: str,
    template: str = "publication/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The writing pages: show the form, save through one service (a stale version shows the user's answers
    again, 409), or show the errors (400)."""
    status = 200
    if request.method == "POST":
        form = make(request.POST)
        status = 400
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: save(form), form=form, on_conflict=rebound(make, request.POST, CONFLICT)
            )
            if attempt.saved:
                messages.success(request, done)
                return redirect("publication:task_list", case_id=case.pk)
            form, status = attempt.form, attempt.status
    else:
        form = make(take_draft(request))
        if not form.is_bound:
            form.initial = initial()
    context = _context(request, case, form=form, title=title) | (extra or {})
    case_record_view(actor=request.user, case=case, page=page)
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = publication_case_get(user=request.user, case_id=case_id, action=PublicationAction.EDIT)
    current = selectors.decision_for(case)
    return _form_page(
        request,
        case,
        make=lambda data: DecisionForm(data, exists=current is not None),
        initial=lambda: (
            {"version": current.version, "decision": current.decision, "reasons": current.reasons}
            if current
            else {}
        ),
        save=lambda form: services.decision_save(
            actor=request.user,
            case=case,
            expected_version=form.cleaned_data["version"],
            decision=form.cleaned_data["decision"],
            reasons=form.cleaned_data["reasons"],
        ),
        title="The partners' decision",
        done="The partners' decision saved: the three partners sign it with the file on the sign page",
        page="publication_decision",
        extra={
            "intro": "The safeguarding partners publish the report or, where they think publication "
            "inappropriate, information about the improvements to be made, with their reasons. Saving "
            "makes a new version of the decision: any sign-off of the version before is superseded."
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def hold_add(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = publication_case_get(user=request.user, case_id=case_id, action=PublicationAction.EDIT)
    processes = [
        (p.pk, f"{p.get_kind_display()}{f' ({p.reference})' if p.reference else ''}")
        for p in processes_for_case(case)
    ]
    return _form_page(
        request,
        case,
        make=lambda data: HoldForm(data, processes=processes),
        initial=dict,
        save=lambda form: services.hold_request(
            actor=request.user,
            case=case,
            process_id=form.cleaned_data["process"],
            reason=form.cleaned_data["reason"],
            agreed_by=form.cleaned_data["agreed_by"],
            review_on=form.cleaned_data["review_on"],
        ),
        title="Hold publication",
        done="Hold recorded. Another business manager must approve it, which pauses the clock",
        page="publication_hold_add",
        extra={
            "intro": "A parallel process (a criminal trial, an inquest) can hold publication. The hold "
            "pauses the LCSPR publication clock once a business manager approves it, until it is lifted."
        },
    )


def _hold(case: Any, hold_id: int) -> PublicationHold:
    found = selectors.hold_get(case, hold_id)
    if found is None:
        raise Http404("No hold found")
    return found


def _hold_page(
    request: AuthenticatedHttpRequest,
    case_id: UUID,
    hold_id: int,
    *,
    make: Callable[[Any], Any],
    initial: Callable[[PublicationHold], dict[str, Any]],
    save: Callable[[Any, Any, PublicationHold], object],
    title: str,
    done: str,
    page: str,
    action: PublicationAction = PublicationAction.EDIT,
) -> HttpResponse:
    """A page about one hold: the hold as a summary list above its form."""
    case = publication_case_get(user=request.user, case_id=case_id, action=action)
    hold = _hold(case, hold_id)
    if action == PublicationAction.DECIDE_HOLD and hold.requested_by_id == request.user.pk:
        raise PermissionDenied("You recorded this hold, so another business manager must decide it")
    return _form_page(
        request,
        case,
        make=make,
        initial=lambda: initial(hold),
        save=lambda form: save(form, case, hold),
        title=title,
        done=done,
        page=page,
        template="publication/hold_form.html",
        extra={"hold": hold, "hold_state": rules.HoldState(selectors.hold_state(hold))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def hold_decide(request: AuthenticatedHttpRequest, case_id: UUID, hold_id: int) -> HttpResponse:
    return _hold_page(
        request,
        case_id,
        hold_id,
        action=PublicationAction.DECIDE_HOLD,
        make=HoldDecisionForm,
        initial=lambda hold: {},
        save=lambda form, case, hold: services.hold_decide(
            actor=request.user,
            case=case,
            hold=hold,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        ),
        title="Approve or refuse the hold",
        done="Decision recorded",
        page="publication_hold_decide",
    )


@login_required
@require_http_methods(["GET", "POST"])
def hold_lift(request: AuthenticatedHttpRequest, case_id: UUID, hold_id: int) -> HttpResponse:
    return _hold_page(
        request,
        case_id,
        hold_id,
        make=HoldLiftForm,
        initial=lambda hold: {"version": hold.version},
        save=lambda form, case, hold: services.hold_lift(
            actor=request.user,
            case=case,
            hold=hold,
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        ),
        title="Lift the hold",
        done="Hold lifted: the LCSPR publication clock runs again",
        page="publication_hold_lift",
    )


@login_required
@require_http_methods(["GET", "POST"])
def hold_review(request: AuthenticatedHttpRequest, case_id: UUID, hold_id: int) -> HttpResponse:
    return _hold_page(
        request,
        case_id,
        hold_id,
        make=HoldReviewForm,
        initial=lambda hold: {"version": hold.version, "review_on": hold.review_on},
        save=lambda form, case, hold: services.hold_review_change(
            actor=request.user,
            case=case,
            hold=hold,
            expected_version=form.cleaned_data["version"],
            review_on=form.cleaned_data["review_on"],
        ),
        title="Change the hold's review date",
        done="Review date saved",
        page="publication_hold_review",
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = publication_case_get(user=request.user, case_id=case_id, action=PublicationAction.EDIT)
    found = selectors.overview(case)
    today = clock.today()
    return _form_page(
        request,
        case,
        make=lambda data: NoticeForm(data),
        initial=lambda: {
            "sent_on": today,
            "planned_on": rules.earliest_planned_date(
                sent_on=today,
                notice_working_days=found.rules.notice_working_days,
                non_working=statutory_non_working_days(),
            ),
        },
        save=lambda form: services.notice_record(
            actor=request.user,
            case=case,
            sent_on=form.cleaned_data["sent_on"],
            planned_on=form.cleaned_data["planned_on"],
        ),
        title="Notice before publication",
        done="Notice recorded",
        page="publication_notice",
        template="publication/notice.html",
        extra={
            "found": found,
            "refusals": rules.notice_refusals(found.facts),
            "recipients": selectors.recipient_labels(selectors.recipients_of(found.rules)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = publication_case_get(user=request.user, case_id=case_id, action=PublicationAction.EDIT)
    found = selectors.overview(case)
    current = found.record
    rule = current.notice.rules if current else found.rules
    today = clock.today()

    def initial() -> dict[str, Any]:
        if current is None:
            return {
                "published_on": today,
                "available_until": rules.earliest_available_until(
                    published_on=today, available_months=rule.available_months
                ),
            }
        return {
            "version": current.version,
            "published_on": current.published_on,
            "public_url": current.public_url,
            "available_until": current.available_until,
            "late_reason": current.late_reason,
            "panel_told_on": current.panel_told_on,
        }

    return _form_page(
        request,
        case,
        make=lambda data: RecordForm(data, exists=current is not None),
        initial=initial,
        save=lambda form: services.record_save(
            actor=request.user,
            case=case,
            expected_version=form.cleaned_data["version"],
            published_on=form.cleaned_data["published_on"],
            public_url=form.cleaned_data["public_url"],
            available_until=form.cleaned_data["available_until"],
            late_reason=form.cleaned_data["late_reason"],
            panel_told_on=form.cleaned_data["panel_told_on"],
        ),
        title="The publication record",
        done="Publication recorded" if current is None else "Publication record saved",
        page="publication_record",
        template="publication/record.html",
        extra={
            "found": found,
            "refusals": rules.publish_refusals(found.facts) if current is None else [],
            "available_months": rule.available_months,
        },
    )
