"""Notification pages. Views parse input, load through selectors and policies, call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.clocks.selectors import delay_reasons_for_case
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import (
    add_service_errors,
    rebound,
    save_or_conflict,
)
from safeguarding_reviews.documents.selectors import documents_for_case
from safeguarding_reviews.drafts.restore import take_draft
from safeguarding_reviews.screening.criteria import Outcome
from safeguarding_reviews.screening.forms import as_initial
from safeguarding_reviews.screening.selectors import case_route, screening_for_case
from safeguarding_reviews.subjects.policies import may_see_identity
from safeguarding_reviews.subjects.selectors import case_children, identities_for

from . import services, summary
from .forms import AttachmentForm, NotificationChildForm, NotificationForm, PartnersToldForm, SentForm
from .models import Notification
from .policies import NotificationAction, may, notification_case_get
from .selectors import notification_children, notification_due, notification_for_case


def _context(request: AuthenticatedHttpRequest, case: Any, notification: Notification) -> dict[str, Any]:
    screening = screening_for_case(case)
    return {
        "case": case,
        "notification": notification,
        "screening": screening,
        "decided_to_notify": screening.outcome == Outcome.NOTIFY,
        "may_edit": may(request.user, NotificationAction.EDIT, case),
    }


def _versioned_page(
    request: AuthenticatedHttpRequest,
    *,
    case: Any,
    notification: Notification,
    form_class: type[forms.Form],
    initial: dict[str, Any],
    save: Callable[[dict[str, Any]], Any],
    changes_of: Callable[[dict[str, Any]], dict[str, Any]],
    success: str,
    template: str,
    page: str,
    form_kwargs: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the form (or answers kept after a session expiry); POST saves through one service.
    Invalid input: 400 with the input kept. Someone saved first: 409 with what changed."""
    form_kwargs = form_kwargs or {}
    conflict = None
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            cleaned = form.cleaned_data
            attempt = save_or_conflict(
                lambda: save(cleaned),
                form=form,
                on_conflict=rebound(
                    lambda data: form_class(data, **form_kwargs),
                    request.POST,
                    "Someone else saved changes to this notification while you were editing. Your "
                    "answers are below; check the differences and save again to keep yours.",
                ),
            )
            if attempt.saved:
                messages.success(request, success)
                return redirect("notifications:detail", case_id=case.pk)
            if attempt.stale is not None:
                conflict = attempt.stale.changes_against(changes_of(cleaned))
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        draft = take_draft(request)
        form = (
            form_class(draft, **form_kwargs)
            if draft is not None
            else form_class(initial=as_initial(initial), **form_kwargs)
        )
    context = _context(request, case, notification) | (extra or {}) | {"form": form, "conflict": conflict}
    case_record_view(actor=request.user, case=case, page=page)
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET"])
def notification_detail(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = notification_case_get(user=request.user, case_id=case_id, action=NotificationAction.VIEW)
    notification = notification_for_case(case)
    context = _context(request, case, notification) | {
        "children": notification_children(notification),
        "attachments": list(documents_for_case(case, purpose=services.ATTACHMENT_PURPOSE)),
        "deadline": notification_due(case),
        # Attachments name the family: their names and links follow the identity rule (documents/policies.py).
        "show_identity": may_see_identity(request.user, case),
    }
    case_record_view(actor=request.user, case=case, page="notification")
    return render(request, "notifications/notification_detail.html", context)


def _child_choices(case: Any) -> list[tuple[int, str]]:
    return [(child.pk, f"{child.label} ({child.age_display})") for child in case_children(case)]


@login_required
@require_http_methods(["GET", "POST"])
def notification_edit(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = notification_case_get(user=request.user, case_id=case_id, action=NotificationAction.EDIT)
    notification = notification_for_case(case)
    initial = {name: getattr(notification, name) for name in services.EDITABLE_FIELDS}
    initial |= {
        "version": notification.version,
        "children": [c.subject_id for c in notification_children(notification)],
    }

    def changes_of(cleaned: dict[str, Any]) -> dict[str, Any]:
        return {name: cleaned[name] for name in services.EDITABLE_FIELDS}

    def save(cleaned: dict[str, Any]) -> Any:
        return services.notification_save(
            actor=request.user,
            case=case,
            expected_version=cleaned["version"],
            changes=changes_of(cleaned),
            child_ids=cleaned["children"],
        )

    return _versioned_page(
        request,
        case=case,
        notification=notification,
        form_class=NotificationForm,
        form_kwargs={"children": _child_choices(case)},
        initial=initial,
        save=save,
        changes_of=changes_of,
        success="Notification saved",
        template="notifications/notification_edit.html",
        page="notification_edit",
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_child(request: AuthenticatedHttpRequest, case_id: UUID, subject_id: int) -> HttpResponse:
    case = notification_case_get(user=request.user, case_id=case_id, action=NotificationAction.EDIT)
    notification = notification_for_case(case)
    child = next((c for c in notification_children(notification) if c.subject_id == subject_id), None)
    if child is None:
        raise Http404("That child is not named on the notification")
    initial = {name: getattr(child, name) for name in services.CHILD_FIELDS} | {"version": child.version}

    def changes_of(cleaned: dict[str, Any]) -> dict[str, Any]:
        return {name: cleaned[name] for name in services.CHILD_FIELDS}

    def save(cleaned: dict[str, Any]) -> Any:
        return services.notification_child_update(
            actor=request.user,
            case=case,
            child=child,
            expected_version=cleaned["version"],
            changes=changes_of(cleaned),
        )

    return _versioned_page(
        request,
        case=case,
        notification=notification,
        form_class=NotificationChildForm,
        initial=initial,
        save=save,
        changes_of=changes_of,
        success=f"Details of {child.subject.label} saved",
        template="notifications/notification_child.html",
        page="notification_child",
        extra={"child": child},
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_sent(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = notification_case_get(user=request.user, case_id=case_id, action=NotificationAction.EDIT)
    notification = notification_for_case(case)
    initial = {
        "sent_on": notification.sent_on or clock.today(),
        "panel_reference": notification.panel_reference,
        "delay_reason": delay_reasons_for_case(case).get("notification", ""),
        "version": notification.version,
    }

    def save(cleaned: dict[str, Any]) -> Any:
        return services.notification_sent_record(
            actor=request.user,
            case=case,
            expected_version=cleaned["version"],
            sent_on=cleaned["sent_on"],
            panel_reference=cleaned["panel_reference"],
            delay_reason=cleaned["delay_reason"],
        )

    return _versioned_page(
        request,
        case=case,
        notification=notification,
        form_class=SentForm,
        initial=initial,
        save=save,
        changes_of=lambda c: {"sent_on": c["sent_on"], "panel_reference": c["panel_reference"]},
        success="Date sent to the Panel recorded",
        template="notifications/notification_sent.html",
        page="notification_sent",
        extra={"deadline": notification_due(case), "route": case_route(case.pk)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_partners_told(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = notification_case_get(user=request.user, case_id=case_id, action=NotificationAction.EDIT)
    notification = notification_for_case(case)
    initial = {
        "local_partners_told_on": notification.local_partners_told_on or clock.today(),
        "version": notification.version,
    }

    def save(cleaned: dict[str, Any]) -> Any:
        return services.notification_local_partners_told_record(
            actor=request.user,
            case=case,
            expected_version=cleaned["version"],
            told_on=cleaned["local_partners_told_on"],
        )

    return _versioned_page(
        request,
        case=case,
        notification=notification,
        form_class=PartnersToldForm,
        initial=initial,
        save=save,
        changes_of=lambda c: {"local_partners_told_on": c["local_partners_told_on"]},
        success="Date local safeguarding partners were told recorded",
        template="notifications/notification_partners_told.html",
        page="notification_partners_told",
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_attachments(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = notification_case_get(user=request.user, case_id=case_id, action=NotificationAction.EDIT)
    notification = notification_for_case(case)
    status = 200
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.notification_attachment_add(
                    actor=request.user, case=case, uploaded_file=form.cleaned_data["file"]
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    add_service_errors(form, exc)
                else:
                    form.add_error("file", exc)
                status = 400
            else:
                messages.success(request, "Attachment added")
                return redirect("notifications:attachments", case_id=case.pk)
        else:
            status = 400
    else:
        form = AttachmentForm()
    context = _context(request, case, notification) | {
        "form": form,
        "attachments": list(documents_for_case(case, purpose=services.ATTACHMENT_PURPOSE)),
    }
    case_record_view(actor=request.user, case=case, page="notification_attachments")
    return render(request, "notifications/notification_attachments.html", context, status=status)


def _summary_download(request: AuthenticatedHttpRequest, case_id: UUID, file_format: str) -> HttpResponse:
    case = notification_case_get(user=request.user, case_id=case_id, action=NotificationAction.VIEW)
    notification = notification_for_case(case)
    if notification.pk is None:
        raise Http404("No notification has been started")
    children = notification_children(notification)
    named = {child.subject_id for child in children}
    identities = {pk: identity for pk, identity in identities_for(request.user, case).items() if pk in named}
    built = summary.build_summary(
        case=case,
        notification=notification,
        children=children,
        identities=identities,
        screening=screening_for_case(case),
        deadline=notification_due(case),
        attachments=list(documents_for_case(case, purpose=services.ATTACHMENT_PURPOSE)),
        generated_at=clock.london(clock.now()),
    )
    if file_format == "pdf":
        content, content_type = summary.render_pdf(built), "application/pdf"
    else:
        content = summary.render_docx(built)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    services.notification_summary_record_download(
        actor=request.user, case=case, file_format=file_format, identity_subject_ids=sorted(identities)
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{case.reference}-notification-summary.{file_format}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_http_methods(["GET"])
def notification_summary_pdf(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return _summary_download(request, case_id, "pdf")


@login_required
@require_http_methods(["GET"])
def notification_summary_docx(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    return _summary_download(request, case_id, "docx")
