"""Writes to the notification. Each service owns its transaction and records one notification audit
event; the milestones and the stage move they trigger record their own inside the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from safeguarding_reviews.alerts.rules import Handoff
from safeguarding_reviews.alerts.services import handoff_notify
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases import routes
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import MilestoneEvent
from safeguarding_reviews.clocks.selectors import late_reason_needed
from safeguarding_reviews.clocks.services import deadline_late_reason_record, milestone_record
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.documents.services import document_store
from safeguarding_reviews.screening.criteria import Answer, Outcome
from safeguarding_reviews.screening.models import Screening
from safeguarding_reviews.screening.selectors import case_route
from safeguarding_reviews.subjects.selectors import case_children

from .models import MAX_CHILDREN, Notification, NotificationCategory, NotificationChild
from .policies import NotificationAction, may

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

EDITABLE_FIELDS = (
    "category",
    "incident_place",
    "incident_date",
    "incident_time",
    "outline",
    "further_information",
)
CHILD_FIELDS = (
    "looked_after",
    "placement_type",
    "child_in_need_plan",
    "child_protection_plan",
    "known_to_agencies",
    "health",
    "home_area",
)
ATTACHMENT_PURPOSE = "notification"


def _screening(case: Case) -> Screening | None:
    return Screening.objects.filter(case=case).first()


def _check_may_notify(case: Case) -> Screening:
    screening = _screening(case)
    if screening is None or screening.outcome != Outcome.NOTIFY:
        raise ValidationError("The local authority delegate has not decided to notify the Panel")
    if case.stage == Stage.CLOSED:
        raise ValidationError("The case is closed")
    return screening


def _notification_row(*, actor: User, case: Case) -> Notification:
    now = clock.now()
    Notification.objects.get_or_create(
        case=case,
        defaults={
            "version": 1,
            "incident_date": case.incident_date,
            "created_by": actor,
            "created_at": now,
            "updated_by": actor,
            "updated_at": now,
        },
    )
    return Notification.objects.select_for_update(no_key=True).get(case=case)


def _record_conflict(*, actor: User, case: Case, expected_version: int) -> None:
    with transaction.atomic(durable=True):
        record_event(
            event_type=EventType.NOTIFICATION_UPDATE_CONFLICT,
            actor=actor,
            case=case,
            data={"expected_version": expected_version},
        )


def notification_save(
    *, actor: User, case: Case, expected_version: int, changes: dict[str, Any], child_ids: list[int]
) -> Notification:
    """Save the notification's details and which children it names (up to 4, from the case's children)."""
    if not may(actor, NotificationAction.EDIT, case):
        raise PermissionDenied
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    _check_may_notify(case)
    errors: dict[str, str] = {}
    if changes.get("category", "") not in ("", *NotificationCategory.values):
        errors["category"] = "Select the category"
    incident_date = changes.get("incident_date")
    if incident_date and incident_date > clock.today():
        errors["incident_date"] = "The date of the incident must be today or in the past"
    child_ids = list(dict.fromkeys(child_ids))
    if len(child_ids) > MAX_CHILDREN:
        errors["children"] = (
            f"A notification names up to {MAX_CHILDREN} children. For more, name the other children in "
            "the further information"
        )
    allowed = {child.pk for child in case_children(case)}
    if set(child_ids) - allowed:
        errors["children"] = "Choose children of this case"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(durable=True):
            notification = _notification_row(actor=actor, case=case)
            changed = sorted(name for name, value in changes.items() if getattr(notification, name) != value)
            notification = update_versioned(
                notification,
                expected_version=expected_version,
                changes=changes | {"updated_by": actor, "updated_at": clock.now()},
            )
            current = set(notification.children.values_list("subject_id", flat=True))
            wanted = set(child_ids)
            if current != wanted:
                changed.append("children")
            notification.children.exclude(subject_id__in=wanted).delete()
            for subject_id in child_ids:
                if subject_id not in current:
                    NotificationChild.objects.create(notification=notification, subject_id=subject_id)
            record_event(
                event_type=EventType.NOTIFICATION_UPDATED,
                actor=actor,
                case=case,
                target=notification,
                data={
                    "fields": changed,
                    "category": notification.category,
                    "subject_ids": sorted(wanted),
                    "version": notification.version,
                },
            )
    except StaleVersionError:
        _record_conflict(actor=actor, case=case, expected_version=expected_version)
        raise
    return notification


def notification_child_update(
    *, actor: User, case: Case, child: NotificationChild, expected_version: int, changes: dict[str, Any]
) -> NotificationChild:
    """Save one named child's details (looked after, plans, known to agencies, health, where they live)."""
    if not may(actor, NotificationAction.EDIT, case):
        raise PermissionDenied
    if child.notification.case_id != case.pk:
        raise PermissionDenied
    unknown = set(changes) - set(CHILD_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    _check_may_notify(case)
    errors = {
        name: "Select yes, no or not known"
        for name in ("looked_after", "child_in_need_plan", "child_protection_plan", "known_to_agencies")
        if changes.get(name, "") not in ("", *Answer.values)
    }
    if errors:
        raise ValidationError(errors)
    if changes.get("looked_after") != Answer.YES:
        changes = changes | {"placement_type": ""}
    try:
        with transaction.atomic(durable=True):
            changed = sorted(name for name, value in changes.items() if getattr(child, name) != value)
            child = update_versioned(child, expected_version=expected_version, changes=changes)
            record_event(
                event_type=EventType.NOTIFICATION_CHILD_UPDATED,
                actor=actor,
                case=case,
                target=child,
                data={"subject_id": child.subject_id, "fields": changed, "version": child.version},
            )
    except StaleVersionError:
        _record_conflict(actor=actor, case=case, expected_version=expected_version)
        raise
    return child


def notification_attachment_add(*, actor: User, case: Case, uploaded_file: Any) -> Any:
    """Add an attachment (legal papers, letters, local forms) through the document store, which checks
    the file by its content and refuses anything not on its allow-list (a ValidationError to show)."""
    if not may(actor, NotificationAction.EDIT, case):
        raise PermissionDenied
    _check_may_notify(case)
    with transaction.atomic(durable=True):
        notification = _notification_row(actor=actor, case=case)
        document = document_store(
            actor=actor, case=case, uploaded_file=uploaded_file, purpose=ATTACHMENT_PURPOSE
        )
        record_event(
            event_type=EventType.NOTIFICATION_ATTACHMENT_ADDED,
            actor=actor,
            case=case,
            target=notification,
            data={"document_id": str(document.pk)},
        )
    return document


def _check_date(name: str, value: dt.date, *, screening: Screening, label: str) -> None:
    if value > clock.today():
        raise ValidationError({name: f"The {label} must be today or in the past"})
    if screening.decided_on and value < screening.decided_on:
        raise ValidationError(
            {name: f"The {label} cannot be before the decision to notify ({screening.decided_on:%-d %B %Y})"}
        )


def notification_sent_record(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    sent_on: dt.date,
    panel_reference: str,
    delay_reason: str = "",
) -> Notification:
    """Record that the notification was sent to the Panel (through the national online system) and the
    Panel's reference. Stops the notification clock. On the full route it starts the rapid review clock and
    moves the case to the rapid review; on the notify-only route (a care-leaver death, or a looked-after
    child's death without the s16C criteria) the case closes (cases/routes.py). Sent after the due date,
    the reason for the delay is required and kept on the clock."""
    if not may(actor, NotificationAction.EDIT, case):
        raise PermissionDenied
    screening = _check_may_notify(case)
    _check_date("sent_on", sent_on, screening=screening, label="date sent")
    if late_reason_needed(case, "notification", sent_on) and not delay_reason.strip():
        raise ValidationError(
            {"delay_reason": "The notification was sent after its due date: enter the reason for the delay"}
        )
    try:
        with transaction.atomic(durable=True):
            notification = _notification_row(actor=actor, case=case)
            notification = update_versioned(
                notification,
                expected_version=expected_version,
                changes={
                    "sent_on": sent_on,
                    "panel_reference": panel_reference.strip(),
                    "updated_by": actor,
                    "updated_at": clock.now(),
                },
            )
            milestone_record(
                actor=actor, case=case, event=MilestoneEvent.NOTIFICATION_SENT, occurred_on=sent_on
            )
            if delay_reason.strip():
                deadline_late_reason_record(
                    actor=actor, case=case, rule_code="notification", reason=delay_reason
                )
            stage = Case.objects.filter(pk=case.pk).values_list("stage", flat=True).get()
            if stage == Stage.NOTIFICATION:
                route = case_route(case.pk) or routes.FULL
                case_stage_advance(
                    actor=actor,
                    case=case,
                    to_stage=routes.stage_after_notification(route),
                    reason="notification_sent" if route == routes.FULL else "notified_notify_only_route",
                )
            record_event(
                event_type=EventType.NOTIFICATION_SENT,
                actor=actor,
                case=case,
                target=notification,
                data={"on": sent_on.isoformat(), "version": notification.version},
            )
    except StaleVersionError:
        _record_conflict(actor=actor, case=case, expected_version=expected_version)
        raise
    return notification


def notification_local_partners_told_record(
    *, actor: User, case: Case, expected_version: int, told_on: dt.date
) -> Notification:
    """Record the date the local safeguarding partners were told (due within 5 working days of the local
    authority becoming aware)."""
    if not may(actor, NotificationAction.EDIT, case):
        raise PermissionDenied
    screening = _check_may_notify(case)
    if told_on > clock.today():
        raise ValidationError({"local_partners_told_on": "The date must be today or in the past"})
    if screening.la_became_aware_on and told_on < screening.la_became_aware_on:
        raise ValidationError(
            {
                "local_partners_told_on": (
                    "Local partners cannot be told before the local authority became aware"
                )
            }
        )
    try:
        with transaction.atomic(durable=True):
            notification = _notification_row(actor=actor, case=case)
            notification = update_versioned(
                notification,
                expected_version=expected_version,
                changes={"local_partners_told_on": told_on, "updated_by": actor, "updated_at": clock.now()},
            )
            milestone_record(
                actor=actor, case=case, event=MilestoneEvent.LOCAL_PARTNERS_TOLD, occurred_on=told_on
            )
            record_event(
                event_type=EventType.NOTIFICATION_LOCAL_PARTNERS_TOLD,
                actor=actor,
                case=case,
                target=notification,
                data={"on": told_on.isoformat(), "version": notification.version},
            )
            handoff_notify(
                event=Handoff.LOCAL_PARTNERS_TOLD,
                case=case,
                actor=actor,
                link=reverse("notifications:detail", kwargs={"case_id": case.pk}),
            )
    except StaleVersionError:
        _record_conflict(actor=actor, case=case, expected_version=expected_version)
        raise
    return notification


def notification_summary_record_download(
    *, actor: User, case: Case, file_format: str, identity_subject_ids: list[int]
) -> None:
    """The one read event of a summary download; the identity showing (if any) is recorded beside it."""
    from safeguarding_reviews.subjects.services import identity_record_view

    with transaction.atomic():
        record_event(
            event_type=EventType.NOTIFICATION_SUMMARY_DOWNLOADED,
            actor=actor,
            case=case,
            data={"format": file_format, "identity_included": bool(identity_subject_ids)},
        )
        identity_record_view(
            actor=actor,
            case=case,
            subject_ids=identity_subject_ids,
            page=f"notification_summary_{file_format}",
        )
