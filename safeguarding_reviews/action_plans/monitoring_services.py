"""Writes for the monitoring view and repeated recommendations (issue 16 items 5 and 6). Keyword-only; each
checks the policy, owns its transaction and records one audit event of ids and codes (never text).

- Linking recommendations (the business unit only): `recommendations_link` puts a recommendation and the
  earlier ones it repeats in one group (RecommendationGroup), merging any groups they were already in into
  the oldest; `recommendation_unlink` takes one out (a group left with one member is removed).
- Exports of the monitoring view (whoever may use the view): the spreadsheet is a MonitoringExport built on
  the task worker (monitoring_tasks.py, exports.py) with its progress; the Word committee report is a
  reports.DocumentGeneration of the `committee_report` kind (partnership-scoped context builder, registered
  in apps.py), its subject the MonitoringExport row holding the filters. One spreadsheet in flight per person
  and partnership (a database constraint). Only the requester downloads either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.outbox import enqueue_with_write
from safeguarding_reviews.documents.services import document_store
from safeguarding_reviews.reports.services import document_generation_request

from .models import (
    ExportFormat,
    ExportStatus,
    MonitoringExport,
    Recommendation,
    RecommendationGroup,
    RecommendationLink,
)
from .monitoring_selectors import MonitoringFilters, export_in_flight, export_is_stale, may_monitor
from .policies import PlanAccess

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

EXPORT_PURPOSE = "action_plan_export"
COMMITTEE_REPORT_BUILDER = "action_plans_committee_report"
COMMITTEE_REPORT_KIND = "committee_report"


# --- linked recommendations -------------------------------------------------------------------------------


def recommendations_link(
    *, actor: User, access: PlanAccess, recommendation: Recommendation, others: list[Recommendation]
) -> RecommendationGroup:
    """Link `recommendation` with `others` (earlier recommendations it repeats) in one group. Groups any of
    them were in are merged into the oldest. The caller loaded every recommendation through the user's
    visible set; all must be of the plan's partnership."""
    if not access.runs_plans:
        raise PermissionDenied("Only the business unit links recommendations")
    others = [other for other in others if other.pk != recommendation.pk]
    if not others:
        raise ValidationError({"recommendations": "Select the earlier recommendations to link"})
    members = [recommendation, *others]
    if any(member.partnership_id != access.partnership.pk for member in members):
        raise PermissionDenied("Recommendations of another partnership cannot be linked")
    now = clock.now()
    with transaction.atomic(durable=True):
        ids = sorted(member.pk for member in members)
        # Lock the members' rows, so two people linking at once queue here rather than split a group.
        # (Ordered by pk alone: the model's ordering joins the nullable case, which a row lock refuses.)
        list(
            Recommendation.objects.select_for_update(no_key=True, of=("self",))
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        existing = list(
            RecommendationLink.objects.filter(recommendation_id__in=ids)
            .select_related("group")
            .order_by("group__created_at", "group_id")
        )
        group_ids = sorted({link.group_id for link in existing})
        if group_ids:
            group = existing[0].group
            merged = [group_id for group_id in group_ids if group_id != group.pk]
            if merged:
                RecommendationLink.objects.filter(group_id__in=merged).update(group=group)
                RecommendationGroup.objects.filter(pk__in=merged).delete()
        else:
            group = RecommendationGroup.objects.create(
                partnership=access.partnership, created_by=actor, created_at=now
            )
            merged = []
        linked = {link.recommendation_id for link in existing}
        added = [pk for pk in ids if pk not in linked]
        RecommendationLink.objects.bulk_create(
            [
                RecommendationLink(group=group, recommendation_id=pk, linked_by=actor, linked_at=now)
                for pk in added
            ]
        )
        record_event(
            event_type=EventType.RECOMMENDATIONS_LINKED,
            actor=actor,
            case=recommendation.case,
            partnership=access.partnership,
            target=group,
            data={
                "group_id": group.pk,
                "recommendation_id": recommendation.pk,
                "recommendation_ids": ids,
                "added_ids": added,
                "merged_group_ids": merged,
            },
        )
    return group


def recommendation_unlink(*, actor: User, access: PlanAccess, recommendation: Recommendation) -> None:
    """Take a recommendation out of its group (linked in error); a group left with one member goes."""
    if not access.runs_plans:
        raise PermissionDenied("Only the business unit links recommendations")
    with transaction.atomic(durable=True):
        link = (
            RecommendationLink.objects.select_for_update(no_key=True)
            .filter(recommendation=recommendation)
            .first()
        )
        if link is None:
            raise ValidationError("This recommendation is not linked with any other")
        group_id = link.group_id
        link.delete()
        left = list(
            RecommendationLink.objects.filter(group_id=group_id).values_list("recommendation_id", flat=True)
        )
        if len(left) < 2:
            RecommendationLink.objects.filter(group_id=group_id).delete()
            RecommendationGroup.objects.filter(pk=group_id).delete()
        record_event(
            event_type=EventType.RECOMMENDATION_UNLINKED,
            actor=actor,
            case=recommendation.case,
            partnership=access.partnership,
            object_type="action_plans.recommendationgroup",
            object_id=str(group_id),
            data={
                "group_id": group_id,
                "recommendation_id": recommendation.pk,
                "group_removed": len(left) < 2,
            },
        )


# --- exports ----------------------------------------------------------------------------------------------


class ExportInFlight(Exception):
    """The person already has a spreadsheet of this partnership's monitoring view waiting or being built."""

    def __init__(self, export: MonitoringExport) -> None:
        super().__init__("An export is already being built")
        self.export = export


def _export_event(event_type: EventType, export: MonitoringExport, *, actor: Any = None, **data: Any) -> None:
    record_event(
        event_type=event_type,
        actor=actor,
        partnership=export.partnership,
        target=export,
        data={"export_id": export.pk, "format": export.format, **data},
    )


def may_export(access: PlanAccess, export_format: str) -> bool:
    """The spreadsheet: whoever may use the monitoring view (an agency representative gets their agency's
    actions). The committee report covers every action: the readers of every action only."""
    if export_format == ExportFormat.DOCX:
        return access.reads_all
    return export_format == ExportFormat.XLSX and may_monitor(access)


def monitoring_export_request(
    *, actor: User, access: PlanAccess, export_format: str, filters: MonitoringFilters
) -> MonitoringExport:
    """Ask for an export of the monitoring view as the actor sees it, with the view's filters. The
    spreadsheet is queued for the task worker (ExportInFlight while one is waiting or being built); the
    committee report is requested from reports (DocumentGeneration) with this export as its subject."""
    if not may_export(access, export_format):
        raise PermissionDenied("You may not make this export of the monitoring view")
    if export_format == ExportFormat.XLSX:
        return _spreadsheet_request(actor=actor, access=access, filters=filters)
    with transaction.atomic(durable=True):
        export = _new_export(actor, access, ExportFormat.DOCX, filters)
    # reports owns its own transaction (durable): the generation is asked for after the row is committed.
    generation = document_generation_request(
        user=actor,
        partnership=access.partnership,
        kind=COMMITTEE_REPORT_KIND,
        subject_id=export.pk,
        subject_version=1,
        context_builder_name=COMMITTEE_REPORT_BUILDER,
    )
    MonitoringExport.objects.filter(pk=export.pk).update(generation=generation)
    export.generation = generation
    return export


def _new_export(
    actor: User, access: PlanAccess, export_format: ExportFormat, filters: MonitoringFilters
) -> MonitoringExport:
    """The export's row and its request event, in the caller's transaction."""
    export = MonitoringExport.objects.create(
        partnership=access.partnership,
        requested_by=actor,
        format=export_format,
        filters=filters.as_data(),
        status=ExportStatus.QUEUED,
        created_at=clock.now(),
    )
    _export_event(EventType.ACTION_PLAN_EXPORT_REQUESTED, export, actor=actor)
    return export


def _spreadsheet_request(*, actor: User, access: PlanAccess, filters: MonitoringFilters) -> MonitoringExport:
    from .monitoring_tasks import monitoring_export_build

    existing = export_in_flight(actor, access.partnership)
    if existing is not None and export_is_stale(existing, clock.now()):
        monitoring_export_fail(export=existing, reason="timed_out")
        existing = None
    if existing is not None:
        raise ExportInFlight(existing)
    try:
        with transaction.atomic(durable=True):
            export = _new_export(actor, access, ExportFormat.XLSX, filters)
            enqueue_with_write(monitoring_export_build, export_id=export.pk)
    except IntegrityError:
        # Another request of the same person committed between the check and the insert (the constraint
        # refused this one; nothing was written): show theirs.
        existing = export_in_flight(actor, access.partnership)
        if existing is None:
            raise
        raise ExportInFlight(existing) from None
    return export


def monitoring_export_claim(*, export_id: int) -> bool:
    """Take a queued spreadsheet for building: one worker wins (a conditional update)."""
    return bool(
        MonitoringExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
            status=ExportStatus.RUNNING, started_at=clock.now()
        )
    )


def monitoring_export_progress(*, export: MonitoringExport, done: int, total: int) -> None:
    """How far the build has got (rows written of rows to write): a progress counter, not audited."""
    MonitoringExport.objects.filter(pk=export.pk).update(progress_done=done, progress_total=total)


def monitoring_export_fail(*, export: MonitoringExport, reason: str) -> None:
    with transaction.atomic():
        MonitoringExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, finished_at=clock.now()
        )
        _export_event(EventType.ACTION_PLAN_EXPORT_FAILED, export, actor=export.requested_by, reason=reason)


def monitoring_export_finish(
    *, export: MonitoringExport, upload: Any, rows: int, case_ids: list[str]
) -> None:
    """Store the built spreadsheet as the requester's (documents.services.document_store records its
    event) and mark the export done, together."""
    with transaction.atomic(durable=True):
        stored = document_store(
            actor=export.requested_by,
            case=None,
            uploaded_file=upload,
            purpose=EXPORT_PURPOSE,
            partnership=export.partnership,
        )
        MonitoringExport.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
            status=ExportStatus.DONE,
            document=stored,
            progress_done=rows,
            progress_total=rows,
            case_ids=case_ids,
            finished_at=clock.now(),
        )


def monitoring_export_record_download(*, actor: User, export: MonitoringExport) -> None:
    """The one read event of a spreadsheet's download, naming the cases it holds (not linked to a case)."""
    with transaction.atomic():
        _export_event(
            EventType.ACTION_PLAN_EXPORTED,
            export,
            actor=actor,
            document_id=str(export.document_id),
            rows=export.progress_done,
            case_ids=list(export.case_ids or []),
        )
