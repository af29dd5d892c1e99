"""Requests to agencies and agency returns. Views parse input, load through policies and selectors, call one
service, render."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.accounts.selectors import users_by_id
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.chronology import services as chronology_services
from safeguarding_reviews.chronology.models import DatePrecision
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import (
    add_service_errors,
    error_targets,
    rebound,
    save_or_conflict,
)
from safeguarding_reviews.drafts.selectors import page_initial
from safeguarding_reviews.drafts.services import draft_clear
from safeguarding_reviews.subjects.models import SubjectKind
from safeguarding_reviews.subjects.services import identity_record_view

from . import services
from .forms import (
    FamilyToldForm,
    ReturnForm,
    ReviewForm,
    SendForm,
    SubmitForm,
    WithdrawForm,
    author_entry_form_class,
)
from .models import AUTHOR_EDITABLE, RETURN_SECTIONS, AgencyRequest, RequestStatus
from .policies import (
    REQUEST_STAGES,
    family_case_get,
    is_author,
    is_business_unit,
    may_see_request_identity,
    may_write_return,
    request_get,
    requests_case_get,
)
from .selectors import (
    active_agencies,
    family_told_for_case,
    possible_authors,
    request_chases,
    request_entries,
    request_people,
    requests_for_case,
    suggested_agency_ids,
    with_time_states,
)
from .services import SECTION_NAMES

CONFLICT = (
    "This was changed in another window or by someone else while you were looking at it. Check it and try "
    "again."
)


def _sections(request_obj: AgencyRequest) -> list[tuple[str, str]]:
    agency_return = request_obj.agency_return
    return [(label, getattr(agency_return, name)) for name, label in RETURN_SECTIONS]


@login_required
@require_http_methods(["GET", "POST"])
def requests_list(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = requests_case_get(user=request.user, case_id=case_id)
    agencies = active_agencies(case)
    authors = possible_authors(case)
    status = 200
    if request.method == "POST":
        form = SendForm(request.POST, agencies=agencies, authors=authors)
        if form.is_valid():
            by_id = {a.pk: a for a in agencies}
            chosen = form.chosen()
            users = users_by_id(author for _, author, _, _ in chosen if author)
            try:
                items = [
                    services.RequestItem(
                        agency=by_id[agency],
                        author=users[author] if author is not None else None,
                        new_name=name,
                        new_email=email,
                    )
                    for agency, author, name, email in chosen
                ]
                sent = services.agency_requests_send(
                    actor=request.user,
                    case=case,
                    items=items,
                    due_on=form.cleaned_data["due_on"],
                    period_from=form.cleaned_data["period_from"],
                    period_to=form.cleaned_data["period_to"],
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
    requests = with_time_states(requests_for_case(case), case=case, today=today)
    rows = [(r, r.status_label(today), r.is_overdue(today)) for r in requests]
    case_record_view(actor=request.user, case=case, page="agency_requests")
    context = {"case": case, "form": form, "rows": rows, "may_send": case.stage in REQUEST_STAGES}
    return render(request, "rapid_review/requests.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request: AuthenticatedHttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    """The request: for the business unit (with withdraw) and for its author (with a link to the return)."""
    case, req, business_unit = request_get(user=request.user, case_id=case_id, request_id=request_id)
    status = 200
    form = WithdrawForm(initial={"version": req.version})
    if request.method == "POST":
        if not business_unit:
            raise PermissionDenied
        form = WithdrawForm(request.POST)
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.agency_request_withdraw(
                    actor=request.user,
                    request=req,
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                ),
                form=form,
                on_conflict=rebound(WithdrawForm, request.POST, CONFLICT),
            )
            if attempt.saved:
                messages.success(request, f"Request to {req.agency.name} withdrawn")
                return redirect("rapid_review:requests", case_id=case.pk)
            if attempt.stale is not None:
                req.refresh_from_db()
            form, status = attempt.form, attempt.status
        else:
            status = 400
    show_identity = may_see_request_identity(request.user, req)
    people = request_people(case, with_identity=show_identity)
    case_record_view(actor=request.user, case=case, page="agency_request")
    identity_record_view(
        actor=request.user,
        case=case,
        subject_ids=[subject.pk for subject, identity in people if identity is not None],
        page="agency_request",
    )
    today = clock.today()
    with_time_states([req], case=case, today=today)
    context = {
        "case": case,
        "req": req,
        "status_label": req.status_label(today),
        "business_unit": business_unit,
        "is_author": is_author(request.user, req),
        # A submitted return is accepted or returned, not withdrawn (the service refuses it too).
        "may_withdraw": business_unit and req.status in AUTHOR_EDITABLE,
        # Withdrawing asks first (issue 18 item 7): the button leads to this page's confirmation step.
        "confirm_withdraw": request.GET.get("withdraw") == "confirm",
        "may_edit": may_write_return(request.user, req),
        "sections": _sections(req),
        "form": form,
        "children": [row for row in people if row[0].kind == SubjectKind.CHILD],
        "household": [row for row in people if row[0].kind != SubjectKind.CHILD],
        "show_identity": show_identity,
        "chases": request_chases(req),
        "entry_count": request_entries(req).count(),
    }
    return render(request, "rapid_review/request.html", context, status=status)


def _author_request(
    request: AuthenticatedHttpRequest, case_id: UUID, request_id: int
) -> tuple[Any, AgencyRequest]:
    case, req, _ = request_get(user=request.user, case_id=case_id, request_id=request_id)
    if not is_author(request.user, req):
        raise PermissionDenied
    return case, req


@login_required
@require_http_methods(["GET", "POST"])
def return_edit(request: AuthenticatedHttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    case, req = _author_request(request, case_id, request_id)
    if req.status not in AUTHOR_EDITABLE:
        return redirect("rapid_review:request", case_id=case.pk, request_id=req.pk)
    status = 200
    kept_draft = None
    if request.method == "POST":
        form = ReturnForm(request.POST)
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.agency_return_save(
                    actor=request.user,
                    request=req,
                    expected_version=form.cleaned_data["version"],
                    values=form.values(),
                ),
                form=form,
                on_conflict=rebound(
                    ReturnForm,
                    request.POST,
                    "This return was saved in another window while you were editing. Your answers are "
                    "below: check them and save again to keep them.",
                ),
            )
            if attempt.saved:
                draft_clear(actor=request.user, path=request.path, case=case)
                if "continue" in request.POST:
                    return redirect("rapid_review:return_submit", case_id=case.pk, request_id=req.pk)
                messages.success(request, "Return saved. You can come back to it later")
                return redirect("rapid_review:request", case_id=case.pk, request_id=req.pk)
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        if req.status == RequestStatus.REQUESTED:
            services.agency_request_acknowledge(actor=request.user, request=req)
        agency_return = req.agency_return
        initial = {name: getattr(agency_return, name) for name, _ in RETURN_SECTIONS}
        initial, kept_draft = page_initial(
            user=request.user,
            path=request.path,
            initial={**initial, "version": agency_return.version},
            field_names=[name for name, _ in RETURN_SECTIONS],
            current_version=agency_return.version,
        )
        form = ReturnForm(initial=initial)
    case_record_view(actor=request.user, case=case, page="agency_return_edit")
    context = {"case": case, "req": req, "form": form, "kept_draft": kept_draft}
    return render(request, "rapid_review/return_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def return_submit(request: AuthenticatedHttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    """Check your answers, then submit (issue 18 item 3): a Change link per section, each missing section in
    the error summary linked to its field on the edit page, and a warning (with a confirmation to tick) when
    the agency has no chronology entries on the case yet."""
    case, req = _author_request(request, case_id, request_id)
    status = 200
    entry_count = request_entries(req).count()
    needs_confirmation = entry_count == 0
    form = SubmitForm(initial={"version": req.version}, needs_confirmation=needs_confirmation)
    edit_url = reverse("rapid_review:return_edit", kwargs={"case_id": case.pk, "request_id": req.pk})
    section_errors: list[tuple[str, str]] = []
    if request.method == "POST":
        form = SubmitForm(request.POST, needs_confirmation=needs_confirmation)
        if form.is_valid():
            try:
                attempt = save_or_conflict(
                    lambda: services.agency_return_submit(
                        actor=request.user, request=req, expected_version=form.cleaned_data["version"]
                    ),
                    form=form,
                    on_conflict=rebound(
                        lambda data: SubmitForm(data, needs_confirmation=needs_confirmation),
                        request.POST,
                        CONFLICT,
                    ),
                    service_errors=False,
                )
            except ValidationError as exc:
                # A missing section links to its field on the edit page; anything else stays on this form.
                if hasattr(exc, "error_dict"):
                    for name, errors in exc.error_dict.items():
                        if name in SECTION_NAMES:
                            section_errors.extend(
                                (f"{edit_url}#id_{name}", str(m)) for m in ValidationError(errors).messages
                            )
                        else:
                            form.add_error(name if name in form.fields else None, errors)
                else:
                    add_service_errors(form, exc)
                status = 400
            else:
                if attempt.saved:
                    return redirect("rapid_review:return_submitted", case_id=case.pk, request_id=req.pk)
                req.refresh_from_db()
                form, status = attempt.form, attempt.status
        else:
            # Say everything at once: the missing sections as well as this form's own errors.
            section_errors = [
                (f"{edit_url}#id_{name}", message)
                for name, message in services.missing_section_errors(req.agency_return).items()
            ]
            status = 400
    case_record_view(actor=request.user, case=case, page="agency_return_submit")
    agency_return = req.agency_return
    error_links = [(f"#{anchor}" if anchor else "", message) for anchor, message in error_targets(form)]
    context = {
        "case": case,
        "req": req,
        "form": form,
        "rows": [
            (name, label, getattr(agency_return, name), f"{edit_url}#id_{name}")
            for name, label in RETURN_SECTIONS
        ],
        "error_links": section_errors + error_links,
        "may_submit": req.status in AUTHOR_EDITABLE,
        "entry_count": entry_count,
    }
    return render(request, "rapid_review/return_submit.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def return_submitted(request: AuthenticatedHttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    """The confirmation after submitting: what happens next. Before the return is submitted there is nothing
    to confirm, so the author goes back to the check page."""
    case, req = _author_request(request, case_id, request_id)
    if req.status != RequestStatus.SUBMITTED:
        return redirect("rapid_review:return_submit", case_id=case.pk, request_id=req.pk)
    case_record_view(actor=request.user, case=case, page="agency_return_submitted")
    return render(request, "rapid_review/return_submitted.html", {"case": case, "req": req})


@login_required
@require_http_methods(["GET", "POST"])
def return_review(request: AuthenticatedHttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    case, req, business_unit = request_get(user=request.user, case_id=case_id, request_id=request_id)
    if not business_unit:
        # Only the author gets this far: a business-unit page of the case, which they may not see.
        raise Http404("No request found")
    status = 200
    form = ReviewForm(initial={"version": req.version})
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def decide() -> None:
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

            attempt = save_or_conflict(
                decide, form=form, on_conflict=rebound(ReviewForm, request.POST, CONFLICT)
            )
            if attempt.saved:
                done = "accepted" if data["decision"] == "accept" else "returned with questions"
                messages.success(request, f"Return from {req.agency.name} {done}")
                return redirect("rapid_review:requests", case_id=case.pk)
            if attempt.stale is not None:
                req.refresh_from_db()
            form, status = attempt.form, attempt.status
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


# The agency's own chronology, written by the request's author (chronology.services with agency_request).


def _editable_request(
    request: AuthenticatedHttpRequest, case_id: UUID, request_id: int
) -> tuple[Any, AgencyRequest]:
    """The author's request whose return (and chronology) they may still change; 403 once submitted."""
    case, req = _author_request(request, case_id, request_id)
    if not may_write_return(request.user, req):
        raise PermissionDenied
    return case, req


@login_required
@require_http_methods(["GET", "POST"])
def request_chronology(request: AuthenticatedHttpRequest, case_id: UUID, request_id: int) -> HttpResponse:
    """The agency's entries on this case (its own only, never restricted ones) and the quick entry form."""
    case, req = _author_request(request, case_id, request_id)
    form_class = author_entry_form_class()
    editable = may_write_return(request.user, req)
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                chronology_services.chronology_entry_add(
                    actor=request.user,
                    case=case,
                    agency=req.agency,
                    date=data["date"],
                    date_precision=data["date_precision"],
                    date_to=data["date_to"],
                    date_as_written=data["date_as_written"],
                    time=data["time"],
                    source_record=data["source_record"],
                    event_type=data["event_type"],
                    what_happened=data["what_happened"],
                    action_taken=data["action_taken"],
                    outcome=data["outcome"],
                    who_seen=data["who_seen"],
                    practitioner_role=data["practitioner_role"],
                    is_key_episode=data["is_key_episode"],
                    analysis=data["analysis"],
                    agency_request=req,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, "Chronology entry added")
                return redirect("rapid_review:request_chronology", case_id=case.pk, request_id=req.pk)
        else:
            status = 400
    else:
        form = form_class(initial={"date_precision": DatePrecision.EXACT})
    entries = list(request_entries(req))
    case_record_view(actor=request.user, case=case, page="agency_request_chronology")
    context = {"case": case, "req": req, "form": form, "entries": entries, "editable": editable}
    return render(request, "rapid_review/chronology.html", context, status=status)


# Whether and how the family has been told of the review.


@login_required
@require_http_methods(["GET", "POST"])
def family_told(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The record of the family being told: read by the people who read the register, kept by the business
    unit."""
    case = family_case_get(user=request.user, case_id=case_id)
    current = family_told_for_case(case)
    may_write = is_business_unit(request.user, case) and case.stage != Stage.CLOSED
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        form = FamilyToldForm(request.POST)
        if form.is_valid():
            values = dict(form.cleaned_data)
            version = values.pop("version")
            attempt = save_or_conflict(
                lambda: services.family_told_record(
                    actor=request.user, case=case, expected_version=version, values=values
                ),
                form=form,
                on_conflict=rebound(FamilyToldForm, request.POST, CONFLICT),
            )
            if attempt.stale is not None:
                current = attempt.stale.current
            form, status = attempt.form, attempt.status
            if attempt.saved:
                messages.success(request, "Saved: whether the family has been told")
                return redirect("rapid_review:family_told", case_id=case.pk)
        else:
            status = 400
    elif current is not None:
        form = FamilyToldForm(
            initial={
                "status": current.status,
                "told_on": current.told_on,
                "method": current.method,
                "told_by": current.told_by,
                "notes": current.notes,
                "version": current.version,
            }
        )
    else:
        form = FamilyToldForm()
    case_record_view(actor=request.user, case=case, page="family_told")
    context = {"case": case, "form": form, "current": current, "may_write": may_write}
    return render(request, "rapid_review/family_told.html", context, status=status)
