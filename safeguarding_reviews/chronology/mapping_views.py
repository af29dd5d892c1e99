"""Mapping any layout: upload an agency's own chronology, choose its sheet and agency, map its columns and
types of event, preview the rows exactly as they will be stored, import. The business unit uses these from
the case (chronology:map_*); an agency's author from their request (rapid_review:request_map_*), for their
own agency only. Every page view is recorded (case_record_view); every write is a service's."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import add_service_errors
from safeguarding_reviews.core.throttle import job_rate_limit
from safeguarding_reviews.organisations.selectors import agency_choices, agency_find

from . import layout, services
from .forms import MapChooseForm, MapImportForm, MappingForm, MapUploadForm
from .mapped import PREVIEW_ROWS
from .models import ChronologyEventType
from .policies import ChronologyAction, chronology_case_get
from .selectors import DraftCheck, import_draft_check, import_draft_get


class Flow:
    """Where the flow runs: the case (business unit) or an author's request. Gives the URLs, the agencies
    a file may name and the page names recorded."""

    def __init__(self, request: AuthenticatedHttpRequest, case_id: UUID, request_id: int | None) -> None:
        if request_id is None:
            self.case = chronology_case_get(user=request.user, case_id=case_id, action=ChronologyAction.WRITE)
            self.req = None
        else:
            from safeguarding_reviews.rapid_review.views import _editable_request

            self.case, self.req = _editable_request(request, case_id, request_id)

    def url(self, step: str, draft: Any = None) -> str:
        if self.req is None:
            kwargs: dict[str, Any] = {"case_id": self.case.pk}
            name = f"chronology:map_{step}"
        else:
            kwargs = {"case_id": self.case.pk, "request_id": self.req.pk}
            name = f"rapid_review:request_map_{step}"
        if draft is not None:
            kwargs["draft_id"] = draft.pk
        return reverse(name, kwargs=kwargs)

    def done_url(self) -> str:
        if self.req is None:
            return reverse("chronology:merged", kwargs={"case_id": self.case.pk})
        return reverse(
            "rapid_review:request_chronology", kwargs={"case_id": self.case.pk, "request_id": self.req.pk}
        )

    def agencies(self) -> list[tuple[int, str]]:
        if self.req is not None:
            return [(self.req.agency_id, self.req.agency.name)]
        return agency_choices(self.case.lead_partnership_id)

    def template_url(self) -> str:
        """The chronology template to fill in: the case's, or the request's with its agency only."""
        if self.req is None:
            return reverse("chronology:template", kwargs={"case_id": self.case.pk})
        return reverse(
            "rapid_review:request_chronology_template",
            kwargs={"case_id": self.case.pk, "request_id": self.req.pk},
        )

    def page_name(self, name: str) -> str:
        """The page name recorded for a read: the author's pages are the request's."""
        return f"{'agency_request_' if self.req else ''}{name}"

    def page(self, step: str) -> str:
        return self.page_name(f"chronology_map_{step}")

    def context(self, **more: Any) -> dict[str, Any]:
        """The page's context; with a draft, `urls` gives its steps' URLs (the case's or the request's)."""
        draft = more.get("draft")
        urls = {step: self.url(step, draft) for step in ("choose", "columns", "preview")} if draft else {}
        return {"case": self.case, "req": self.req, "flow": self, "urls": urls, **more}

    def draft(self, request: AuthenticatedHttpRequest, draft_id: UUID) -> Any:
        return import_draft_get(user=request.user, case=self.case, draft_id=draft_id, agency_request=self.req)

    def window(self, draft: Any) -> tuple[Any, Any] | None:
        return self.agency_window(draft.agency_id)

    def agency_window(self, agency_id: int) -> tuple[Any, Any] | None:
        """The period the agency was asked to cover: the author's request's; for the business unit, the
        case's request to that agency, if there is one."""
        if self.req is not None:
            return self.req.window
        # The period each agency was asked to cover is on its request (rapid_review, a later app).
        from safeguarding_reviews.rapid_review.selectors import agency_window

        return agency_window(self.case, agency_id)

    def check(self, draft: Any, *, window: tuple[Any, Any] | None = None) -> DraftCheck:
        return import_draft_check(
            draft, today=clock.today(), agencies={name: pk for pk, name in self.agencies()}, window=window
        )


@login_required
@require_http_methods(["GET", "POST"])
@job_rate_limit("chronology_map_upload")
def map_upload(
    request: AuthenticatedHttpRequest, case_id: UUID, request_id: int | None = None
) -> HttpResponse:
    flow = Flow(request, case_id, request_id)
    status = 200
    if request.method == "POST":
        form = MapUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                draft = services.chronology_import_draft_create(
                    actor=request.user,
                    case=flow.case,
                    uploaded_file=form.cleaned_data["file"],
                    agency_request=flow.req,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                return redirect(flow.url("choose", draft))
        else:
            status = 400
    else:
        form = MapUploadForm()
    case_record_view(actor=request.user, case=flow.case, page=flow.page("upload"))
    return render(request, "chronology/map_upload.html", flow.context(form=form), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def map_choose(
    request: AuthenticatedHttpRequest, case_id: UUID, draft_id: UUID, request_id: int | None = None
) -> HttpResponse:
    flow = Flow(request, case_id, request_id)
    draft = flow.draft(request, draft_id)
    agencies = None if flow.req is not None else flow.agencies()
    status = 200
    if request.method == "POST":
        form = MapChooseForm(request.POST, sheets=draft.visible_sheets, agencies=agencies)
        if form.is_valid():
            data = form.cleaned_data
            agency = None
            if agencies is not None:
                agency = agency_find(data["agency"])
            try:
                services.chronology_import_draft_choose(
                    actor=request.user, draft=draft, sheet=data.get("sheet", ""), agency=agency
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                return redirect(flow.url("columns", draft))
        else:
            status = 400
    else:
        initial: dict[str, Any] = {"sheet": draft.sheet or None}
        if draft.agency_id:
            initial["agency"] = draft.agency_id
        form = MapChooseForm(sheets=draft.visible_sheets, agencies=agencies, initial=initial)
    case_record_view(actor=request.user, case=flow.case, page=flow.page("choose"))
    return render(request, "chronology/map_choose.html", flow.context(form=form, draft=draft), status=status)


def _field_choices(flow: Flow) -> list[tuple[str, str]]:
    fields = [(name, label) for name, label in layout.FIELDS.items() if name != "ignore"]
    if flow.req is not None:
        fields = [(name, label) for name, label in fields if name != "agency"]
    return fields


@login_required
@require_http_methods(["GET", "POST"])
def map_columns(
    request: AuthenticatedHttpRequest, case_id: UUID, draft_id: UUID, request_id: int | None = None
) -> HttpResponse:
    flow = Flow(request, case_id, request_id)
    draft = flow.draft(request, draft_id)
    if not draft.chosen:
        return redirect(flow.url("choose", draft))
    check = flow.check(draft)
    status = 200
    form_kwargs: dict[str, Any] = {
        "headings": check.headings,
        "type_values": check.type_values,
        "field_choices": _field_choices(flow),
    }
    if request.method == "POST":
        form = MappingForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                services.chronology_import_draft_map(
                    actor=request.user,
                    draft=draft,
                    mapping=form.mapping(),
                    event_types=form.event_types(),
                    headings=check.headings,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect(flow.url("preview", draft))
        status = 400
    else:
        initial = {f"column_{i}": check.mapping.get(h, "ignore") for i, h in enumerate(check.headings)}
        initial |= {f"type_{i}": check.type_codes.get(v, "other") for i, v in enumerate(check.type_values)}
        form = MappingForm(initial=initial, **form_kwargs)
    case_record_view(actor=request.user, case=flow.case, page=flow.page("columns"))
    return render(
        request,
        "chronology/map_columns.html",
        flow.context(form=form, draft=draft, check=check, no_heading=not check.headings),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def map_preview(
    request: AuthenticatedHttpRequest, case_id: UUID, draft_id: UUID, request_id: int | None = None
) -> HttpResponse:
    flow = Flow(request, case_id, request_id)
    draft = flow.draft(request, draft_id)
    if not draft.chosen or not draft.mapping_confirmed:
        return redirect(flow.url("columns" if draft.chosen else "choose", draft))
    window = flow.window(draft)
    check = flow.check(draft, window=window)
    form = MapImportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        form.is_valid()  # a box at most; errors come from the service
        try:
            count = services.chronology_import_from_draft(
                actor=request.user,
                draft=draft,
                problem_count=check.problem_count,
                rows=check.rows,
                headings=check.headings,
                date_warnings=check.date_warning_count,
                dates_checked=bool(form.cleaned_data.get("dates_checked")),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            messages.success(request, f"{count} chronology entries imported from {draft.file_name}")
            for warning in check.result.warnings:
                messages.info(request, warning)
            return redirect(flow.done_url())
    types = dict(ChronologyEventType.choices)
    agencies = dict(flow.agencies())
    case_record_view(actor=request.user, case=flow.case, page=flow.page("preview"))
    return render(
        request,
        "chronology/map_preview.html",
        flow.context(
            form=form,
            draft=draft,
            check=check,
            window=window,
            rows=[
                (
                    row,
                    types.get(row.event_type, row.event_type),
                    agencies.get(row.agency_id, "") if row.agency_id != draft.agency_id else "",
                )
                for row in check.rows[:PREVIEW_ROWS]
            ],
        ),
        status=status,
    )
