"""The monitoring view's exports, built on the task worker as the person who asked (issue 16 item 5):

- **The spreadsheet (XLSX)**: one row per action the person may see, with the view's filters, each with its
  latest dated update; a second sheet says what it holds. Built by monitoring_tasks.monitoring_export_build
  with its progress saved every PROGRESS_EVERY rows (the status page shows it), stored through the document
  store (purpose "action_plan_export", no case), downloaded only by the requester. Text a spreadsheet would
  run as a formula is escaped (chronology.importer.escape_cell).
- **The Word committee report for the quarter**: the reports app's `committee_report` kind, made by
  reports.DocumentGeneration from the partnership's current template (replaceable by the business manager
  on the report templates page) through the partnership-scoped context builder registered here
  (`register`, called from apps.ActionPlansConfig.ready). Its context: the reviews in the plans with a RAG
  each (the kind's `reviews`) and the quarter's figures (`action_plans`).

Both run what the monitoring page runs (monitoring_selectors, monitoring.py), checked again when the worker
starts, so a file never holds what its requester could not see on the page.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.urls import reverse

from safeguarding_reviews.actions.lifecycle import ActionStatus, days_overdue, is_overdue
from safeguarding_reviews.chronology.importer import escape_cell
from safeguarding_reviews.core import clock
from safeguarding_reviews.organisations.models import Partnership
from safeguarding_reviews.reports import builders

from . import monitoring, monitoring_services
from .models import ExportFormat, MonitoringExport, Recommendation, RecommendationOrigin
from .monitoring_selectors import (
    ADOPTED,
    MonitoringFilters,
    export_for_build,
    latest_update_q,
    linked_groups,
    monitored_actions,
    monitoring_facts,
    period_words,
    recommendation_label,
    review_of,
)
from .policies import PlanAccess
from .selectors import agency_choices, theme_choices

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

PROGRESS_EVERY = 200
HEADINGS = [
    "Review",
    "Recommendation",
    "Recommendation text",
    "Practice themes",
    "Agency",
    "Owner (role)",
    "Owner (named account)",
    "Action",
    "Due date",
    "Status",
    "Overdue",
    "Days overdue",
    "Date to be considered complete",
    "Latest update on",
    "Latest update",
]
STATUS_LABELS = dict(ActionStatus.choices)
COMMITTEE_NAME = "Monitoring committee"


def filter_words(access: PlanAccess, filters: MonitoringFilters, today: dt.date) -> str:
    """What the figures cover, in words (the spreadsheet's About sheet, the committee report's scope)."""
    parts = [period_words(filters, today)]
    if filters.review == ADOPTED:
        parts.append("recommendations adopted from elsewhere")
    elif filters.review:
        case = (
            monitored_actions(access, MonitoringFilters(review=filters.review), today)
            .values_list("case__pseudonym", "case__reference")
            .first()
        )
        parts.append(f"review {case[0]} ({case[1]})" if case else "a review")
    if filters.agency_id is not None:
        parts.append(f"agency {dict(agency_choices(access.partnership)).get(filters.agency_id, 'not known')}")
    if filters.theme_id is not None:
        parts.append(f"theme {dict(theme_choices()).get(filters.theme_id, 'not known')}")
    if filters.status == monitoring.OVERDUE:
        parts.append("overdue actions only")
    elif filters.status:
        parts.append(f"status {STATUS_LABELS.get(filters.status, filters.status).lower()}")
    if not access.reads_all:
        parts.append("your agency's actions only")
    words = "; ".join(parts)
    return words[:1].upper() + words[1:]


def _still_allowed(export: MonitoringExport) -> PlanAccess | None:
    user = export.requested_by
    if not getattr(user, "is_active", False):
        return None
    access = PlanAccess(user, export.partnership)
    return access if monitoring_services.may_export(access, export.format) else None


# --- the spreadsheet --------------------------------------------------------------------------------------


def _themes_by_recommendation(actions: Any) -> dict[int, str]:
    through = Recommendation.themes.through
    found: dict[int, list[str]] = {}
    for recommendation_id, label in (
        through.objects.filter(recommendation_id__in=actions.order_by().values("recommendation_id"))
        .order_by("practicetheme__sort_order", "practicetheme__label")
        .values_list("recommendation_id", "practicetheme__label")
    ):
        found.setdefault(recommendation_id, []).append(label)
    return {key: "; ".join(labels) for key, labels in found.items()}


def _text(value: str | None) -> str | None:
    """Plain text for a cell: no control characters (XML refuses most), escaped, empty as no cell."""
    if not value:
        return None
    return escape_cell("".join(ch for ch in value if ch in "\n\t" or ord(ch) >= 32))


def _action_row(action: Any, themes: dict[int, str], today: dt.date) -> list[Any]:
    case = action.case
    recommendation = action.recommendation
    _, review = review_of(
        action.case_id,
        case.reference if case else None,
        case.pseudonym if case else None,
        recommendation.origin if recommendation else None,
        recommendation.source_title if recommendation else None,
    )
    overdue = is_overdue(action.status, action.due_on, today)
    return [
        _text(review),
        recommendation.number if recommendation else "Rapid review action",
        _text(recommendation.text if recommendation else ""),
        _text(themes.get(action.recommendation_id, "")),
        _text(action.owner_agency.name),
        _text(action.owner_role),
        _text(action.owner_user.full_name if action.owner_user else ""),
        _text(action.description),
        action.due_on,
        STATUS_LABELS.get(action.status, action.status),
        "yes" if overdue else "no",
        days_overdue(action.status, action.due_on, today) if overdue else None,
        action.completed_on,
        action.latest_update_on,
        _text(action.latest_update_text),
    ]


def monitoring_export_run(*, export_id: int) -> MonitoringExport | None:
    """Build the spreadsheet (the task worker calls this). Runs once: an export no longer queued is left
    alone (None)."""
    from openpyxl import Workbook

    if not monitoring_services.monitoring_export_claim(export_id=export_id):
        return None
    export = export_for_build(export_id)
    assert export is not None  # just claimed
    access = _still_allowed(export)
    if access is None:
        monitoring_services.monitoring_export_fail(export=export, reason="no_access")
        export.refresh_from_db()
        return export
    today = clock.today()
    filters = MonitoringFilters.from_data(export.filters or {})
    try:
        actions = monitored_actions(access, filters, today)
        total = actions.count()
        monitoring_services.monitoring_export_progress(export=export, done=0, total=total)
        themes = _themes_by_recommendation(actions)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Actions")
        sheet.append(HEADINGS)
        done = 0
        case_ids: set[str] = set()
        rows = (
            actions.select_related("case", "owner_agency", "owner_user", "recommendation")
            .annotate(**latest_update_q())
            .order_by("case__reference", "recommendation__number", "due_on", "pk")
        )
        for action in rows.iterator(chunk_size=500):
            sheet.append(_action_row(action, themes, today))
            if action.case_id is not None:
                case_ids.add(str(action.case_id))
            done += 1
            if done % PROGRESS_EVERY == 0:
                monitoring_services.monitoring_export_progress(export=export, done=done, total=total)
        about = workbook.create_sheet("About")
        about.append(["Partnership", _text(export.partnership.name)])
        about.append(["Made on", today])
        about.append(["What it holds", _text(filter_words(access, filters, today))])
        about.append(["Actions", done])
        about.append(["Overdue", "Not started or in progress, and the due date has passed"])
        with tempfile.TemporaryFile() as handle:
            workbook.save(handle)
            handle.seek(0)
            upload = File(handle, name=f"action-plans-{export.partnership.slug}-{today.isoformat()}.xlsx")
            monitoring_services.monitoring_export_finish(
                export=export, upload=upload, rows=done, case_ids=sorted(case_ids)
            )
    except (ValidationError, OSError, ValueError):
        monitoring_services.monitoring_export_fail(export=export, reason="build_failed")
    except Exception:
        monitoring_services.monitoring_export_fail(export=export, reason="build_failed")
        raise  # the worker records the task as failed, with its traceback (no personal data in it)
    export.refresh_from_db()
    return export


# --- the committee report (reports.DocumentGeneration, kind committee_report) ----------------------------


def _review_kinds(case_ids: list[str]) -> dict[str, str]:
    """Each case's kind of review, from its recommendations' origins: an LCSPR's final report, or else the
    rapid review."""
    kinds: dict[str, str] = {}
    for case_id, origin in (
        Recommendation.objects.filter(case_id__in=case_ids).values_list("case_id", "origin").distinct()
    ):
        if origin == RecommendationOrigin.LCSPR or str(case_id) not in kinds:
            kinds[str(case_id)] = dict(RecommendationOrigin.choices)[origin]
    return kinds


def committee_report_context(partnership: Partnership, export_id: int) -> dict[str, Any] | None:
    """The `committee_report` kind's variables for one export (its filters), as its requester may see the
    plans; None when the export is gone or is not a committee report."""
    export = (
        MonitoringExport.objects.filter(pk=export_id, partnership=partnership, format=ExportFormat.DOCX)
        .select_related("requested_by", "partnership")
        .first()
    )
    if export is None:
        return None
    access = PlanAccess(export.requested_by, partnership)
    today = clock.today()
    filters = MonitoringFilters.from_data(export.filters or {})
    loaded = monitoring_facts(access, filters, today)
    figures = monitoring.monitoring(loaded.facts, today, most_overdue=20)
    kinds = _review_kinds(loaded.case_ids)
    references = {
        f"case:{case_id}": (reference, pseudonym)
        for case_id, reference, pseudonym in monitored_actions(access, filters, today)
        .filter(case__isnull=False)
        .values_list("case_id", "case__reference", "case__pseudonym")
        .distinct()
    }
    reviews = []
    for group in figures.by_review:
        reference, pseudonym = references.get(group.key, ("", group.label))
        case_id = group.key.removeprefix("case:") if group.key.startswith("case:") else ""
        reviews.append(
            {
                "case_reference": reference,
                "review_name": pseudonym,
                "review_kind": kinds.get(case_id, "Adopted from elsewhere")
                if case_id
                else "Adopted from elsewhere",
                "status": (
                    f"{group.total} actions: {group.open} open, {group.overdue} overdue, "
                    f"{group.accepted} with evidence accepted"
                ),
                "next_milestone": "The next action due" if group.next_due_on else "No action left to do",
                "due_on": group.next_due_on,
                "rag": group.rag,
                "notes": f"Completion rate {monitoring.rate_words(group.completion_rate)}."
                + (f" The longest overdue by {group.longest_overdue} days." if group.overdue else ""),
            }
        )
    descriptions = dict(
        monitored_actions(access, MonitoringFilters(), today)
        .filter(pk__in=[row.action_id for row in figures.most_overdue])
        .values_list("pk", "description")
    )
    chosen = monitoring.parse_quarter(filters.quarter) if filters.quarter else None
    period = period_words(filters, today)
    groups = linked_groups(access, review=filters.review, theme_id=filters.theme_id)
    totals = figures.totals
    return {
        "partnership_name": partnership.name,
        "generated_on": today,
        "committee_name": COMMITTEE_NAME,
        "meeting_date": None,
        "reviews": reviews,
        "action_plans": {
            "quarter": chosen.label if chosen else period[:1].upper() + period[1:],
            "scope": filter_words(access, filters, today),
            "total": totals.total,
            "overdue": totals.overdue,
            "completion_rate": monitoring.rate_words(totals.completion_rate),
            "by_status": [
                {"label": row.label, "count": row.count, "overdue_count": row.overdue}
                for row in figures.by_status
            ],
            "agencies": [
                {
                    "agency": group.label,
                    "actions": group.total,
                    "open_actions": group.open,
                    "overdue_actions": group.overdue,
                    "longest_overdue": group.longest_overdue,
                    "rate": monitoring.rate_words(group.completion_rate),
                }
                for group in figures.by_agency
            ],
            "themes": [
                {
                    "theme": group.label,
                    "theme_actions": group.total,
                    "theme_overdue": group.overdue,
                    "theme_rate": monitoring.rate_words(group.completion_rate),
                }
                for group in figures.by_theme
            ],
            "overdue_list": [
                {
                    "review": row.review_label,
                    "owner": row.agency_name,
                    "action": " ".join(descriptions.get(row.action_id, "").split()),
                    "due": row.due_on,
                    "days": row.days,
                }
                for row in figures.most_overdue
            ],
            "linked_groups": [
                {
                    "summary": group.summary[:1].upper() + group.summary[1:],
                    "members": [
                        f"{recommendation_label(member)}: {' '.join(member.text.split())}"
                        for member in group.members
                    ],
                }
                for group in groups
            ],
        },
    }


def _may_request(user: User, partnership: Partnership) -> bool:
    return bool(getattr(user, "is_active", False)) and PlanAccess(user, partnership).reads_all


def _status_url(partnership: Partnership, export_id: int, version: int) -> str:
    return reverse(
        "action_plans:monitoring_export", kwargs={"slug": partnership.slug, "export_id": export_id}
    )


def _filename(partnership: Partnership, version: int) -> str:
    return f"committee-report-{partnership.slug}-{clock.today().isoformat()}"


BUILDER = builders.ContextBuilder(
    name=monitoring_services.COMMITTEE_REPORT_BUILDER,
    kind=monitoring_services.COMMITTEE_REPORT_KIND,
    purpose="committee_report",
    build=committee_report_context,
    may_request=_may_request,
    may_read=_may_request,
    subject_url=_status_url,
    filename=_filename,
    label="the committee report",
    scope=builders.PARTNERSHIP,
)


def register() -> None:
    builders.register(BUILDER)
