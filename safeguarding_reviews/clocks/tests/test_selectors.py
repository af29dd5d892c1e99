"""The dashboard helpers run a fixed number of queries for 10 and 1,000 cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.clocks import states
from safeguarding_reviews.clocks.models import ClockRule, Deadline
from safeguarding_reviews.clocks.selectors import (
    CaseCalendars,
    annotate_next_deadline,
    default_rule_set,
    describe_move,
    next_deadline_state,
    next_working_days_left,
)
from safeguarding_reviews.clocks.services import case_next_due_refresh
from tests.factories import CaseFactory, PartnershipFactory, UserFactory

D = dt.date
TODAY = D(2026, 11, 27)


def _make(n: int, partnership, user):
    rule_set = default_rule_set()
    notification = ClockRule.objects.get(rule_set=rule_set, code="notification")
    rapid = ClockRule.objects.get(rule_set=rule_set, code="rapid_review")
    cases = CaseFactory.create_batch(n, lead_partnership=partnership, created_by=user, rule_set=rule_set)
    rows = []
    for i, case in enumerate(cases):
        rows.append(
            Deadline(
                case=case,
                rule=notification,
                rule_code="notification",
                kind="statutory",
                start_event="la_became_aware",
                duration=5,
                start_on=D(2026, 11, 20),
                due_on=D(2026, 11, 27),
                met_on=D(2026, 11, 25) if i % 2 else None,
            )
        )
        rows.append(
            Deadline(
                case=case,
                rule=rapid,
                rule_code="rapid_review",
                kind="statutory",
                start_event="notification_sent",
                duration=15,
                start_on=D(2026, 11, 25),
                due_on=D(2026, 12, 16),
            )
        )
    Deadline.objects.bulk_create(rows)
    # Bulk inserts bypass the services, which keep each case's stored next due date.
    case_next_due_refresh(case_ids=[case.pk for case in cases])


def _dashboard():
    cases = list(annotate_next_deadline(Case.objects.order_by("reference")))
    calendars = CaseCalendars.for_cases(cases)
    return [
        (
            c.next_rule_code,
            next_deadline_state(c, today=TODAY, calendars=calendars),
            next_working_days_left(c, today=TODAY, calendars=calendars),
        )
        for c in cases
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, 1000])
def test_fixed_queries_whatever_the_number_of_cases(n):
    partnership, user = PartnershipFactory.create(), UserFactory.create()
    _make(n, partnership, user)
    with CaptureQueriesContext(connection) as queries:
        rows = _dashboard()
    assert len(rows) == n
    assert len(queries) == 4  # cases (annotated), bank holidays, overrides, closure days
    assert rows[0] == ("notification", states.DUE_TODAY, 0)
    assert rows[1] == ("rapid_review", states.UPCOMING, 13)


def test_describe_move():
    text = describe_move(
        {"rule": "notification", "from": "2026-11-30", "to": "2026-12-01", "because": "calendar_changed"},
        {"notification": "Notify the Panel"},
    )
    assert text == (
        "Notify the Panel: due date moved from 30 November 2026 to 1 December 2026 because the bank-holiday "
        "or closure-day calendar changed"
    )
