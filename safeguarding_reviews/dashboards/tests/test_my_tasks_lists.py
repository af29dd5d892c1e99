"""My tasks' deadline lists (missed clocks needing a reason, clocks due within a week, requests to decide),
read from partial indexes with each row's case checked: the same rows, in the same order, as the rule written
over the sets (every deadline of every case the person leads, joined with the cases they see), for each kind
of person and each kind of clock, and the same number of queries at two sizes."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeguarding_reviews.cases.models import CaseCapacity, CaseMembership
from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.cases.stages import OPEN_STAGES, Stage
from safeguarding_reviews.clocks.models import (
    AdjustmentStatus,
    ClockRule,
    Deadline,
    DeadlineAdjustment,
)
from safeguarding_reviews.clocks.selectors import default_rule_set
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.dashboards.selectors import MY_TASKS_LIMIT, missed_deadlines_q, my_tasks
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)
NOW = dt.datetime(2026, 11, 27, 12, tzinfo=LONDON)
D = dt.date


def _as_sets(user: Any) -> dict[str, list[int]]:
    """The lists as the rule reads over the sets (how my_tasks was written before issue 19)."""
    led = CaseMembership.objects.filter(
        user=user, capacity=CaseCapacity.CASE_LEAD, ended_at__isnull=True
    ).values("case_id")
    visible = visible_cases(user).filter(stage__in=OPEN_STAGES).values("pk")
    mine = Deadline.objects.filter(case_id__in=led).filter(case_id__in=visible)
    needs_reason = mine.filter(delay_reason="").filter(missed_deadlines_q(today=TODAY, now=NOW))
    due_soon = mine.filter(
        met_on__isnull=True,
        paused_since__isnull=True,
        due_on__gte=TODAY,
        due_on__lte=TODAY + dt.timedelta(days=7),
    )
    from safeguarding_reviews.organisations.roles import Role
    from safeguarding_reviews.organisations.selectors import partnerships_where

    managed = partnerships_where(user, {Role.BUSINESS_MANAGER})
    decide = (
        DeadlineAdjustment.objects.filter(
            status=AdjustmentStatus.PENDING,
            deadline__case__lead_partnership_id__in=managed,
            deadline__case_id__in=visible,
        )
        .exclude(requested_by=user)
        .order_by("requested_at", "pk")
    )
    return {
        "needs_reason": list(
            needs_reason.order_by("due_on", "pk").values_list("pk", flat=True)[:MY_TASKS_LIMIT]
        ),
        "due_soon": list(due_soon.order_by("due_on", "pk").values_list("pk", flat=True)[:MY_TASKS_LIMIT]),
        "decide": list(decide.values_list("pk", flat=True)[:MY_TASKS_LIMIT]) if managed else [],
    }


def _read(user: Any) -> dict[str, list[int]]:
    return {
        name: [row.pk for row in rows] for name, rows in my_tasks(user=user, today=TODAY, now=NOW).items()
    }


# Each case gets one deadline of each kind: (due_on, due_at, met_on, met_at, paused_since, delay_reason).
KINDS = [
    (D(2026, 11, 20), None, None, None, None, ""),  # overdue, no reason
    (D(2026, 11, 19), None, None, None, None, "Waiting for the police"),  # overdue, explained
    (D(2026, 11, 18), None, None, None, D(2026, 11, 10), ""),  # paused past its date
    (D(2026, 11, 10), None, D(2026, 11, 12), None, None, ""),  # met late, no reason
    (D(2026, 11, 10), None, D(2026, 11, 9), None, None, ""),  # met on time
    (D(2026, 12, 1), None, None, None, None, ""),  # due within the week
    (D(2026, 12, 20), None, None, None, None, ""),  # due later
    (  # a 48-hour clock met two hours late on its day
        D(2026, 11, 24),
        dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC),
        D(2026, 11, 24),
        dt.datetime(2026, 11, 24, 11, tzinfo=dt.UTC),
        None,
        "",
    ),
    (D(2026, 11, 27), dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC), None, None, None, ""),  # hours overdue
]


def _cases(world: Any, n: int, offset: int) -> None:
    officer, manager = world.people["business_unit_officer"], world.people["business_manager"]
    rules = list(ClockRule.objects.filter(rule_set=default_rule_set()).order_by("order"))
    shapes = itertools.cycle(
        [
            (world.partnership, Stage.SCREENING, False, officer),  # led by the officer
            (world.partnership, Stage.RAPID_REVIEW, False, manager),  # led by the manager
            (world.partnership, Stage.CLOSED, False, officer),  # closed: never listed
            (world.partnership, Stage.SCREENING, True, officer),  # restricted, the officer named on it
            (world.partnership, Stage.SCREENING, True, manager),  # restricted, led by the manager
            (world.other_partnership, Stage.SCREENING, False, world.people["other_partnership"]),
        ]
    )
    deadlines = []
    for i in range(n):
        partnership, stage, restricted, lead = next(shapes)
        case = CaseFactory.create(
            lead_partnership=partnership, created_by=officer, stage=stage, is_restricted=restricted
        )
        CaseMembership.objects.create(case=case, user=lead, capacity=CaseCapacity.CASE_LEAD, added_by=lead)
        for j, (due_on, due_at, met_on, met_at, paused, reason) in enumerate(KINDS):
            shift = dt.timedelta(days=(i + offset) % 3)
            deadlines.append(
                Deadline(
                    case=case,
                    rule=rules[j % len(rules)],
                    rule_code=f"rule{j}",
                    kind="statutory",
                    start_event="la_became_aware",
                    duration=5,
                    start_on=D(2026, 11, 1),
                    due_on=due_on - shift if due_on < TODAY else due_on,
                    due_at=due_at,
                    met_on=met_on,
                    met_at=met_at,
                    paused_since=paused,
                    delay_reason=reason,
                )
            )
    Deadline.objects.bulk_create(deadlines)
    # A pending request on every deadline that is still open, asked by the officer or the manager.
    requesters = itertools.cycle([officer, manager])
    DeadlineAdjustment.objects.bulk_create(
        [
            DeadlineAdjustment(
                deadline=d,
                kind="pause",
                reason="Synthetic reason",
                requested_by=next(requesters),
                requested_at=timezone.now() - dt.timedelta(minutes=d.pk),
            )
            for d in Deadline.objects.filter(met_on__isnull=True, adjustments__isnull=True)
        ]
    )


PEOPLE = ("business_unit_officer", "business_manager", "other_partnership", "independent_chair")


def test_the_lists_are_the_rows_the_rule_over_the_sets_gives(world):
    _cases(world, 12, 0)
    for persona in PEOPLE:
        user = world.people[persona]
        read = _read(user)
        assert read == _as_sets(user), persona
    officer, manager = _read(world.people["business_unit_officer"]), _read(world.people["business_manager"])
    assert officer["needs_reason"] and officer["due_soon"] and manager["decide"]


def test_the_same_queries_and_at_most_the_limit_at_two_sizes(world):
    counts = []
    manager = world.people["business_manager"]
    for n, offset in ((6, 0), (60, 1)):
        _cases(world, n, offset)
        user = type(manager).objects.get(pk=manager.pk)
        _read(user)  # roles loaded, as on a page
        with CaptureQueriesContext(connection) as ctx:
            read = _read(user)
        counts.append(len(ctx.captured_queries))
        assert all(len(rows) <= MY_TASKS_LIMIT for rows in read.values())
        assert read == _as_sets(user)
    assert counts[0] == counts[1]
