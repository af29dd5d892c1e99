"""Rapid review meeting pages. Views parse input, load through policies and selectors, call one service,
render. Every GET records one read of the case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import (
    add_service_errors,
    rebound,
    save_or_conflict,
)
from safeguarding_reviews.organisations.selectors import agency_choices, agency_of_partnership
from safeguarding_reviews.rapid_review.policies import REQUEST_STAGES

from . import services
from .forms import (
    ActionForm,
    AttendeeForm,
    InviteeForm,
    MeetingEditForm,
    MeetingForm,
    MeetingHeldForm,
    RemoveAttendeeForm,
    RemoveInviteeForm,
)
from .models import MeetingState, RapidReviewMeeting
from .policies import MeetingAction, may, meeting_get, meetings_case_get
from .selectors import invitee_choices, meeting_for_case, meetings_for_case

if TYPE_CHECKING:
    from safeguarding_reviews.cases.models import Case
    from safeguarding_reviews.organisations.models import Agency

CONFLICT = (
    "This meeting was changed in another window or by someone else while you were looking at it. "
    "Check it and save again."
)


def _agencies(case: Case) -> list[tuple[int, str]]:
    return agency_choices(case.lead_partnership_id)


def _agency(case: Case, agency_id: int) -> Agency:
    agency = agency_of_partnership(case.lead_partnership_id, agency_id)
    if agency is None:
        raise ValidationError("Select an agency of the case's partnership")
    return agency


def _may_write(request: AuthenticatedHttpRequest, case: Case) -> bool:
    return may(request.user, MeetingAction.WRITE, case) and case.stage in REQUEST_STAGES


@login_required
@require_http_methods(["GET"])
def meetings_list(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = meetings_case_get(user=request.user, case_id=case_id, action=MeetingAction.VIEW)
    meetings = list(meetings_for_case(case))
    case_record_view(actor=request.user, case=case, page="meetings")
    return render(
        request,
        "meetings/list.html",
        {"case": case, "meetings": meetings, "may_write": _may_write(request, case)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = meetings_case_get(user=request.user, case_id=case_id, action=MeetingAction.WRITE)
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_create(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                if meeting.state == MeetingState.PLANNED:
                    messages.success(request, "Meeting planned. Add who is invited.")
                else:
                    messages.success(request, "Meeting recorded. Add who attended and the actions agreed.")
                return redirect("meetings:detail", case_id=case.pk, meeting_id=meeting.pk)
        else:
            status = 400
    else:
        form = MeetingForm()
    case_record_view(actor=request.user, case=case, page="meeting_add")
    return render(request, "meetings/form.html", {"case": case, "form": form, "meeting": None}, status=status)


def _detail_context(
    request: AuthenticatedHttpRequest, meeting: RapidReviewMeeting, **forms: Any
) -> dict[str, Any]:
    case = meeting.case
    meeting = meeting_for_case(case, meeting.pk)
    agencies = _agencies(case)
    return {
        "case": case,
        "meeting": meeting,
        "may_write": _may_write(request, case),
        "attendee_form": forms.get("attendee_form") or AttendeeForm(agencies=agencies),
        "invitee_form": forms.get("invitee_form") or InviteeForm(agencies=agencies),
        "action_form": forms.get("action_form") or ActionForm(agencies=agencies),
    }


@login_required
@require_http_methods(["GET"])
def meeting_detail(request: AuthenticatedHttpRequest, case_id: UUID, meeting_id: int) -> HttpResponse:
    meeting = meeting_get(
        user=request.user, case_id=case_id, meeting_id=meeting_id, action=MeetingAction.VIEW
    )
    case_record_view(actor=request.user, case=meeting.case, page="meeting")
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedHttpRequest, case_id: UUID, meeting_id: int) -> HttpResponse:
    meeting = meeting_get(
        user=request.user, case_id=case_id, meeting_id=meeting_id, action=MeetingAction.WRITE
    )
    case = meeting.case
    status = 200
    if request.method == "POST":
        form = MeetingEditForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            attempt = save_or_conflict(
                lambda: services.meeting_update(
                    actor=request.user, meeting=meeting, expected_version=version, changes=data
                ),
                form=form,
                on_conflict=rebound(MeetingEditForm, request.POST, CONFLICT),
            )
            if attempt.saved:
                messages.success(request, "Meeting saved")
                return redirect("meetings:detail", case_id=case.pk, meeting_id=meeting.pk)
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        form = MeetingEditForm(
            initial={
                "held_on": meeting.held_on,
                "starts_at": meeting.starts_at,
                "notes": meeting.notes,
                "version": meeting.version,
            }
        )
    case_record_view(actor=request.user, case=case, page="meeting_edit")
    return render(
        request, "meetings/form.html", {"case": case, "form": form, "meeting": meeting}, status=status
    )


@login_required
@require_http_methods(["POST"])
def meeting_attendees(request: AuthenticatedHttpRequest, case_id: UUID, meeting_id: int) -> HttpResponse:
    """Add an attendee, or remove one (the form names which)."""
    meeting = meeting_get(
        user=request.user, case_id=case_id, meeting_id=meeting_id, action=MeetingAction.WRITE
    )
    case = meeting.case
    if "attendee_id" in request.POST:
        remove = RemoveAttendeeForm(request.POST)
        if remove.is_valid():
            try:
                services.meeting_attendee_remove(
                    actor=request.user, meeting=meeting, attendee_id=remove.cleaned_data["attendee_id"]
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, "Attendee removed")
        return redirect("meetings:detail", case_id=case.pk, meeting_id=meeting.pk)
    form = AttendeeForm(request.POST, agencies=_agencies(case))
    if form.is_valid():
        try:
            services.meeting_attendee_add(
                actor=request.user,
                meeting=meeting,
                agency=_agency(case, form.cleaned_data["agency"]),
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Attendee added")
            return redirect("meetings:detail", case_id=case.pk, meeting_id=meeting.pk)
    return render(
        request, "meetings/detail.html", _detail_context(request, meeting, attendee_form=form), status=400
    )


@login_required
@require_http_methods(["POST"])
def meeting_actions(request: AuthenticatedHttpRequest, case_id: UUID, meeting_id: int) -> HttpResponse:
    """Add an action agreed: it joins the case action list, where its status and updates are kept."""
    meeting = meeting_get(
        user=request.user, case_id=case_id, meeting_id=meeting_id, action=MeetingAction.WRITE
    )
    case = meeting.case
    form = ActionForm(request.POST, agencies=_agencies(case))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_action_add(
                actor=request.user,
                meeting=meeting,
                description=data["description"],
                owner_role=data["owner_role"],
                owner_agency=_agency(case, data["owner_agency"]),
                due_on=data["due_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Action added to the case action list")
            return redirect("meetings:detail", case_id=case.pk, meeting_id=meeting.pk)
    return render(
        request, "meetings/detail.html", _detail_context(request, meeting, action_form=form), status=400
    )


@login_required
@require_http_methods(["POST"])
def meeting_invitees(request: AuthenticatedHttpRequest, case_id: UUID, meeting_id: int) -> HttpResponse:
    """Invite an agency's role to a planned meeting, or remove an invitee (the form names which)."""
    meeting = meeting_get(
        user=request.user, case_id=case_id, meeting_id=meeting_id, action=MeetingAction.WRITE
    )
    case = meeting.case
    if "invitee_id" in request.POST:
        remove = RemoveInviteeForm(request.POST)
        if remove.is_valid():
            try:
                services.meeting_invitee_remove(
                    actor=request.user, meeting=meeting, invitee_id=remove.cleaned_data["invitee_id"]
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, "Invitee removed")
        return redirect("meetings:detail", case_id=case.pk, meeting_id=meeting.pk)
    form = InviteeForm(request.POST, agencies=_agencies(case))
    if form.is_valid():
        try:
            services.meeting_invitee_add(
                actor=request.user,
                meeting=meeting,
                agency=_agency(case, form.cleaned_data["agency"]),
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Invitee added")
            return redirect("meetings:detail", case_id=case.pk, meeting_id=meeting.pk)
    return render(
        request, "meetings/detail.html", _detail_context(request, meeting, invitee_form=form), status=400
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_held(request: AuthenticatedHttpRequest, case_id: UUID, meeting_id: int) -> HttpResponse:
    """Record a planned meeting as held: the date (not in the future) and which invitees attended."""
    meeting = meeting_get(
        user=request.user, case_id=case_id, meeting_id=meeting_id, action=MeetingAction.WRITE
    )
    case = meeting.case
    invitees = invitee_choices(meeting)

    def make_form(data: Any) -> MeetingHeldForm:
        return MeetingHeldForm(data, invitees=invitees)

    status = 200
    if request.method == "POST":
        form = make_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            attempt = save_or_conflict(
                lambda: services.meeting_record_held(
                    actor=request.user,
                    meeting=meeting,
                    expected_version=data["version"],
                    held_on=data["held_on"],
                    starts_at=data["starts_at"],
                    attended_invitee_ids=data["attended"],
                ),
                form=form,
                on_conflict=rebound(make_form, request.POST, CONFLICT),
            )
            if attempt.saved:
                messages.success(
                    request, "Meeting recorded as held. Add any other attendees and the actions agreed."
                )
                return redirect("meetings:detail", case_id=case.pk, meeting_id=meeting.pk)
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        form = MeetingHeldForm(
            invitees=invitees,
            initial={
                "version": meeting.version,
                "held_on": min(meeting.held_on, clock.today()),
                "starts_at": meeting.starts_at,
                "attended": [pk for pk, _ in invitees],
            },
        )
    case_record_view(actor=request.user, case=case, page="meeting_held")
    return render(
        request, "meetings/held.html", {"case": case, "form": form, "meeting": meeting}, status=status
    )
