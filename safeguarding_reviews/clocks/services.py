"""Writes to clocks. Deadlines are (re)computed from stored milestones by one function, _sync_case;
every change of a stored due date records DEADLINE_MOVED {"rule", "from", "to", "because"}."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from safeguarding_reviews.alerts.rules import Handoff
from safeguarding_reviews.alerts.services import handoff_notify
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases import routes
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_lock
from safeguarding_reviews.cases.stages import OPEN_STAGES
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.signals import answers
from safeguarding_reviews.core.versioning import update_versioned
from safeguarding_reviews.organisations.models import Partnership
from safeguarding_reviews.working_days.calculator import working_days_between
from safeguarding_reviews.working_days.selectors import closure_days_of, statutory_non_working_days

from . import states
from .compute import adjusted_due, base_due
from .models import (
    AdjustmentKind,
    AdjustmentStatus,
    ClockKind,
    ClockRule,
    ClockSettings,
    Deadline,
    DeadlineAdjustment,
    Milestone,
    MilestoneEvent,
    ReminderKind,
    ReminderSent,
    RuleSet,
    RuleSetChange,
)
from .policies import may_decide, may_rebase, may_run_clocks
from .selectors import clock_settings_for, default_rule_set, provisional_notification_due
from .signals import case_route_wanted

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

logger = logging.getLogger(__name__)

BECAUSE = ("calendar_changed", "rebased", "paused", "extended", "milestone_corrected", "la_became_aware")
AWARE = "la_became_aware"


class _Calendars:
    """Non-working days, loaded once per service call."""

    def __init__(self) -> None:
        self._statutory: frozenset[dt.date] | None = None
        self._local: dict[int, frozenset[dt.date]] = {}

    def statutory(self) -> frozenset[dt.date]:
        if self._statutory is None:
            self._statutory = statutory_non_working_days()
        return self._statutory

    def for_kind(self, kind: str, partnership_id: int) -> frozenset[dt.date]:
        if kind != ClockKind.LOCAL:
            return self.statutory()
        if partnership_id not in self._local:
            self._local[partnership_id] = self.statutory() | closure_days_of(partnership_id)
        return self._local[partnership_id]


def _start_event(rule: ClockRule, settings: ClockSettings) -> str:
    if rule.start_event_configurable and settings.rapid_review_start_event:
        return settings.rapid_review_start_event
    return rule.start_event


def _duration(rule: ClockRule, settings: ClockSettings) -> int:
    if rule.duration_setting:
        return int(getattr(settings, rule.duration_setting))
    return rule.duration


def _compute(
    deadline: Deadline, unit: str, non_working: frozenset[dt.date]
) -> tuple[dt.date, dt.datetime | None]:
    base_on, base_at = base_due(
        unit=unit,
        duration=deadline.duration,
        start_on=deadline.start_on,
        start_at=deadline.start_at,
        non_working=non_working,
    )
    return adjusted_due(
        base_on=base_on,
        base_at=base_at,
        extended_to=deadline.extended_to,
        paused_working_days=deadline.paused_working_days,
        non_working=non_working,
    )


def _moved(*, actor: User, case: Case, deadline: Deadline, old: dt.date, because: str) -> None:
    if because not in BECAUSE:
        raise ValueError(because)
    data = {
        "rule": deadline.rule_code,
        "from": old.isoformat(),
        "to": deadline.due_on.isoformat(),
        "because": because,
    }
    if deadline.start_event == AWARE and because in ("milestone_corrected", AWARE):
        data["aware_on"] = deadline.start_on.isoformat()  # the timeline says when the LA became aware
    record_event(event_type=EventType.DEADLINE_MOVED, actor=actor, case=case, target=deadline, data=data)


def case_next_due_refresh(*, case_ids: Any) -> int:
    """Write Case.next_due_on, the due date of each case's next open (not met, not paused) deadline, or
    None when it has none: what `clocks.selectors.annotate_next_deadline` finds, stored so the business
    unit dashboard orders and pages by an indexed column. `case_ids`: ids, or a queryset of ids. One UPDATE.

    Every service here that creates, meets, moves, pauses, resumes, extends or withdraws a deadline calls it
    in its own transaction (after the change), and so does anything that writes deadlines in bulk (the
    scale generator). It never changes the case's `version`: the value is derived, not edited."""
    open_deadlines = Deadline.objects.filter(
        case_id=OuterRef("pk"), met_on__isnull=True, paused_since__isnull=True
    ).order_by("due_on")
    return Case.objects.filter(pk__in=case_ids).update(
        next_due_on=Subquery(open_deadlines.values("due_on")[:1])
    )


def _case_route(case_id: Any) -> str | None:
    """The route the screening decision gave the case (cases/routes.py), or None while there is none."""
    routes_given = [
        route for route in answers(case_route_wanted, sender=Case, case_id=case_id) if route is not None
    ]
    return str(routes_given[0]) if routes_given else None


def _sync_case(
    case: Case,
    *,
    actor: User,
    because: str,
    calendars: _Calendars | None = None,
    rebase: bool = False,
    only_open: bool = True,
) -> int:
    """Bring the case's stored deadlines, and its next due date (Case.next_due_on), in line with its
    milestones, rules and the calendar.

    New deadlines start when their start milestone exists; met_on follows the stop milestone. Existing
    deadlines keep the rule, start event and duration they started with unless `rebase`. A met deadline
    is only recomputed when `only_open` is False (a corrected milestone or a re-base). Returns how many
    due dates moved."""
    calendars = calendars or _Calendars()
    settings = clock_settings_for(case.lead_partnership)
    rule_set = case.rule_set or default_rule_set()
    if rule_set is None:
        return 0
    route = _case_route(case.pk)
    milestones = {m.event: m for m in Milestone.objects.filter(case=case)}
    existing = {d.rule_code: d for d in Deadline.objects.select_for_update(no_key=True).filter(case=case)}
    moved = 0
    for rule in rule_set.rules.all():
        deadline = existing.get(rule.code)
        if not routes.rule_runs(rule.routes, route):
            if deadline is not None:
                _withdraw(actor=actor, case=case, deadline=deadline, route=route)
            continue
        if deadline is None or rebase:
            start_event = _start_event(rule, settings)
            duration = _duration(rule, settings)
        else:
            start_event, duration = deadline.start_event, deadline.duration
        start = milestones.get(start_event)
        if start is None:
            continue
        stop = milestones.get(rule.stop_event)
        unit_rule = rule if (deadline is None or rebase) else deadline.rule
        non_working = calendars.for_kind(unit_rule.kind, case.lead_partnership_id)
        if deadline is None:
            deadline = Deadline(
                case=case,
                rule=rule,
                rule_code=rule.code,
                kind=rule.kind,
                start_event=start_event,
                duration=duration,
                start_on=start.occurred_on,
                start_at=start.occurred_at,
                due_on=start.occurred_on,
            )
            deadline.due_on, deadline.due_at = _compute(deadline, rule.unit, non_working)
            deadline.met_on = stop.occurred_on if stop else None
            deadline.met_at = stop.occurred_at if stop else None
            deadline.save()
            if rule.code == "notification" and case.referral_received_on and not rebase:
                # The referrer and the dashboard were given a date from the referral; say if it moved.
                told = provisional_notification_due(case.referral_received_on, calendars.statutory())
                if told != deadline.due_on:
                    moved += 1
                    _moved(actor=actor, case=case, deadline=deadline, old=told, because=AWARE)
            continue
        if deadline.met_on is not None and only_open and stop is not None:
            # Finished clocks keep their dates when the calendar changes.
            if deadline.met_on != stop.occurred_on or deadline.met_at != stop.occurred_at:
                Deadline.objects.filter(pk=deadline.pk).update(
                    met_on=stop.occurred_on, met_at=stop.occurred_at
                )
            continue
        old_due = deadline.due_on
        changes: dict[str, Any] = {}
        if rebase:
            changes.update(rule=rule, kind=rule.kind, start_event=start_event, duration=duration)
            for name, value in changes.items():
                setattr(deadline, name, value)
        deadline.start_on, deadline.start_at = start.occurred_on, start.occurred_at
        due_on, due_at = _compute(deadline, unit_rule.unit, non_working)
        changes.update(
            start_on=start.occurred_on,
            start_at=start.occurred_at,
            due_on=due_on,
            due_at=due_at,
            met_on=stop.occurred_on if stop else None,
            met_at=stop.occurred_at if stop else None,
        )
        Deadline.objects.filter(pk=deadline.pk).update(**changes)
        deadline.due_on, deadline.due_at = due_on, due_at
        if due_on != old_due:
            moved += 1
            _moved(actor=actor, case=case, deadline=deadline, old=old_due, because=because)
    case_next_due_refresh(case_ids=[case.pk])
    return moved


def _withdraw(*, actor: User, case: Case, deadline: Deadline, route: str | None) -> None:
    """A clock started before the screening decision that does not run on the route decided (for example
    "tell the local safeguarding partners" on a care-leaver death) is taken off the case, with its
    reminders. One that was met, or has a pause or extension asked for, is history and stays."""
    if deadline.met_on is not None or deadline.adjustments.exists():
        return
    reminders = ReminderSent.objects.filter(deadline=deadline)
    count = reminders.count()
    reminders.delete()
    Deadline.objects.filter(pk=deadline.pk).delete()
    record_event(
        event_type=EventType.DEADLINE_WITHDRAWN,
        actor=actor,
        case=case,
        data={
            "rule": deadline.rule_code,
            "due_on": deadline.due_on.isoformat(),
            "route": route,
            "reminders": count,
        },
    )


# --- milestones --------------------------------------------------------------------------------------


def milestone_record(
    *, actor: User, case: Case, event: str, occurred_on: dt.date, occurred_at: dt.datetime | None = None
) -> Milestone:
    """Record (or correct) the date of `event` on `case`, start the deadlines that run from it and stop
    those that end on it. The same date again changes nothing. Runs inside the caller's transaction;
    the caller has checked that the actor may take the step the milestone marks."""
    if event not in MilestoneEvent.values:
        raise ValueError(f"Unknown milestone: {event}")
    if occurred_on > clock.today():
        raise ValidationError("The date must be today or in the past")
    if occurred_at is not None and clock.london(occurred_at).date() != occurred_on:
        raise ValueError("occurred_at must fall on occurred_on in Europe/London")
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(no_key=True, of=("self",))
            .select_related("lead_partnership", "rule_set")
            .get(pk=case.pk)
        )
        milestone = Milestone.objects.filter(case=case, event=event).first()
        if milestone is not None:
            if milestone.occurred_on == occurred_on and (
                occurred_at is None or milestone.occurred_at == occurred_at
            ):
                return milestone
            old = milestone.occurred_on
            milestone.occurred_on, milestone.occurred_at = occurred_on, occurred_at
            milestone.recorded_by, milestone.recorded_at = actor, clock.now()
            milestone.save()
            record_event(
                event_type=EventType.MILESTONE_CORRECTED,
                actor=actor,
                case=case,
                target=milestone,
                data={"event": event, "from": old.isoformat(), "to": occurred_on.isoformat()},
            )
            _sync_case(case, actor=actor, because="milestone_corrected", only_open=False)
            return milestone
        milestone = Milestone.objects.create(
            case=case,
            event=event,
            occurred_on=occurred_on,
            occurred_at=occurred_at,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        record_event(
            event_type=EventType.MILESTONE_RECORDED,
            actor=actor,
            case=case,
            target=milestone,
            data={"event": event, "on": occurred_on.isoformat()},
        )
        _sync_case(case, actor=actor, because="milestone_corrected")
    return milestone


# --- the calendar changed ------------------------------------------------------------------------------


def deadlines_recompute_for_calendar(
    *, actor: User, dates: set[dt.date] | frozenset[dt.date], partnership_id: int | None = None
) -> int:
    """Recompute open deadlines after bank holidays or closure days changed (inside the caller's
    transaction). `partnership_id` set: only that partnership's LOCAL clocks (closure days never touch
    statutory ones). Returns how many due dates moved."""
    if not dates:
        return 0
    earliest = min(dates)
    deadlines = Deadline.objects.filter(met_on__isnull=True, due_on__gte=earliest)
    if partnership_id is not None:
        deadlines = deadlines.filter(kind=ClockKind.LOCAL, case__lead_partnership_id=partnership_id)
    case_ids = sorted(set(deadlines.values_list("case_id", flat=True)), key=str)
    # Every case whose clocks may move, locked at once (in id order, as any write locking several takes them)
    # before the first deadline-moved event takes the audit chain's lock (docs/audit.md, "Lock order").
    cases = list(
        Case.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=case_ids)
        .order_by("pk")
        .select_related("lead_partnership", "rule_set")
    )
    calendars = _Calendars()
    moved = 0
    for case in cases:
        moved += _sync_case(case, actor=actor, because="calendar_changed", calendars=calendars)
    return moved


# --- partnership settings ----------------------------------------------------------------------------


def clock_settings_update(
    *, actor: User, partnership: Partnership, expected_version: int, changes: dict[str, Any]
) -> ClockSettings:
    """Change a partnership's clock settings (business manager). Never moves running deadlines."""
    from safeguarding_reviews.organisations.policies import may_manage_people

    if not may_manage_people(actor, partnership):
        raise PermissionDenied("Only the business manager changes the clock settings")
    allowed = {
        "rapid_review_start_event",
        "agency_return_working_days",
        "reminder_lead_working_days",
        "chronology_silence_days",
        "print_marking",
    }
    if set(changes) - allowed:
        raise ValueError("Not a clock setting")
    with transaction.atomic(durable=True):
        current, _ = ClockSettings.objects.get_or_create(partnership=partnership)
        changed = sorted(name for name, value in changes.items() if getattr(current, name) != value)
        current = update_versioned(
            current,
            expected_version=expected_version,
            changes={**changes, "updated_by": actor, "updated_at": clock.now()},
        )
        record_event(
            event_type=EventType.CLOCK_SETTINGS_UPDATED,
            actor=actor,
            partnership=partnership,
            target=current,
            data={"fields": changed, "version": current.version, **{k: changes[k] for k in changed}},
        )
    return current


# --- reasons for delay, pauses and extensions ----------------------------------------------------------


def _decorated_state(deadline: Deadline, case: Case) -> str:
    from .selectors import deadline_get

    found = deadline_get(case, deadline.pk)
    return found.state if found else ""


def deadline_delay_reason_record(
    *, actor: User, case: Case, deadline: Deadline, reason: str, expected_version: int
) -> Deadline:
    """Say why a missed deadline (overdue, or met late) was missed. Business unit only."""
    if not may_run_clocks(actor, case):
        raise PermissionDenied("Only the business unit gives the reason for a delay")
    if deadline.case_id != case.pk:
        raise ValueError("deadline of another case")
    if _decorated_state(deadline, case) not in states.MISSED:
        raise ValidationError("This deadline has not been missed, so no reason for delay is needed")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for the delay"})
    with transaction.atomic(durable=True):
        deadline = update_versioned(
            deadline,
            expected_version=expected_version,
            changes={"delay_reason": reason, "delay_reason_by": actor, "delay_reason_at": clock.now()},
        )
        record_event(
            event_type=EventType.DEADLINE_DELAY_REASON,
            actor=actor,
            case=case,
            target=deadline,
            data={"rule": deadline.rule_code},
        )
    return deadline


def deadline_late_reason_record(*, actor: User, case: Case, rule_code: str, reason: str) -> None:
    """Keep the reason a milestone was recorded after its due date (the notification, or the rapid review
    sent late) on the clock it stopped. Runs inside the caller's transaction, after the milestone; the
    caller's form asked for the reason (late_reason_needed)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("deadline_late_reason_record runs inside the caller's transaction")
    reason = reason.strip()
    deadline = Deadline.objects.select_for_update(no_key=True).filter(case=case, rule_code=rule_code).first()
    if deadline is None or not reason:
        return
    Deadline.objects.filter(pk=deadline.pk).update(
        delay_reason=reason, delay_reason_by=actor, delay_reason_at=clock.now(), version=deadline.version + 1
    )
    record_event(
        event_type=EventType.DEADLINE_DELAY_REASON,
        actor=actor,
        case=case,
        target=deadline,
        data={"rule": rule_code},
    )


NOT_ADJUSTABLE = (
    "This clock cannot be paused or extended: the law sets it. If it is missed, record it as met late "
    "with the reason for the delay"
)


def deadline_adjustment_request(
    *,
    actor: User,
    case: Case,
    deadline: Deadline,
    kind: str,
    reason: str,
    new_due_on: dt.date | None = None,
    panel_agreed_on: dt.date | None = None,
    panel_agreed_by: str = "",
    panel_reference: str = "",
) -> DeadlineAdjustment:
    """Ask for a pause or an extension. A business manager who did not ask must approve it. The notification
    and local-partners-told clocks cannot be adjusted; a rapid review extension records that the Panel
    agreed to it (when, who, the Panel's reference)."""
    if not may_run_clocks(actor, case):
        raise PermissionDenied
    if deadline.case_id != case.pk:
        raise ValueError("deadline of another case")
    if not deadline.rule.adjustable:
        raise ValidationError(NOT_ADJUSTABLE)
    errors: dict[str, str] = {}
    panel_agreed_by, panel_reference = panel_agreed_by.strip(), panel_reference.strip()
    needs_panel = kind == AdjustmentKind.EXTENSION and deadline.rule.extension_needs_panel_agreement
    if needs_panel:
        if panel_agreed_on is None:
            errors["panel_agreed_on"] = "Enter the date the Panel agreed to the extension"
        elif panel_agreed_on > clock.today():
            errors["panel_agreed_on"] = "The date the Panel agreed must be today or in the past"
        if not panel_agreed_by:
            errors["panel_agreed_by"] = "Enter who at the Panel agreed to the extension"
        if not panel_reference:
            errors["panel_reference"] = "Enter the Panel's reference for the agreement"
    else:
        panel_agreed_on, panel_agreed_by, panel_reference = None, "", ""
    if kind not in AdjustmentKind.values:
        errors["kind"] = "Select pause or extension"
    if not reason.strip():
        errors["reason"] = "Enter the reason, for example parallel criminal proceedings"
    if deadline.met_on is not None:
        errors["__all__"] = "This deadline has been met, so it cannot be paused or extended"
    elif kind == AdjustmentKind.PAUSE and deadline.paused_since is not None:
        errors["kind"] = "This clock is already paused"
    if kind == AdjustmentKind.EXTENSION:
        if new_due_on is None:
            errors["new_due_on"] = "Enter the new due date"
        elif new_due_on <= deadline.due_on:
            errors["new_due_on"] = "The new due date must be after the current due date"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(durable=True):
            adjustment = DeadlineAdjustment.objects.create(
                deadline=deadline,
                kind=kind,
                reason=reason.strip(),
                new_due_on=new_due_on if kind == AdjustmentKind.EXTENSION else None,
                panel_agreed_on=panel_agreed_on,
                panel_agreed_by=panel_agreed_by,
                panel_reference=panel_reference,
                requested_by=actor,
                requested_at=clock.now(),
            )
            record_event(
                event_type=EventType.DEADLINE_ADJUSTMENT_REQUESTED,
                actor=actor,
                case=case,
                target=adjustment,
                data={"deadline_id": deadline.pk, "rule": deadline.rule_code, "kind": kind},
            )
    except IntegrityError as exc:
        raise ValidationError("A request for this deadline is already waiting for a decision") from exc
    return adjustment


def deadline_adjustment_decide(
    *, actor: User, case: Case, adjustment: DeadlineAdjustment, approve: bool, note: str = ""
) -> DeadlineAdjustment:
    """Approve or refuse a pause or extension. Approving a pause stops the clock today; approving an
    extension sets the new due date (DEADLINE_MOVED because "extended")."""
    if not may_decide(actor, adjustment, case):
        raise PermissionDenied("You may not decide this request")
    if not approve and not note.strip():
        raise ValidationError({"note": "Enter why the request is refused"})
    with transaction.atomic(durable=True):
        case_lock(case=case)  # before the audit event: its next due date may change (docs/audit.md)
        locked = DeadlineAdjustment.objects.select_for_update(no_key=True).get(pk=adjustment.pk)
        if locked.status != AdjustmentStatus.PENDING:
            raise ValidationError("This request has already been decided")
        deadline = (
            Deadline.objects.select_for_update(no_key=True).select_related("rule").get(pk=locked.deadline_id)
        )
        if approve and deadline.met_on is not None:
            raise ValidationError("The deadline has been met since the request was made")
        if approve and not deadline.rule.adjustable:
            raise ValidationError(NOT_ADJUSTABLE)
        today = clock.today()
        locked.status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REFUSED
        locked.decided_by, locked.decided_at, locked.decision_note = actor, clock.now(), note.strip()
        if approve and locked.kind == AdjustmentKind.PAUSE:
            locked.paused_on = today
        locked.save()
        record_event(
            event_type=EventType.DEADLINE_ADJUSTMENT_DECIDED,
            actor=actor,
            case=case,
            target=locked,
            data={
                "deadline_id": deadline.pk,
                "rule": deadline.rule_code,
                "kind": locked.kind,
                "approved": approve,
            },
        )
        if approve and locked.kind == AdjustmentKind.PAUSE:
            Deadline.objects.filter(pk=deadline.pk).update(paused_since=today)
        elif approve:
            old = deadline.due_on
            deadline.extended_to = locked.new_due_on
            due_on, due_at = _compute(
                deadline, deadline.rule.unit, _Calendars().for_kind(deadline.kind, case.lead_partnership_id)
            )
            Deadline.objects.filter(pk=deadline.pk).update(
                extended_to=locked.new_due_on, due_on=due_on, due_at=due_at
            )
            deadline.due_on = due_on
            if due_on != old:
                _moved(actor=actor, case=case, deadline=deadline, old=old, because="extended")
        if approve:
            case_next_due_refresh(case_ids=[deadline.case_id])
    return locked


def deadline_resume(*, actor: User, case: Case, deadline: Deadline) -> Deadline:
    """Restart a paused clock: the due date moves by the working days it was paused
    (working days d with paused_on < d <= today)."""
    if not may_run_clocks(actor, case):
        raise PermissionDenied
    with transaction.atomic(durable=True):
        case_lock(case=case)  # before the audit event: its next due date changes (docs/audit.md)
        deadline = (
            Deadline.objects.select_for_update(no_key=True, of=("self",))
            .select_related("rule")
            .get(pk=deadline.pk, case=case)
        )
        if deadline.paused_since is None:
            raise ValidationError("This clock is not paused")
        today = clock.today()
        non_working = _Calendars().for_kind(deadline.kind, case.lead_partnership_id)
        paused = max(0, working_days_between(deadline.paused_since, today, non_working=non_working))
        adjustment = (
            DeadlineAdjustment.objects.select_for_update(no_key=True)
            .filter(deadline=deadline, kind=AdjustmentKind.PAUSE, status=AdjustmentStatus.APPROVED)
            .order_by("-decided_at")
            .first()
        )
        if adjustment is not None:
            adjustment.status, adjustment.resumed_on, adjustment.working_days_paused = (
                AdjustmentStatus.ENDED,
                today,
                paused,
            )
            adjustment.save()
        old = deadline.due_on
        deadline.paused_since = None
        deadline.paused_working_days += paused
        deadline.due_on, deadline.due_at = _compute(deadline, deadline.rule.unit, non_working)
        Deadline.objects.filter(pk=deadline.pk).update(
            paused_since=None,
            paused_working_days=deadline.paused_working_days,
            due_on=deadline.due_on,
            due_at=deadline.due_at,
        )
        record_event(
            event_type=EventType.DEADLINE_RESUMED,
            actor=actor,
            case=case,
            target=deadline,
            data={"rule": deadline.rule_code, "working_days_paused": paused},
        )
        if deadline.due_on != old:
            _moved(actor=actor, case=case, deadline=deadline, old=old, because="paused")
        case_next_due_refresh(case_ids=[deadline.case_id])
    return deadline


# --- re-basing ---------------------------------------------------------------------------------------


def case_rebase(*, actor: User, case: Case, rule_set: RuleSet, reason: str) -> Case:
    """Move a case onto `rule_set` (it may be the one it already has, to apply the partnership's current
    settings) and recompute every deadline. Business manager only; each moved date is recorded."""
    if not may_rebase(actor, case):
        raise PermissionDenied("Only the business manager moves a case onto another rule set")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case is re-based"})
    with transaction.atomic(durable=True):
        case = (
            Case.objects.select_for_update(no_key=True, of=("self",))
            .select_related("lead_partnership", "rule_set")
            .get(pk=case.pk)
        )
        change = RuleSetChange.objects.create(
            case=case,
            from_rule_set=case.rule_set,
            to_rule_set=rule_set,
            reason=reason.strip(),
            changed_by=actor,
            changed_at=clock.now(),
        )
        record_event(
            event_type=EventType.CASE_REBASED,
            actor=actor,
            case=case,
            target=change,
            data={"from_rule_set": case.rule_set_id, "to_rule_set": rule_set.pk},
        )
        Case.objects.filter(pk=case.pk).update(rule_set=rule_set)
        case.rule_set = rule_set
        _sync_case(case, actor=actor, because="rebased", rebase=True, only_open=False)
    return case


# --- reminders ---------------------------------------------------------------------------------------


def reminder_send(*, deadline: Deadline, kind: str) -> bool:
    """Send one reminder for `deadline` at its current due date, unless it has already gone.
    The ReminderSent row goes in first; emails follow on commit. False if another worker sent it."""
    case = deadline.case
    try:
        with transaction.atomic(durable=True):
            sent = ReminderSent.objects.create(
                deadline=deadline, kind=kind, due_on=deadline.due_on, sent_at=clock.now()
            )
            # Whoever must act next on this clock (alerts.rules), among those who can see the case.
            recipients = handoff_notify(
                event=Handoff.CLOCK_OVERDUE if kind == ReminderKind.OVERDUE else Handoff.CLOCK_DUE_SOON,
                case=case,
                clock_rule=deadline.rule_code,
                link=reverse("clocks:case_clocks", kwargs={"case_id": case.pk}),
            )
            ReminderSent.objects.filter(pk=sent.pk).update(recipient_count=len(recipients))
            record_event(
                event_type=EventType.REMINDER_SENT,
                case=case,
                target=sent,
                data={
                    "deadline_id": deadline.pk,
                    "rule": deadline.rule_code,
                    "kind": kind,
                    "due_on": deadline.due_on.isoformat(),
                    "recipient_ids": [u.pk for u in recipients],
                },
            )
    except IntegrityError:
        return False
    return True


def reminders_due(*, today: dt.date, now: dt.datetime) -> list[tuple[Deadline, str]]:
    """(deadline, kind) for each reminder that should have gone by now and has not."""
    calendars = _Calendars()
    lead_by_partnership: dict[int, int] = {}
    result: list[tuple[Deadline, str]] = []
    open_deadlines = (
        Deadline.objects.filter(met_on__isnull=True, paused_since__isnull=True, case__stage__in=OPEN_STAGES)
        .select_related("case", "case__lead_partnership")
        .order_by("due_on", "pk")
    )
    already = set(
        ReminderSent.objects.filter(deadline__met_on__isnull=True).values_list(
            "deadline_id", "kind", "due_on"
        )
    )
    for deadline in open_deadlines:
        pid = deadline.case.lead_partnership_id
        if pid not in lead_by_partnership:
            lead_by_partnership[pid] = clock_settings_for(
                deadline.case.lead_partnership
            ).reminder_lead_working_days
        state = states.deadline_state(
            due_on=deadline.due_on,
            today=today,
            non_working=calendars.for_kind(deadline.kind, pid),
            due_soon_days=lead_by_partnership[pid],
            due_at=deadline.due_at,
            now=now,
        )
        if state == states.OVERDUE:
            kind = ReminderKind.OVERDUE
        elif state in (states.DUE_SOON, states.DUE_TODAY):
            kind = ReminderKind.DUE_SOON
        else:
            continue
        if (deadline.pk, kind, deadline.due_on) not in already:
            result.append((deadline, kind))
    return result


def reminders_send() -> int:
    """Send every reminder that is due and not yet sent. Safe to run from several workers at once."""
    count = 0
    for deadline, kind in reminders_due(today=clock.today(), now=clock.now()):
        if reminder_send(deadline=deadline, kind=kind):
            count += 1
    logger.info("Deadline reminders sent: %s", count)
    return count
