"""Chronology pages. Views parse input, load through selectors and policies, call one service, render."""

from __future__ import annotations

import tempfile
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.cases.services import case_record_view
from safeguarding_reviews.clocks.selectors import clock_settings_for
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import (
    add_service_errors,
    rebound,
    save_or_conflict,
)
from safeguarding_reviews.core.job_status import POLL_SECONDS, job_status_response, passive_poll
from safeguarding_reviews.core.throttle import job_rate_limit
from safeguarding_reviews.documents.inspection import TYPES
from safeguarding_reviews.documents.services import document_path
from safeguarding_reviews.organisations.selectors import agency_choices, agency_get

from . import entry_rows, importer, services
from .cursor import parse_cursor
from .forms import (
    CORRECTION_FIELDS,
    CorrectionForm,
    DuplicateDecisionForm,
    EntryForm,
    FilterForm,
    ImportForm,
    UndoImportForm,
    WithdrawForm,
)
from .mapping_views import Flow
from .models import (
    CORRECTABLE_FIELDS,
    ChronologyEntry,
    ChronologyEventType,
    ChronologyExport,
    DatePrecision,
    ExportStatus,
)
from .policies import ChronologyAction, chronology_case_get, may, may_see_withdrawn
from .selectors import (
    DUPLICATES_SHOWN,
    Filters,
    case_imports,
    entry_for_change,
    entry_history,
    entry_with_agency,
    export_notes,
    export_of_requester,
    import_batch_active_count,
    import_batch_get,
    merged_entries,
    merged_page_with_flags,
    silence_text,
    visible_entries_by_id,
    visible_entry,
    withdrawn_entries,
)

if TYPE_CHECKING:
    from safeguarding_reviews.cases.models import Case

# The first ten columns are the import template's, so an export can be corrected and imported again.
EXPORT_FIELDS = (
    "date",
    "date_to",
    "date_precision",
    "date_as_written",
    "time",
    "agency",
    "source_record",
    "event_type",
    "what_happened",
    "action_taken",
    "outcome",
    "who_seen",
    "practitioner_role",
    "is_key_episode",
    "analysis",
    "corrected_at",
    "correction_reason",
)
EXPORT_HEADINGS = [
    "Date",
    "Precision",
    "Time",
    "Agency",
    "Source record",
    "Event type",
    "What happened",
    "Practitioner role",
    "Key episode",
    "Analysis",
    "Agency entry number",
    "Date to",
    "Date as written",
    "Action taken",
    "Outcome",
    "Who was seen",
    "Notes",
]


def _agencies(case: Case) -> list[tuple[int, str]]:
    return agency_choices(case.lead_partnership_id)


# A stand-in entry id for reversing an entry's links once per page.
_STAND_IN_ID = 987_654_321


def _entry_links(case_id: Any, entry_ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """Each entry's Correct, Withdraw and History links. Each URL is reversed once, with a stand-in id, and
    the id put in for each entry: three reverses per entry were a tenth of the page's time at 100 entries."""
    patterns = [
        reverse(name, args=[case_id, _STAND_IN_ID])
        for name in ("chronology:entry_correct", "chronology:entry_withdraw", "chronology:entry_history")
    ]
    marker = f"/{_STAND_IN_ID}/"
    correct, withdraw, history = patterns
    return {
        pk: (
            correct.replace(marker, f"/{pk}/"),
            withdraw.replace(marker, f"/{pk}/"),
            history.replace(marker, f"/{pk}/"),
        )
        for pk in entry_ids
    }


@login_required
@require_http_methods(["GET"])
def chronology_merged(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = chronology_case_get(user=request.user, case_id=case_id, action=ChronologyAction.VIEW)
    agencies = _agencies(case)
    sees_withdrawn = may_see_withdrawn(request.user, case)
    form = FilterForm(request.GET or None, agencies=agencies, may_see_withdrawn=sees_withdrawn)
    filters = Filters()
    show_withdrawn = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = Filters(
            agency_id=data["agency"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            event_type=data["event_type"],
            key_only=data["key_only"],
            duplicates_only=data["duplicates_only"],
        )
        show_withdrawn = bool(data.get("show_withdrawn"))
    cursor = request.GET.get("after", "")
    bad_cursor = bool(cursor) and parse_cursor(cursor) is None
    silence_days = clock_settings_for(case.lead_partnership).chronology_silence_days
    page = merged_page_with_flags(case, request.user, filters, "" if bad_cursor else cursor, silence_days)
    entries, next_cursor = page.entries, page.next_cursor
    query = request.GET.copy()
    query.pop("after", None)
    if next_cursor:
        query["after"] = next_cursor
    case_record_view(actor=request.user, case=case, page="chronology")
    links = _entry_links(case.pk, [entry.pk for entry in entries])
    may_write = may(request.user, ChronologyAction.WRITE, case)
    rows = [
        (
            entry,
            page.duplicates.get(entry.pk, [])[:DUPLICATES_SHOWN],
            max(0, len(page.duplicates.get(entry.pk, [])) - DUPLICATES_SHOWN),
            page.silences_before.get(entry.pk, []),
            (page.also_recorded or {}).get(entry.pk, []),
            links[entry.pk],
        )
        for entry in entries
    ]
    return render(
        request,
        "chronology/merged.html",
        {
            "case": case,
            "form": form,
            "entries": entries,
            "rows": rows,
            "entry_rows": entry_rows.table_rows(
                rows,
                may_write=may_write,
                decide_url=reverse("chronology:duplicate_decide", args=[case.pk]),
                csrf_input=csrf_input(request),
            ),
            "withdrawn": withdrawn_entries(case, request.user) if show_withdrawn else [],
            "show_withdrawn": show_withdrawn,
            "silent_periods": page.silent_periods,
            "silence_days": silence_days,
            "bad_cursor": bad_cursor,
            "filters": filters,
            "export_fields": [
                (name, value)
                for name in request.GET
                if name != "after"
                for value in request.GET.getlist(name)
            ],
            "next_query": query.urlencode() if next_cursor else "",
            "first_query": "&".join(f"{k}={v}" for k, v in request.GET.items() if k != "after"),
            "is_later_page": bool(cursor) and not bad_cursor,
            "may_write": may_write,
        },
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def chronology_add(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = chronology_case_get(user=request.user, case_id=case_id, action=ChronologyAction.WRITE)
    agencies = _agencies(case)
    status = 200
    if request.method == "POST":
        form = EntryForm(request.POST, agencies=agencies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.chronology_entry_add(
                    actor=request.user,
                    case=case,
                    agency=agency_get(data["agency"]),
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
                    restricted_to_roles=data["restricted_to_roles"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, "Chronology entry added")
                if "add_another" in request.POST:
                    return redirect("chronology:add", case_id=case.pk)
                return redirect("chronology:merged", case_id=case.pk)
        else:
            status = 400
    else:
        form = EntryForm(agencies=agencies, initial={"date_precision": DatePrecision.EXACT})
    case_record_view(actor=request.user, case=case, page="chronology_add")
    return render(request, "chronology/add.html", {"case": case, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def chronology_import(
    request: AuthenticatedHttpRequest, case_id: UUID, request_id: int | None = None
) -> HttpResponse:
    """Import the filled-in template: every row checked, nothing imported unless all are correct
    (chronology.importer). The business unit imports for the case's agencies; a request's author, from
    their request, for their own agency only (mapping_views.Flow says which)."""
    flow = Flow(request, case_id, request_id)
    case = flow.case
    status = 200
    result: importer.ImportResult | None = None
    date_warnings: list[Any] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > importer.MAX_UPLOAD_BYTES:
                form.add_error("file", "The file must be smaller than 10 MB")
                status = 400
            else:
                result = importer.parse(
                    upload.name,
                    upload.read(),
                    agencies={name: pk for pk, name in flow.agencies()},
                    event_types=ChronologyEventType.choices,
                    today=clock.today(),
                )
                if result.ok:
                    date_warnings = importer.window_warnings(
                        result.rows,
                        {
                            agency_id: flow.agency_window(agency_id)
                            for agency_id in {row.agency_id for row in result.rows}
                        },
                    )
                if result.ok and not form.dates_confirmed(date_warnings):
                    status = 400
                elif result.ok:
                    try:
                        count = services.chronology_import(
                            actor=request.user,
                            case=case,
                            rows=result.rows,
                            agency_request=flow.req,
                            file_name=upload.name,
                            date_warnings_accepted=len(date_warnings),
                        )
                    except ValidationError as exc:
                        add_service_errors(form, exc)
                        status = 400
                    else:
                        messages.success(request, f"{count} chronology entries imported")
                        for warning in result.warnings:  # hidden sheets skipped, the encoding read
                            messages.info(request, warning)
                        return redirect(flow.done_url())
                else:
                    form.add_error(
                        "file", "The file has problems: nothing was imported. Correct them and try again"
                    )
                    status = 400
        else:
            status = 400
    else:
        form = ImportForm()
    form.offer_dates_checked(date_warnings)
    case_record_view(actor=request.user, case=case, page=flow.page_name("chronology_import"))
    context: dict[str, Any] = {
        "case": case,
        "req": flow.req,
        "template_url": flow.template_url(),
        "form": form,
        "result": result,
        "date_warnings": date_warnings,
    }
    return render(request, "chronology/import.html", context, status=status)


def _xlsx_response(workbook: Any, filename: str) -> FileResponse:
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return response


@login_required
@require_http_methods(["GET"])
def chronology_template(
    request: AuthenticatedHttpRequest, case_id: UUID, request_id: int | None = None
) -> HttpResponseBase:
    """The template to fill in, its allowed values beside it: the case's agencies for the business unit,
    the request's own agency for its author."""
    from openpyxl import Workbook

    flow = Flow(request, case_id, request_id)
    case = flow.case
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Chronology")
    sheet.append([heading for heading, _ in importer.COLUMNS])
    help_sheet = workbook.create_sheet("Allowed values")
    help_sheet.append(["Agency", "Event type", "Precision", "Key episode"])
    agencies = [name for _, name in flow.agencies()]
    types = [label for _, label in ChronologyEventType.choices]
    precisions = ["exact", "month", "approximate"]
    for i in range(max(len(agencies), len(types), len(precisions))):
        help_sheet.append(
            [
                importer.escape_cell(agencies[i]) if i < len(agencies) else None,
                types[i] if i < len(types) else None,
                precisions[i] if i < len(precisions) else None,
                ["yes", "no"][i] if i < 2 else None,
            ]
        )
    case_record_view(actor=request.user, case=case, page=flow.page_name("chronology_template"))
    return _xlsx_response(workbook, f"chronology-template-{case.reference}.xlsx")


@login_required
@require_http_methods(["GET"])
def chronology_export_xlsx(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponseBase:
    from openpyxl import Workbook

    case = chronology_case_get(user=request.user, case_id=case_id, action=ChronologyAction.VIEW)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Merged chronology")
    sheet.append(EXPORT_HEADINGS)
    precisions = dict(DatePrecision.choices)
    types = dict(ChronologyEventType.choices)
    silence_days = clock_settings_for(case.lead_partnership).chronology_silence_days
    # The same entries, flags, decisions and silent periods as the viewer's page: restricted entries they
    # may not see and withdrawn entries are left out (merged_entries), silent periods are rows in date order.
    notes = export_notes(case, request.user, silence_days)
    count = 0
    previous = None

    def text(value: str) -> str | None:
        return (
            importer.escape_cell(value) if value else None
        )  # empty text is no cell (halves openpyxl's work)

    entries = merged_entries(case, request.user).only(
        *EXPORT_FIELDS, "agency__name", "sort_date", "has_time", "sort_time", "agency_order", "case_id"
    )
    for entry in entries.iterator(chunk_size=1000):
        for period in notes.silences_between(previous, entry.sort_date):
            sheet.append(
                [period.start, None, None, None, None, None, silence_text(period)]
                + [None] * 9
                + ["Silent period"]
            )
        previous = entry.sort_date
        count += 1
        date = entry.date
        sheet.append(
            [
                date.strftime("%m/%Y") if entry.date_precision == DatePrecision.MONTH else date,
                precisions.get(entry.date_precision, entry.date_precision),
                entry.time,
                importer.escape_cell(entry.agency.name),
                text(entry.source_record),
                types.get(entry.event_type, entry.event_type),
                importer.escape_cell(entry.what_happened),
                text(entry.practitioner_role),
                "yes" if entry.is_key_episode else "no",
                text(entry.analysis),
                entry.agency_order,
                entry.date_to if entry.date_to and entry.date_precision != DatePrecision.MONTH else None,
                text(entry.date_as_written),
                text(entry.action_taken),
                text(entry.outcome),
                text(entry.who_seen),
                text("; ".join(notes.notes(entry))),
            ]
        )
    services.chronology_record_export(actor=request.user, case=case, rows=count)
    return _xlsx_response(workbook, f"chronology-{case.reference}.xlsx")


def _filters_from(data: Any, case: Case) -> Filters:
    """The merged page's filters carried on the export form (bad values are simply left out)."""
    form = FilterForm(data, agencies=_agencies(case))
    if not form.is_valid():
        return Filters()
    clean = form.cleaned_data
    return Filters(
        agency_id=clean["agency"],
        date_from=clean["date_from"],
        date_to=clean["date_to"],
        event_type=clean["event_type"],
        key_only=clean["key_only"],
        duplicates_only=clean["duplicates_only"],
    )


def _export_get(request: HttpRequest, case: Case, export_id: UUID) -> ChronologyExport:
    """The requester's own export of this case; anyone else's is 404."""
    export = export_of_requester(case=case, export_id=export_id, user=request.user)
    if export is None:
        raise Http404("No export found")
    return export


@login_required
@require_http_methods(["POST"])
@job_rate_limit("chronology_export")
def chronology_export_docx(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = chronology_case_get(user=request.user, case_id=case_id, action=ChronologyAction.VIEW)
    try:
        export = services.chronology_export_request(
            actor=request.user, case=case, filters=_filters_from(request.POST, case)
        )
    except services.ExportInFlight as in_flight:
        export = in_flight.export
        messages.info(
            request,
            "Your Word export of this chronology is still being built. "
            "When it is ready you can download it here, then ask for another.",
        )
    return redirect("chronology:export_status", case_id=case.pk, export_id=export.pk)


@passive_poll
@login_required
@require_http_methods(["GET"])
def chronology_export_status(
    request: AuthenticatedHttpRequest, case_id: UUID, export_id: UUID
) -> HttpResponse:
    """The export's status. Asked for JSON, the page's script gets the status fragment (a read like the page,
    and not activity for the idle timeout); the page never sends a Refresh header (WCAG 2.2.2)."""
    case = chronology_case_get(user=request.user, case_id=case_id, action=ChronologyAction.VIEW)
    export = _export_get(request, case, export_id)
    case_record_view(actor=request.user, case=case, page="chronology_export")
    context = {
        "case": case,
        "export": export,
        "retention_days": services.export_retention_days(),
        "poll_seconds": POLL_SECONDS,
    }
    return job_status_response(
        request,
        finished=export.is_finished,
        status=export.status,
        announcement=_export_announcement(export),
        page="chronology/export_status.html",
        fragment="chronology/_export_status_body.html",
        context=context,
    )


def _export_announcement(export: ChronologyExport) -> str:
    if export.status == ExportStatus.DONE:
        return "The Word document is ready. The download link is on this page."
    if export.status == ExportStatus.FAILED:
        return "The export could not be built."
    return f"Status: {export.get_status_display()}."


def _export_gone(request: AuthenticatedHttpRequest, case: Case, export: ChronologyExport) -> HttpResponse:
    """410 Gone: the retention schedule deleted the file. The page names the case, so it is a read."""
    case_record_view(actor=request.user, case=case, page="chronology_export")
    context = {"case": case, "export": export, "retention_days": services.export_retention_days()}
    return render(request, "chronology/export_gone.html", context, status=410)


@login_required
@require_http_methods(["GET"])
def chronology_export_download(
    request: AuthenticatedHttpRequest, case_id: UUID, export_id: UUID
) -> HttpResponseBase:
    case = chronology_case_get(user=request.user, case_id=case_id, action=ChronologyAction.VIEW)
    export = _export_get(request, case, export_id)
    if export.status == ExportStatus.EXPIRED:
        return _export_gone(request, case, export)
    if export.status != ExportStatus.DONE or export.document is None:
        raise Http404("The export is not ready")
    try:
        handle = document_path(export.document).open("rb")
    except FileNotFoundError as exc:
        raise Http404("No document found") from exc
    services.chronology_export_record_download(actor=request.user, export=export)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"chronology-{case.reference}.docx",
        content_type=TYPES["docx"].content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


# --- Corrections, withdrawals, history, imports and duplicate decisions ---------------------------------

CONFLICT = (
    "Someone else changed this entry while you were correcting it. Check what changed, below; what you "
    "typed is kept. Save again to replace their version with yours"
)

WITHDRAW_CONFLICT = "Someone changed this entry while you were looking at it. Check it, then withdraw it"


def _back_to(case: Case, entry: ChronologyEntry, agency_request: Any) -> HttpResponse:
    if agency_request is not None:
        return redirect("rapid_review:request_chronology", case_id=case.pk, request_id=agency_request.pk)
    return redirect(f"{reverse('chronology:merged', args=[case.pk])}#entry-{entry.pk}")


def _back_url(case: Case, agency_request: Any) -> str:
    if agency_request is not None:
        return reverse("rapid_review:request_chronology", args=[case.pk, agency_request.pk])
    return reverse("chronology:merged", args=[case.pk])


def _correction_initial(entry: ChronologyEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in CORRECTION_FIELDS} | {"version": entry.version}


@login_required
@require_http_methods(["GET", "POST"])
def chronology_entry_correct(request: AuthenticatedHttpRequest, case_id: UUID, entry_id: int) -> HttpResponse:
    case, entry, agency_request = entry_for_change(user=request.user, case_id=case_id, entry_id=entry_id)
    if entry.is_withdrawn:
        raise Http404("The entry has been withdrawn")
    status = 200
    changes: list[Any] = []
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            attempt = save_or_conflict(
                lambda: services.chronology_entry_correct(
                    actor=request.user,
                    entry=entry,
                    expected_version=data["version"],
                    changes={name: data[name] for name in CORRECTION_FIELDS},
                    reason=data["reason"],
                    agency_request=agency_request,
                ),
                form=form,
                on_conflict=rebound(CorrectionForm, request.POST, CONFLICT),
            )
            if attempt.saved:
                messages.success(request, f"{entry.agency.name} entry {entry.agency_order} corrected")
                return _back_to(case, entry, agency_request)
            if attempt.stale is not None:
                changes = attempt.stale.changes_against({name: data[name] for name in CORRECTION_FIELDS})
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        form = CorrectionForm(initial=_correction_initial(entry))
    case_record_view(actor=request.user, case=case, page="chronology_entry_correct")
    context = {
        "case": case,
        "entry": entry,
        "form": form,
        "changes": changes,
        "back_url": _back_url(case, agency_request),
        "as_author": agency_request is not None,
    }
    return render(request, "chronology/correct.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def chronology_entry_withdraw(
    request: AuthenticatedHttpRequest, case_id: UUID, entry_id: int
) -> HttpResponse:
    case, entry, agency_request = entry_for_change(user=request.user, case_id=case_id, entry_id=entry_id)
    if entry.is_withdrawn:
        raise Http404("The entry has already been withdrawn")
    status = 200
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            attempt = save_or_conflict(
                lambda: services.chronology_entry_withdraw(
                    actor=request.user,
                    entry=entry,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                    agency_request=agency_request,
                ),
                form=form,
                on_conflict=rebound(WithdrawForm, request.POST, WITHDRAW_CONFLICT),
            )
            if attempt.saved:
                messages.success(request, f"{entry.agency.name} entry {entry.agency_order} withdrawn")
                return redirect(_back_url(case, agency_request))
            if attempt.stale is not None:
                entry = entry_with_agency(entry.pk)
            form, status = attempt.form, attempt.status
        else:
            status = 400
    else:
        form = WithdrawForm(initial={"version": entry.version})
    case_record_view(actor=request.user, case=case, page="chronology_entry_withdraw")
    context = {"case": case, "entry": entry, "form": form, "back_url": _back_url(case, agency_request)}
    return render(request, "chronology/withdraw.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def chronology_entry_history(request: AuthenticatedHttpRequest, case_id: UUID, entry_id: int) -> HttpResponse:
    """An entry's earlier versions: for everyone who may read the chronology and see the entry (a withdrawn
    entry only for the business unit and the auditor)."""
    case = chronology_case_get(user=request.user, case_id=case_id, action=ChronologyAction.VIEW)
    entry = visible_entry(request.user, case, entry_id, with_withdrawn=may_see_withdrawn(request.user, case))
    if entry is None:
        raise Http404("No entry found")
    versions = entry_history(entry)
    labels = {
        name: str(getattr(ChronologyEntry._meta.get_field(name), "verbose_name", name))
        for name in CORRECTABLE_FIELDS
    }
    rows = [
        (version, [labels.get(name, name) for name in version.changed_fields], _old_values(version, labels))
        for version in versions
    ]
    case_record_view(actor=request.user, case=case, page="chronology_entry_history")
    context = {
        "case": case,
        "entry": entry,
        "rows": rows,
        "may_write": may(request.user, ChronologyAction.WRITE, case),
    }
    return render(request, "chronology/history.html", context)


def _old_values(version: Any, labels: dict[str, str]) -> list[tuple[str, str]]:
    """The earlier values of the fields this change altered (all of them for a withdrawal), as text."""
    names = version.changed_fields or []
    precisions = dict(DatePrecision.choices)
    types = dict(ChronologyEventType.choices)
    shown = []
    for name in names:
        value = version.values.get(name)
        if name == "date_precision":
            value = precisions.get(value, value)
        elif name == "event_type":
            value = types.get(value, value)
        elif name == "is_key_episode":
            value = "Yes" if value else "No"
        shown.append((labels.get(name, name), "" if value in (None, "") else str(value)))
    return shown


def _business_unit_case(request: AuthenticatedHttpRequest, case_id: UUID) -> Case:
    return chronology_case_get(user=request.user, case_id=case_id, action=ChronologyAction.WRITE)


@login_required
@require_http_methods(["GET"])
def chronology_imports(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = _business_unit_case(request, case_id)
    batches = case_imports(case)
    case_record_view(actor=request.user, case=case, page="chronology_imports")
    return render(request, "chronology/imports.html", {"case": case, "batches": batches})


@login_required
@require_http_methods(["GET", "POST"])
def chronology_import_undo(request: AuthenticatedHttpRequest, case_id: UUID, batch_id: int) -> HttpResponse:
    case = _business_unit_case(request, case_id)
    batch = import_batch_get(case=case, batch_id=batch_id)
    if batch is None:
        raise Http404("No import found")
    active = import_batch_active_count(batch)
    status = 200
    if request.method == "POST":
        form = UndoImportForm(request.POST)
        if form.is_valid():
            try:
                count = services.chronology_import_undo(
                    actor=request.user, batch=batch, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, f"Import undone: {count} entries withdrawn")
                return redirect("chronology:imports", case_id=case.pk)
        else:
            status = 400
    else:
        form = UndoImportForm()
    case_record_view(actor=request.user, case=case, page="chronology_import_undo")
    context = {"case": case, "batch": batch, "active": active, "form": form}
    return render(request, "chronology/import_undo.html", context, status=status)


@login_required
@require_http_methods(["POST"])
def chronology_duplicate_decide(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The business unit's decision on a flagged pair, from the merged page. Bad input is a 400 page that
    says what was wrong (no JavaScript: the page's buttons post this form)."""
    case = _business_unit_case(request, case_id)
    form = DuplicateDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        pair = visible_entries_by_id(request.user, case, [data["entry"], data["other"]])
        if len(pair) != 2 or data["entry"] == data["other"]:
            form.add_error(None, "Those entries could not be found in this chronology")
        else:
            try:
                services.chronology_duplicate_decide(
                    actor=request.user,
                    case=case,
                    entry_a=pair[data["entry"]],
                    entry_b=pair[data["other"]],
                    decision=data["decision"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                first, other = pair[data["entry"]], pair[data["other"]]
                if data["decision"] == "same":
                    messages.success(
                        request,
                        f"Marked as the same event: {first.agency.name} entry {first.agency_order} is shown, "
                        f"also recorded by {other.agency.name}",
                    )
                else:
                    messages.success(request, "Marked as different events: they will not be flagged again")
                return redirect(f"{reverse('chronology:merged', args=[case.pk])}#entry-{first.pk}")
    case_record_view(actor=request.user, case=case, page="chronology_duplicate_decide")
    return render(request, "chronology/duplicate_error.html", {"case": case, "form": form}, status=400)
