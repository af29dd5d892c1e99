"""The dashboard's "overdue" filter reads only the start of index case_due_order (cases whose next due date is
no later than today) and no case without a date: it still lists exactly the open cases it may show that
hold a running clock past due, by the day or, for an hour clock due today, by the hour."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Exists, OuterRef, Q

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.cases.stages import OPEN_STAGES, Stage
from safeguarding_reviews.clocks.models import ClockRule, Deadline
from safeguarding_reviews.clocks.selectors import default_rule_set
from safeguarding_reviews.clocks.services import case_next_due_refresh
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.dashboards.selectors import DASHBOARD_ORDER, open_cases_for_dashboard
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)
NOW = dt.datetime(2026, 11, 27, 12, tzinfo=LONDON)
D = dt.date

# (due_on, due_at, met_on, paused_since) of the one clock each case holds; None: a case with no clock.
CLOCKS: list[tuple[dt.date, dt.datetime | None, dt.date | None, dt.date | None] | None] = [
    (D(2026, 11, 20), None, None, None),  # a week past due
    (D(2026, 11, 26), None, None, None),  # due yesterday
    (D(2026, 11, 27), None, None, None),  # due today: not yet overdue
    (D(2026, 11, 27), dt.datetime(2026, 11, 27, 9, tzinfo=LONDON), None, None),  # hours: past due at 09:00
    (D(2026, 11, 27), dt.datetime(2026, 11, 27, 15, tzinfo=LONDON), None, None),  # hours: due at 15:00
    (D(2026, 11, 30), None, None, None),  # due next week
    (D(2026, 11, 10), None, D(2026, 11, 12), None),  # met late: not running
    (D(2026, 11, 10), None, None, D(2026, 11, 5)),  # paused: not running
    None,
]


def _world(world: Any) -> None:
    officer = world.people["business_unit_officer"]
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.CLOSED)
    rule = ClockRule.objects.filter(rule_set=default_rule_set()).order_by("order").first()
    deadlines = []
    for stage in (Stage.SCREENING, Stage.CLOSED):
        for clock in CLOCKS:
            case = CaseFactory.create(lead_partnership=world.partnership, created_by=officer, stage=stage)
            if clock is None:
                continue
            due_on, due_at, met_on, paused = clock
            deadlines.append(
                Deadline(
                    case=case,
                    rule=rule,
                    rule_code="rule",
                    kind="statutory",
                    start_event="la_became_aware",
                    duration=5,
                    start_on=D(2026, 11, 1),
                    due_on=due_on,
                    due_at=due_at,
                    met_on=met_on,
                    paused_since=paused,
                )
            )
    Deadline.objects.bulk_create(deadlines)
    case_next_due_refresh(case_ids=Case.objects.values("pk"))


def test_the_overdue_filter_lists_exactly_the_cases_past_due(world):
    _world(world)
    officer = world.people["business_unit_officer"]
    past_due = Deadline.objects.filter(
        Q(due_at__isnull=True, due_on__lt=TODAY) | Q(due_at__lt=NOW),
        case_id=OuterRef("pk"),
        met_on__isnull=True,
        paused_since__isnull=True,
    )
    expected = list(
        visible_cases(officer)
        .filter(stage__in=OPEN_STAGES)
        .filter(Exists(past_due))
        .order_by(*DASHBOARD_ORDER)
        .values_list("pk", flat=True)
    )
    cases = open_cases_for_dashboard(
        user=officer, stage=None, partnership_id=None, overdue_only=True, today=TODAY, now=NOW
    )
    # A week past due, yesterday and the hour clock past 09:00, on the open cases only.
    assert len(expected) == 3
    assert [case.pk for case in cases[0:20]] == expected
    assert cases.count() == 3
