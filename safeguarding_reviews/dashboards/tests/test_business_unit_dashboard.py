"""The business unit dashboard: who may see it, filters, status in words, my tasks, fixed query counts."""

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.clocks.models import MilestoneEvent
from safeguarding_reviews.clocks.services import milestone_record
from tests.factories import CaseFactory

URL = reverse("business_unit_dashboard")
TODAY = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)


def _aware(case, officer, on):
    with transaction.atomic():
        milestone_record(actor=officer, case=case, event=MilestoneEvent.LA_BECAME_AWARE, occurred_on=on)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("business_unit_officer", 200),
        ("business_manager", 200),
        ("other_partnership", 200),  # their own partnership's dashboard
        ("delegate_local_authority", 403),
        ("independent_chair", 403),
        ("agency_representative", 403),
        ("auditor", 403),
        ("platform_admin", 403),
    ],
)
def test_who_may_see_it(world, as_user, persona, status):
    assert as_user(world.people[persona]).get(URL).status_code == status


@time_machine.travel(TODAY, tick=False)
def test_rows_show_next_clock_and_its_status_in_words(world, as_user):
    officer = world.people["business_unit_officer"]
    _aware(world.case, officer, dt.date(2026, 11, 16))  # notification due 23 Nov: overdue on 27 Nov
    calm = CaseFactory.create(lead_partnership=world.partnership, created_by=officer, pseudonym="Child Calm")
    _aware(calm, officer, dt.date(2026, 11, 26))  # due 3 Dec: 4 working days left
    body = as_user(officer).get(URL).content.decode()
    assert ">Status</th>" in body and ">RAG<" not in body
    assert "4 working days overdue" in body and "govuk-tag--red" in body
    assert "Child Calm" in body and "Due in 4 working days" in body
    overdue_only = as_user(officer).get(URL, {"overdue": "on"}).content.decode()
    assert world.case.reference in overdue_only and "Child Calm" not in overdue_only


@time_machine.travel(TODAY, tick=False)
def test_my_tasks_lists_missed_clocks_on_my_cases(world, as_user):
    officer = world.people["business_unit_officer"]  # case lead of world.case
    _aware(world.case, officer, dt.date(2026, 11, 16))
    body = as_user(officer).get(URL).content.decode()
    assert "Give the reason for delay" in body


def test_bad_filter_is_a_field_error(world, as_user):
    response = as_user(world.people["business_manager"]).get(URL, {"stage": "nonsense", "partnership": "x"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert 'href="#id_stage"' in response.content.decode()


def test_stage_filter(world, as_user):
    officer = world.people["business_unit_officer"]
    other = CaseFactory.create(lead_partnership=world.partnership, created_by=officer, stage="screening")
    body = as_user(officer).get(URL, {"stage": "screening"}).content.decode()
    table = body.split("Open cases", 1)[1]  # My tasks above it lists tasks on every open case
    assert other.reference in table and world.case.reference not in table


def test_records_one_list_read(world, as_user):
    as_user(world.people["business_manager"]).get(URL)
    event = AuditEvent.objects.filter(event_type=EventType.CASE_LIST_VIEWED).latest("sequence")
    assert str(world.case.pk) in event.data["case_ids"]


def _count(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


@time_machine.travel(TODAY, tick=False)
def test_fixed_number_of_queries_for_10_and_1000_open_cases(world, as_user):
    officer = world.people["business_unit_officer"]
    client = as_user(officer)
    client.get(URL)

    def add(n):
        Case.objects.bulk_create(
            [CaseFactory.build(lead_partnership=world.partnership, created_by=officer) for _ in range(n)]
        )
        for case in Case.objects.filter(deadlines__isnull=True)[:5]:
            _aware(case, officer, dt.date(2026, 11, 20))

    add(9)
    with_10 = _count(client)
    add(990)
    with_1000 = _count(client)
    assert with_10 == with_1000


def test_case_page_runs_the_same_queries_however_much_happened(world, as_user):
    officer = world.people["business_unit_officer"]
    client = as_user(officer)
    url = reverse("cases:detail", args=[world.case.pk])
    # A clock open from the start: the banner's queries (the next clock) are then in the baseline too.
    _aware(world.case, officer, dt.date(2026, 11, 20))
    client.get(url)
    before = _count_url(client, url)
    for day in range(1, 20):
        _aware(world.case, officer, dt.date(2026, 11, day))  # each correction adds timeline events
    assert _count_url(client, url) == before


def _count_url(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@time_machine.travel(TODAY, tick=False)
def test_case_page_task_list_and_timeline(world, as_user):
    officer = world.people["business_unit_officer"]
    _aware(world.case, officer, dt.date(2026, 11, 20))
    body = as_user(officer).get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "What needs doing" in body
    assert "When the local authority became aware" in body
    assert reverse("screening:awareness", args=[world.case.pk]) in body  # the officer may prepare screening
    assert "Timeline" in body and "recorded: 20 November 2026" in body
    # The agency author may read the case but not act on screening: no link, just the task.
    author_body = as_user(world.people["agency_author"]).get(reverse("cases:detail", args=[world.case.pk]))
    assert reverse("screening:awareness", args=[world.case.pk]) not in author_body.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_next_local_review_target_shows_with_its_rag_in_fixed_queries(world, as_user):
    from safeguarding_reviews.local_reviews.services import local_review_open_statutory

    officer = world.people["business_unit_officer"]
    client = as_user(officer)
    local_review_open_statutory(actor=officer, case=world.case, initiated_on=dt.date(2026, 10, 1))
    response = client.get(URL)
    text = response.content.decode()
    # Terms of reference agreed was due on 29 October: overdue.
    assert "Terms of reference agreed" in text and "29 October 2026" in text and "Overdue" in text
    client.get(URL)

    def add(n):
        cases = Case.objects.bulk_create(
            [CaseFactory.build(lead_partnership=world.partnership, created_by=officer) for _ in range(n)]
        )
        for case in cases[:5]:
            local_review_open_statutory(actor=officer, case=case, initiated_on=dt.date(2026, 11, 20))

    add(9)
    small = _count(client)
    add(40)
    assert _count(client) == small
