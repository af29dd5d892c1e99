"""Reads of clocks for pages, dashboards and other apps.

For a list of cases (the business unit dashboard), annotate the queryset once and compute each state
in Python: a fixed number of queries whatever the number of cases.

    cases = annotate_next_deadline(visible_cases(user))  # next_due_on is stored on the case
    calendars = CaseCalendars.for_cases(cases)          # 3 queries
    for case in cases:
        state = next_deadline_state(case, today=clock.today(), calendars=calendars)
        left = next_working_days_left(case, today=clock.today(), calendars=calendars)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from safeguarding_reviews.core import clock
from safeguarding_reviews.working_days.selectors import (
    closure_days_by_partnership,
    statutory_non_working_days,
)

from . import states
from .models import (
    DEFAULT_SETTINGS,
    ClockKind,
    ClockSettings,
    Deadline,
    DeadlineAdjustment,
    Milestone,
    RuleSet,
)
from .states import working_days_left

if TYPE_CHECKING:
    from safeguarding_reviews.cases.models import Case

__all__ = [
    "CaseCalendars",
    "annotate_next_deadline",
    "deadline_for",
    "deadlines_for_case",
    "default_rule_set",
    "next_deadline_state",
    "next_deadline_words",
    "next_working_days_left",
    "working_days_left",
]


def default_rule_set() -> RuleSet | None:
    return RuleSet.objects.filter(is_default=True).first()


def rule_sets() -> QuerySet[RuleSet]:
    return RuleSet.objects.prefetch_related("rules").order_by("-effective_from", "code")


def clock_settings_for(partnership: Any) -> ClockSettings:
    """The partnership's settings, or the defaults (unsaved, version 1) if never changed."""
    found = ClockSettings.objects.filter(partnership_id=partnership.pk).first()
    if found is None:
        found = ClockSettings(partnership_id=partnership.pk, **DEFAULT_SETTINGS)
    return found


def non_working_for(kind: str, partnership_id: int, statutory: frozenset[dt.date] | None = None) -> frozenset:
    from safeguarding_reviews.working_days.selectors import closure_days_of

    base = statutory if statutory is not None else statutory_non_working_days()
    if kind == ClockKind.LOCAL:
        return base | closure_days_of(partnership_id)
    return base


def _decorate(deadlines: list[Deadline], *, case: Case, today: dt.date) -> list[Deadline]:
    if not deadlines:
        return deadlines
    statutory = statutory_non_working_days()
    local = non_working_for(ClockKind.LOCAL, case.lead_partnership_id, statutory)
    lead = clock_settings_for(case.lead_partnership).reminder_lead_working_days
    now = clock.now()
    for d in deadlines:
        non_working = local if d.kind == ClockKind.LOCAL else statutory
        d.state = states.deadline_state(
            due_on=d.due_on,
            today=today,
            non_working=non_working,
            due_soon_days=lead,
            met_on=d.met_on,
            paused=d.paused_since is not None,
            due_at=d.due_at,
            met_at=d.met_at,
            now=now,
        )
        d.state_label = states.LABELS[d.state]
        d.tag_class = states.TAG_CLASSES[d.state]
        d.working_days_left = None if d.met_on else working_days_left(d.due_on, today, non_working)
        d.is_missed = d.state in states.MISSED
    return deadlines


def deadlines_for_case(case: Case, *, today: dt.date | None = None) -> list[Deadline]:
    """The case's deadlines in due order, each with .state, .state_label, .tag_class,
    .working_days_left (None once met) and .is_missed for `today` (default: today in London)."""
    rows = list(Deadline.objects.filter(case=case).select_related("rule").order_by("due_on", "pk"))
    return _decorate(rows, case=case, today=today or clock.today())


def deadline_for(case: Case, rule_code: str) -> Deadline | None:
    """The case's deadline for "written_confirmation", "notification", "local_partners_told",
    "rapid_review" (or another rule code), decorated with its state; None before its clock starts."""
    row = Deadline.objects.filter(case=case, rule_code=rule_code).select_related("rule").first()
    if row is None:
        return None
    return _decorate([row], case=case, today=clock.today())[0]


def next_deadline_words(case: Case, rule_codes: tuple[str, ...] | None = None) -> str | None:
    """The clock that matters next for the case in words, for the important banner: its next open (not
    met, not paused) deadline by due date, as the dashboard picks it, e.g. "Report to the Panel was due
    6 November 2026 (15 working days after the notification on 16 October): 20 working days overdue".
    A page about one step passes the clocks that step answers to (the sign-off page: ("rapid_review",); the
    screening decision page: ("notification",)), so it never shows another stage's clock.
    None when no such clock is open. A fixed number of queries (the deadline, its calendar and settings)."""
    from .wording import sentence

    rows = Deadline.objects.filter(case=case, met_on__isnull=True, paused_since__isnull=True)
    if rule_codes is not None:
        rows = rows.filter(rule_code__in=rule_codes)
    row = rows.select_related("rule").order_by("due_on", "due_at", "pk").first()
    if row is None:
        return None
    today = clock.today()
    deadline = _decorate([row], case=case, today=today)[0]
    return sentence(
        name=deadline.rule.name,
        state=deadline.state,
        due_on=deadline.due_on,
        today=today,
        non_working=non_working_for(deadline.kind, case.lead_partnership_id),
        duration=deadline.duration,
        unit=deadline.rule.unit,
        start_event=deadline.start_event,
        start_on=deadline.start_on,
    )


def deadline_get(case: Case, deadline_id: int) -> Deadline | None:
    row = Deadline.objects.filter(case=case, pk=deadline_id).select_related("rule").first()
    if row is None:
        return None
    return _decorate([row], case=case, today=clock.today())[0]


def late_reason_needed(case: Case, rule_code: str, met_on: dt.date) -> Deadline | None:
    """The case's `rule_code` deadline when recording its milestone on `met_on` would be late (a reason for
    the delay is then asked for in the same form); None when on time or before the clock started."""
    deadline = Deadline.objects.filter(case=case, rule_code=rule_code).first()
    if deadline is None or met_on <= deadline.due_on:
        return None
    return deadline


def delay_reasons_for_case(case: Case) -> dict[str, str]:
    """Each clock's recorded reason for delay, by rule code (the report's timeliness section and the
    notification summary read it). One query."""
    return dict(
        Deadline.objects.filter(case=case).exclude(delay_reason="").values_list("rule_code", "delay_reason")
    )


def adjustments_for_case(case: Case) -> list[DeadlineAdjustment]:
    return list(
        DeadlineAdjustment.objects.filter(deadline__case=case)
        .select_related("deadline", "requested_by", "decided_by")
        .order_by("-requested_at")
    )


def adjustment_get(case: Case, adjustment_id: int) -> DeadlineAdjustment | None:
    return (
        DeadlineAdjustment.objects.filter(deadline__case=case, pk=adjustment_id)
        .select_related("deadline", "deadline__rule", "requested_by")
        .first()
    )


# --- many cases at once ----------------------------------------------------------------------------


def annotate_next_deadline(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Add, for each case, its next open (not met, not paused) deadline, by due date:
    next_deadline_id, next_due_at, next_rule_code, next_rule_name, next_deadline_kind, and
    next_reminder_lead (the partnership's "due soon" window in working days). All None when the case has
    no open deadline. Its due date is the case's stored `next_due_on` (kept by the clocks services, see
    services.case_next_due_refresh), so a list orders and pages by an indexed column and annotates only the
    rows it shows. One query for any number of cases (correlated subqueries)."""
    open_deadlines = Deadline.objects.filter(
        case_id=OuterRef("pk"), met_on__isnull=True, paused_since__isnull=True
    ).order_by("due_on", "due_at", "pk")
    lead = ClockSettings.objects.filter(partnership_id=OuterRef("lead_partnership_id")).values(
        "reminder_lead_working_days"
    )[:1]
    return queryset.annotate(
        next_deadline_id=Subquery(open_deadlines.values("pk")[:1]),
        next_due_at=Subquery(open_deadlines.values("due_at")[:1]),
        next_rule_code=Subquery(open_deadlines.values("rule_code")[:1]),
        next_rule_name=Subquery(open_deadlines.values("rule__name")[:1]),
        next_deadline_kind=Subquery(open_deadlines.values("kind")[:1]),
        next_reminder_lead=Coalesce(
            Subquery(lead, output_field=IntegerField()),
            Value(DEFAULT_SETTINGS["reminder_lead_working_days"]),
        ),
    )


@dataclass
class CaseCalendars:
    """The non-working days for a set of cases: the statutory set, and each lead partnership's closure
    days for local clocks. Two queries for any number of cases."""

    statutory: frozenset[dt.date]
    closures: dict[int, frozenset[dt.date]] = field(default_factory=dict)

    @classmethod
    def for_cases(cls, cases: Any) -> CaseCalendars:
        partnership_ids = sorted({c.lead_partnership_id for c in cases})
        return cls(
            statutory=statutory_non_working_days(), closures=closure_days_by_partnership(partnership_ids)
        )

    def for_kind(self, kind: str | None, partnership_id: int) -> frozenset[dt.date]:
        if kind == ClockKind.LOCAL:
            return self.statutory | self.closures.get(partnership_id, frozenset())
        return self.statutory


def next_deadline_state(
    case: Any, *, today: dt.date, calendars: CaseCalendars, now: dt.datetime | None = None
):
    """The state of a case annotated by annotate_next_deadline (None when it has no open deadline)."""
    if case.next_due_on is None:
        return None
    return states.deadline_state(
        due_on=case.next_due_on,
        today=today,
        non_working=calendars.for_kind(case.next_deadline_kind, case.lead_partnership_id),
        due_soon_days=case.next_reminder_lead,
        due_at=case.next_due_at,
        now=now or clock.now(),
    )


def next_working_days_left(case: Any, *, today: dt.date, calendars: CaseCalendars) -> int | None:
    if case.next_due_on is None:
        return None
    return working_days_left(
        case.next_due_on, today, calendars.for_kind(case.next_deadline_kind, case.lead_partnership_id)
    )


# --- "moved from X to Y because …" -----------------------------------------------------------------

BECAUSE_TEXT = {
    "calendar_changed": "the bank-holiday or closure-day calendar changed",
    "rebased": "the case was re-based onto another rule set or its partnership's current settings",
    "paused": "the clock was paused",
    "extended": "an extension was approved",
    "milestone_corrected": "the date the clock runs from was corrected",
    "la_became_aware": "the local authority became aware",
}
# Until the local authority's awareness is recorded, the referral's received date stands in for it: the
# referrer is told the decision is due 5 working days after it (referrals' confirmation page), and the
# dashboard shows that date as the case's first clock.
PROVISIONAL_NOTIFICATION_WORKING_DAYS = 5


def provisional_notification_due(received_on: dt.date, non_working: frozenset[dt.date]) -> dt.date:
    """The decision on notifying the Panel, as expected before the local authority's awareness is recorded."""
    from safeguarding_reviews.working_days.calculator import add_working_days

    return add_working_days(received_on, PROVISIONAL_NOTIFICATION_WORKING_DAYS, non_working=non_working)


def describe_move(data: dict[str, Any], rule_names: dict[str, str] | None = None) -> str:
    """The sentence for a DEADLINE_MOVED audit event's data, for timelines:
    "Notify the Panel: due date moved from 2 December 2026 to 3 December 2026 because …"."""
    name = (rule_names or {}).get(data.get("rule", ""), data.get("rule", "Deadline"))
    try:
        old = dt.date.fromisoformat(data["from"]).strftime("%-d %B %Y")
        new = dt.date.fromisoformat(data["to"]).strftime("%-d %B %Y")
    except (KeyError, TypeError, ValueError):
        return f"{name}: due date moved"
    because = BECAUSE_TEXT.get(data.get("because", ""), "of a change")
    aware_on = data.get("aware_on")
    if aware_on:  # the clock runs from the local authority's awareness: say when that was
        try:
            because = f"the local authority became aware on {dt.date.fromisoformat(aware_on):%-d %B %Y}"
        except (TypeError, ValueError):
            pass
    return f"{name}: due date moved from {old} to {new} because {because}"


def deadline_moves_for_case(case: Case) -> list[dict[str, Any]]:
    """Every recorded move of the case's due dates, newest first: {"at", "text"}. One query plus one."""
    from safeguarding_reviews.audit.event_types import EventType
    from safeguarding_reviews.audit.models import AuditEvent

    names = dict(Deadline.objects.filter(case=case).values_list("rule_code", "rule__name"))
    events = AuditEvent.objects.filter(case_id=case.pk, event_type=EventType.DEADLINE_MOVED).order_by(
        "-sequence"
    )
    return [{"at": e.occurred_at, "text": describe_move(e.data, names)} for e in events]


def milestones_for_case(case: Any) -> list[Milestone]:
    """What has happened on the case that starts or stops a clock, oldest first."""
    return list(Milestone.objects.filter(case=case).order_by("occurred_on", "pk"))


def rule_set_get(pk: int) -> RuleSet:
    """The rule set a form chose from rule_sets(); DoesNotExist if it has gone."""
    return RuleSet.objects.get(pk=pk)
