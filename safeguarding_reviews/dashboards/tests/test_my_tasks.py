"""My tasks: the open tasks of the case task list that are each person's to do (dashboards.case_tasks), on
"Your cases" for every role and on the business unit dashboard, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.dashboards.case_tasks import (
    CANNOT_START,
    COMPLETED,
    IN_PROGRESS,
    NOT_NEEDED,
    NOT_STARTED,
    CaseFacts,
    TaskKey,
    task_status,
    tasks_for,
)
from safeguarding_reviews.dashboards.selectors import MY_TASKS_PAGE, case_facts, my_case_tasks
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership
from tests.factories import CaseFactory

BU = frozenset({Role.BUSINESS_UNIT_OFFICER})
LA = frozenset({Role.DELEGATE_LOCAL_AUTHORITY})
ICB = frozenset({Role.DELEGATE_ICB})
POLICE = frozenset({Role.DELEGATE_POLICE})
CHAIR = frozenset({Role.INDEPENDENT_CHAIR})
AUDITOR = frozenset({Role.AUDITOR})
K = TaskKey

RECORDED = CaseFacts(stage=Stage.REFERRAL, referral_status="draft")
SUBMITTED = CaseFacts(stage=Stage.SCREENING, referral_status="submitted", referral_online=True)
PHONE = CaseFacts(stage=Stage.SCREENING, referral_status="submitted", referral_online=False)
CHECKED = replace(SUBMITTED, la_aware=True, screening_started=True)
DECIDED = replace(CHECKED, stage=Stage.NOTIFICATION, decided=True)
RAPID = replace(
    DECIDED,
    stage=Stage.RAPID_REVIEW,
    chair_commented=True,
    notification_sent=True,
    local_partners_told=True,
    returns_requested=True,
)
RETURNED = replace(RAPID, returns_waiting=1)
REPORTED = replace(RAPID, report_current=True, report_generated=True)
LA_SIGNED = replace(REPORTED, partners_signed=frozenset({"local_authority"}))
ALL_SIGNED = replace(REPORTED, partners_signed=frozenset({"local_authority", "icb", "police"}))
SENT = replace(ALL_SIGNED, stage=Stage.DECISION, rapid_review_sent=True)
NO_LCSPR_SENT = replace(SENT, learning_route_due=True)
PANEL_DISAGREES = replace(SENT, follow_up_due=True)
ROUTE_RECORDED = replace(SENT, stage=Stage.ACTION_PLAN, after_sending_done=True)


@pytest.mark.parametrize(
    ("facts", "roles", "expected"),
    [
        (RECORDED, BU, [K.REFERRAL, K.WRITTEN_CONFIRMATION, K.LA_AWARE, K.CHECKLIST]),
        (SUBMITTED, BU, [K.LA_AWARE, K.CHECKLIST]),
        (SUBMITTED, LA, []),
        (PHONE, BU, [K.WRITTEN_CONFIRMATION, K.LA_AWARE, K.CHECKLIST]),
        (CHECKED, LA, [K.DECISION]),
        (CHECKED, BU, []),
        (CHECKED, CHAIR, []),
        (DECIDED, CHAIR, [K.SCRUTINY]),
        (DECIDED, BU, [K.NOTIFICATION_SENT, K.LOCAL_PARTNERS_TOLD]),
        (DECIDED, LA, [K.NOTIFICATION_SENT, K.LOCAL_PARTNERS_TOLD]),
        (DECIDED, ICB, []),
        (RAPID, BU, [K.REPORT]),
        (RETURNED, BU, [K.RETURNS, K.REPORT]),
        (RAPID, ICB, []),
        (REPORTED, ICB, [K.SIGNOFF]),
        (REPORTED, POLICE, [K.SIGNOFF]),
        (REPORTED, BU, []),
        (LA_SIGNED, LA, []),
        (LA_SIGNED, ICB, [K.SIGNOFF]),
        (ALL_SIGNED, BU, [K.SENT_TO_PANEL]),
        (ALL_SIGNED, POLICE, []),
        (SENT, BU, []),
        (NO_LCSPR_SENT, BU, [K.AFTER_SENDING]),
        (NO_LCSPR_SENT, LA, []),
        (PANEL_DISAGREES, BU, [K.AFTER_SENDING]),
        (ROUTE_RECORDED, BU, []),
        (REPORTED, AUDITOR, []),
    ],
)
def test_tasks_for(facts, roles, expected):
    assert tasks_for(facts, roles) == expected


@pytest.mark.parametrize(
    ("facts", "key", "status"),
    [
        (RECORDED, K.REFERRAL, IN_PROGRESS),
        (SUBMITTED, K.REFERRAL, COMPLETED),
        (SUBMITTED, K.WRITTEN_CONFIRMATION, NOT_NEEDED),
        (PHONE, K.WRITTEN_CONFIRMATION, NOT_STARTED),
        (RETURNED, K.RETURNS, IN_PROGRESS),
        (REPORTED, K.REPORT, COMPLETED),
        (LA_SIGNED, K.SIGNOFF, IN_PROGRESS),
        (ALL_SIGNED, K.SIGNOFF, COMPLETED),
        (SENT, K.SENT_TO_PANEL, COMPLETED),
        (SENT, K.AFTER_SENDING, CANNOT_START),
        (NO_LCSPR_SENT, K.AFTER_SENDING, NOT_STARTED),
        (PANEL_DISAGREES, K.AFTER_SENDING, NOT_STARTED),
        (ROUTE_RECORDED, K.AFTER_SENDING, COMPLETED),
    ],
)
def test_task_status(facts, key, status):
    assert task_status(facts, key) == status


def test_the_case_page_and_my_tasks_read_the_same_facts(world, as_user):
    """A task that My tasks lists is shown open on the case page; once done, it leaves My tasks."""
    officer = world.people["business_unit_officer"]
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.SCREENING)
    tasks, more = my_case_tasks(user=officer)
    assert [t.key for t in tasks] == [K.LA_AWARE, K.CHECKLIST] and more is False
    body = as_user(officer).get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "When the local authority became aware" in body
    assert case_facts([world.case])[world.case.pk].la_aware is False


def test_your_cases_shows_my_tasks_for_every_role(world, as_user):
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.SCREENING)
    body = as_user(world.people["business_unit_officer"]).get(reverse("home")).content.decode()
    assert "My tasks" in body and "Complete the criteria checklist: " + world.case.reference in body
    body = as_user(world.people["delegate_icb"]).get(reverse("home")).content.decode()
    assert "My tasks" in body and "Nothing is waiting for you." in body
    body = (
        as_user(world.people["business_unit_officer"])
        .get(reverse("business_unit_dashboard"))
        .content.decode()
    )
    assert "Complete the criteria checklist: " + world.case.reference in body


def test_restricted_case_tasks_only_for_people_who_see_it(world):
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.SCREENING, is_restricted=True)
    assert my_case_tasks(user=world.people["delegate_local_authority"]) == ([], False)


def test_no_task_role_reads_no_case(world):
    """An auditor sees the case (partnership-wide) but acts on no task: My tasks reads nothing."""
    auditor = world.people["auditor"]
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.SCREENING)
    roles_by_partnership(auditor)  # loaded for the request before My tasks
    with CaptureQueriesContext(connection) as ctx:
        assert my_case_tasks(user=auditor) == ([], False)
    assert ctx.captured_queries == []


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["home", "business_unit_dashboard"])
def test_my_tasks_fixed_queries_at_10_and_1000_open_tasks(world, as_user, url_name):
    officer = world.people["business_unit_officer"]
    client = as_user(officer)
    url = reverse(url_name)

    def add(n):  # each case at screening, untouched, is two tasks: awareness and the checklist
        Case.objects.bulk_create(
            [
                CaseFactory.build(
                    lead_partnership=world.partnership, created_by=officer, stage=Stage.SCREENING
                )
                for _ in range(n)
            ]
        )

    Case.objects.filter(pk=world.case.pk).update(stage=Stage.SCREENING)
    add(4)
    client.get(url)
    tasks, more = my_case_tasks(user=officer)
    assert len(tasks) == 10 and more is False
    with_10 = _count(client, url)
    add(495)
    tasks, more = my_case_tasks(user=officer)
    assert len(tasks) == MY_TASKS_PAGE and more is True  # 1,000 tasks: the first 50, and "more"
    assert _count(client, url) == with_10
    assert "Showing your first 50 tasks" in client.get(url).content.decode()


def test_a_task_shows_its_own_clocks_due_date(world, as_user):
    """Issue 18 item 2: a task's due date is its own (the clock it answers), not the case's next one."""
    import datetime as dt

    import time_machine

    from safeguarding_reviews.clocks.models import Deadline, MilestoneEvent
    from safeguarding_reviews.clocks.tests.helpers import record
    from safeguarding_reviews.core.clock import LONDON

    officer = world.people["business_unit_officer"]
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=LONDON), tick=False):
        Case.objects.filter(pk=world.case.pk).update(stage=Stage.SCREENING)
        record(world, MilestoneEvent.LA_BECAME_AWARE, dt.date(2026, 3, 2))
        notification = Deadline.objects.get(case=world.case, rule_code="notification")
        tasks, _ = my_case_tasks(user=officer)
        by_key = {t.key: t for t in tasks}
        assert by_key[K.CHECKLIST].due_on == notification.due_on == dt.date(2026, 3, 9)
        body = as_user(officer).get(reverse("home")).content.decode()
        assert f"Complete the criteria checklist: {world.case.reference}</a> (due 9 March 2026)" in body
        # A paused clock gives its tasks no date (it is not running out).
        Deadline.objects.filter(pk=notification.pk).update(paused_since=dt.date(2026, 3, 3))
        assert {t.key: t for t in my_case_tasks(user=officer)[0]}[K.CHECKLIST].due_on is None
