"""Reads for the dashboards, all through the case policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q, QuerySet

from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.cases.policies import CASE_RUNNERS, visible_cases
from safeguarding_reviews.cases.stages import OPEN_STAGES
from safeguarding_reviews.clocks.models import AdjustmentStatus, Deadline, DeadlineAdjustment
from safeguarding_reviews.clocks.selectors import annotate_next_deadline
from safeguarding_reviews.core import clock
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import partnerships_where

MY_TASKS_LIMIT = 20


def business_unit_partnerships(user: Any) -> list[int]:
    return partnerships_where(user, CASE_RUNNERS)


def author_requests(*, user: Any, limit: int = 100) -> list[Any]:
    """An agency author's open requests to their agency, each with its case (they do not see the case
    itself, only the request: docs/roles.md)."""
    from safeguarding_reviews.rapid_review.selectors import open_requests_for_author

    return list(open_requests_for_author(user)[:limit])


def open_cases_for_dashboard(
    *,
    user: Any,
    stage: str | None,
    partnership_id: int | None,
    overdue_only: bool,
    today: dt.date,
    now: dt.datetime,
) -> QuerySet[Case]:
    """Every open case this user may see, with its next clock, soonest first."""
    cases = visible_cases(user).filter(stage__in=OPEN_STAGES)
    if stage:
        cases = cases.filter(stage=stage)
    if partnership_id:
        cases = cases.filter(lead_partnership_id=partnership_id)
    cases = annotate_next_deadline(cases.select_related("lead_partnership"))
    if overdue_only:
        cases = cases.filter(Q(next_due_at__isnull=True, next_due_on__lt=today) | Q(next_due_at__lt=now))
    return cases.order_by(F("next_due_on").asc(nulls_last=True), "reference")


def missed_deadlines_q(*, today: dt.date, now: dt.datetime) -> Q:
    """Deadlines that were missed and so need a reason for the delay: open and past their due date (a
    paused clock is not running, so it is not missed), or met after it. Hour clocks (the 48-hour written
    confirmation) count by the hour: overdue once `due_at` has passed, late if met after `due_at`."""
    day_clock, hour_clock = Q(due_at__isnull=True), Q(due_at__isnull=False)
    open_missed = Q(met_on__isnull=True, paused_since__isnull=True) & (
        (day_clock & Q(due_on__lt=today)) | (hour_clock & Q(due_at__lt=now))
    )
    met_late = (day_clock & Q(met_on__gt=F("due_on"))) | (
        hour_clock & (Q(met_at__gt=F("due_at")) | Q(met_at__isnull=True, met_on__gt=F("due_on")))
    )
    return open_missed | met_late


def my_tasks(*, user: Any, today: dt.date, now: dt.datetime | None = None) -> dict[str, list[Any]]:
    """What is waiting for this person: missed clocks needing a reason on cases they lead, clocks due
    within a week on cases they lead, and pause or extension requests they may decide."""
    led = CaseMembership.objects.filter(
        user=user, capacity=CaseCapacity.CASE_LEAD, ended_at__isnull=True
    ).values("case_id")
    visible = visible_cases(user).filter(stage__in=OPEN_STAGES).values("pk")
    mine = Deadline.objects.filter(case_id__in=led).filter(case_id__in=visible).select_related("case", "rule")
    needs_reason = list(
        mine.filter(delay_reason="")
        .filter(missed_deadlines_q(today=today, now=now or clock.now()))
        .order_by("due_on", "pk")[:MY_TASKS_LIMIT]
    )
    due_soon = list(
        mine.filter(
            met_on__isnull=True,
            paused_since__isnull=True,
            due_on__gte=today,
            due_on__lte=today + dt.timedelta(days=7),
        ).order_by("due_on", "pk")[:MY_TASKS_LIMIT]
    )
    decide = []
    managed = partnerships_where(user, {Role.BUSINESS_MANAGER})
    if managed:
        decide = list(
            DeadlineAdjustment.objects.filter(
                status=AdjustmentStatus.PENDING,
                deadline__case__lead_partnership_id__in=managed,
                deadline__case_id__in=visible,
            )
            .exclude(requested_by=user)
            .select_related("deadline__case", "deadline__rule")
            .order_by("requested_at", "pk")[:MY_TASKS_LIMIT]
        )
    return {"needs_reason": needs_reason, "due_soon": due_soon, "decide": decide}
