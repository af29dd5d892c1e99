"""The dashboard's pages read as two index walks (dated cases by next due date, then the undated by
reference) give exactly the order of one query on DASHBOARD_ORDER (next due date, nulls last), on any page."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.dashboards.selectors import DASHBOARD_ORDER, open_cases_for_dashboard
from tests.factories import CaseFactory


@pytest.mark.parametrize(("start", "stop"), [(0, 3), (0, 20), (2, 7), (5, 9), (6, 11), (9, 12), (11, 14)])
def test_any_page_matches_the_single_ordered_query(world, start, stop):
    officer = world.people["business_unit_officer"]
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.CLOSED)
    today = clock.today()
    dues = [today + dt.timedelta(days=d) for d in (5, 1, 1, 9, -3, 2)] + [None] * 6
    Case.objects.bulk_create(
        [
            CaseFactory.build(
                lead_partnership=world.partnership, created_by=officer, stage=Stage.SCREENING, next_due_on=due
            )
            for due in dues
        ]
    )
    cases = open_cases_for_dashboard(
        user=officer,
        stage=None,
        partnership_id=None,
        overdue_only=False,
        today=today,
        now=clock.now(),
    )
    expected = list(cases.cases.order_by(*DASHBOARD_ORDER).values_list("pk", flat=True))
    assert len(expected) == 12 and cases.count() == 12
    assert [case.pk for case in cases[start:stop]] == expected[start:stop]
