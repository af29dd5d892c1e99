"""Requests to agencies and agency returns. Views parse input, load through policies and selectors, call one
service, render."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import add_service_errors, rebind_after_conflict
from safeguarding_reviews.core.versioning import StaleVersionError

from . import services
from .forms import ReturnForm, ReviewForm, SendForm, VersionForm
from .models import AUTHOR_EDITABLE, OPEN_STATUSES, RETURN_SECTIONS, AgencyRequest, RequestStatus
from .policies import REQUEST_STAGES, is_author, request_get, requests_case_get
from .selectors import active_agencies, possible_authors, requests_for_case, suggested_agency_ids

CONFLICT = (
    "This was changed in another window or by someone else while you were looking at it. Check it and try "
    "again."
)


def _sections(request_obj: AgencyRequest) -> list[tuple[str, str]]:
    agency_return = request_obj.agency_return
    return [(label, getattr(agency_return, name)) for name, label in RETURN_SECTIONS]


@login_required
@require_http_methods(["GET", "POST"])
def requests_list(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = requests_case_get(user=request.user, case_id=case_id)
    agencies = active_agencies(case)
    authors = possible_authors(case)
    status = 200
    if request.method == "POST":
        form = SendForm(request.POST, agencies=agencies, authors=authors)
        if form.is_valid():
            by_id = {a.pk: a for a in agencies}
            users = get_user_model().objects.in_bulk([author for _, author in form.chosen()])
            try:
                items = [
                    services.RequestItem(agency=by_id[agency], author=users[author])
                    for agency, author in form.chosen()
                ]
                sent = services.agency_requests_send(
                    actor=request.user, case=case, items=items, due_on=form.cleaned_data["due_on"]
                )
            except KeyError:
                form.add_error(None, "Select authors from the list")
                status = 400
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, f"{len(sent)} request{'s' if len(sent) != 1 else ''} sent")
                return redirect("rapid_review:requests", case_id=case.pk)
        else:
            status = 400
    else:
        form = SendForm(
            agencies=agencies,
            authors=authors,
            initial={"agencies": suggested_agency_ids(case), "due_on": services.default_due_on(case)},
        )
    today = clock.today()
    rows = [(r, r.status_label(today), r.is_overdue(today)) for r in requests_for_case(case)]
    case_record_view(actor=request.user, case=case, page="agency_requests")
    context = {"case": case, "form": form, "rows": rows, "may_send": case.stage in REQUEST_STAGES}
    return render(request, "rapid_review/requests.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    """The request: for the business unit (with withdraw) and for its author (with a link to the return)."""
    case, req, business_unit = request_get(user=request.user, case_id=case_id, request_id=request_id)
    status = 200
    form = VersionForm(initial={"version": req.version})
    if request.method == "POST":
        if not business_unit:
            raise PermissionDenied
        form = VersionForm(request.POST)
        if form.is_valid():
            try:
                services.agency_request_withdraw(
                    actor=request.user, request=req, expected_version=form.cleaned_data["version"]
                )
            except StaleVersionError as exc:
                req.refresh_from_db()
                form = rebind_after_conflict(
                    VersionForm, request.POST, version=exc.current.version, message=CONFLICT
                )
                status = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, f"Request to {req.agency.name} withdrawn")
                return redirect("rapid_review:requests", case_id=case.pk)
        else:
            status = 400
    case_record_view(actor=request.user, case=case, page="agency_request")
    today = clock.today()
    context = {
        "case": case,
        "req": req,
        "status_label": req.status_label(today),
        "business_unit": business_unit,
        "is_author": is_author(request.user, req),
        "may_withdraw": business_unit and req.status in OPEN_STATUSES,
        "may_edit": is_author(request.user, req) and req.status in AUTHOR_EDITABLE,
        "sections": _sections(req),
        "form": form,
    }
    return render(request, "rapid_review/request.html", context, status=status)


def _author_request(request: HttpRequest, case_id: UUID, request_id: int) -> tuple[Any, AgencyRequest]:
    case, req, _ = request_get(user=request.user, case_id=case_id, request_id=request_id)
    if not is_author(request.user, req):
        raise PermissionDenied
    return case, req


@login_required
@require_http_methods(["GET", "POST"])
def return_edit(request: HttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    case, req = _author_request(request, case_id, request_id)
    if req.status not in AUTHOR_EDITABLE:
        return redirect("rapid_review:request", case_id=case.pk, request_id=req.pk)
    status = 200
    if request.method == "POST":
        form = ReturnForm(request.POST)
        if form.is_valid():
            try:
                services.agency_return_save(
                    actor=request.user,
                    request=req,
                    expected_version=form.cleaned_data["version"],
                    values=form.values(),
                )
            except StaleVersionError as exc:
                form = rebind_after_conflict(
                    ReturnForm,
                    request.POST,
                    version=exc.current.version,
                    message=(
                        "This return was saved in another window while you were editing. Your answers are "
                        "below: check them and save again to keep them."
                    ),
                )
                status = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                if "continue" in request.POST:
                    return redirect("rapid_review:return_submit", case_id=case.pk, request_id=req.pk)
                messages.success(request, "Return saved. You can come back to it later")
                return redirect("rapid_review:request", case_id=case.pk, request_id=req.pk)
        else:
            status = 400
    else:
        if req.status == RequestStatus.REQUESTED:
            services.agency_request_acknowledge(actor=request.user, request=req)
        agency_return = req.agency_return
        initial = {name: getattr(agency_return, name) for name, _ in RETURN_SECTIONS}
        form = ReturnForm(initial={**initial, "version": agency_return.version})
    case_record_view(actor=request.user, case=case, page="agency_return_edit")
    context = {"case": case, "req": req, "form": form}
    return render(request, "rapid_review/return_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def return_submit(request: HttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    case, req = _author_request(request, case_id, request_id)
    status = 200
    form = VersionForm(initial={"version": req.version})
    if request.method == "POST":
        form = VersionForm(request.POST)
        if form.is_valid():
            try:
                services.agency_return_submit(
                    actor=request.user, request=req, expected_version=form.cleaned_data["version"]
                )
            except StaleVersionError as exc:
                req.refresh_from_db()
                form = rebind_after_conflict(
                    VersionForm, request.POST, version=exc.current.version, message=CONFLICT
                )
                status = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, "Return submitted to the business unit")
                return redirect("rapid_review:request", case_id=case.pk, request_id=req.pk)
        else:
            status = 400
    case_record_view(actor=request.user, case=case, page="agency_return_submit")
    context = {
        "case": case,
        "req": req,
        "form": form,
        "sections": _sections(req),
        "may_submit": req.status in AUTHOR_EDITABLE,
    }
    return render(request, "rapid_review/return_submit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def return_review(request: HttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    case, req, business_unit = request_get(user=request.user, case_id=case_id, request_id=request_id)
    if not business_unit:
        raise PermissionDenied
    status = 200
    form = ReviewForm(initial={"version": req.version})
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "accept":
                    services.agency_return_accept(
                        actor=request.user, request=req, expected_version=data["version"]
                    )
                else:
                    services.agency_return_send_back(
                        actor=request.user,
                        request=req,
                        expected_version=data["version"],
                        questions=data["questions"],
                    )
            except StaleVersionError as exc:
                form = rebind_after_conflict(
                    ReviewForm, request.POST, version=exc.current.version, message=CONFLICT
                )
                req.refresh_from_db()
                status = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                done = "accepted" if data["decision"] == "accept" else "returned with questions"
                messages.success(request, f"Return from {req.agency.name} {done}")
                return redirect("rapid_review:requests", case_id=case.pk)
        else:
            status = 400
    case_record_view(actor=request.user, case=case, page="agency_return_review")
    context = {
        "case": case,
        "req": req,
        "form": form,
        "sections": _sections(req),
        "may_review": req.status == RequestStatus.SUBMITTED,
        "status_label": req.status_label(clock.today()),
    }
    return render(request, "rapid_review/return_review.html", context, status=status)
