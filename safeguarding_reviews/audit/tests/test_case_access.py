"""The "Who has viewed or changed this case" page."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
import time_machine
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.audit.services import record_event
from tests.factories import UserFactory


def url(case, **query):
    base = reverse("audit:case_access", args=[case.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def table_rows(response) -> list[str]:
    body = response.content.decode()
    return re.findall(r'<tr class="govuk-table__row"[^>]*>\s*<td.*?</tr>', body, flags=re.S)


@pytest.mark.parametrize("persona", ["business_manager", "auditor"])
def test_audit_readers_see_the_page_and_it_is_recorded(world, as_user, persona):
    user = world.people[persona]
    response = as_user(user).get(url(world.case))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1" in body and "Who has viewed or changed this case" in body
    assert "Case created" in body
    assert "Persona business_unit_officer" in body
    assert "Business unit officer" in body  # current role in the lead partnership
    viewed = AuditEvent.objects.filter(event_type=EventType.CASE_AUDIT_VIEWED)
    assert viewed.count() == 1
    assert viewed.get().actor_id == user.pk
    assert viewed.get().case_id == world.case.pk


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("business_unit_officer", 403),
        ("delegate_local_authority", 403),
        ("independent_chair", 403),
        ("review_committee_member", 403),  # named on the case
        ("non_member", 404),
        ("other_partnership", 404),
        ("platform_admin", 404),
    ],
)
def test_everyone_else_is_refused(world, as_user, persona, status):
    response = as_user(world.people[persona]).get(url(world.case))
    assert response.status_code == status
    assert not AuditEvent.objects.filter(event_type=EventType.CASE_AUDIT_VIEWED).exists()


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(url(world.case))
    assert response.status_code == 302


def test_post_is_not_allowed(world, as_user):
    response = as_user(world.people["business_manager"]).post(url(world.case))
    assert response.status_code == 405


def test_newest_first_in_london_time(world, as_user):
    with time_machine.travel(dt.datetime(2026, 7, 1, 11, 30, tzinfo=dt.UTC), tick=False):
        record_event(event_type=EventType.CASE_VIEWED, actor=world.people["auditor"], case=world.case)
    response = as_user(world.people["business_manager"]).get(url(world.case))
    [newest, *_] = table_rows(response)
    assert "1 July 2026 at 12:30" in newest  # 11:30 UTC is 12:30 British Summer Time
    sequences = [int(s) for s in re.findall(r'data-sequence="(\d+)"', response.content.decode())]
    assert sequences == sorted(sequences, reverse=True)


def test_refused_attempts_on_this_case_are_shown(world, as_user):
    client = as_user(world.people["non_member"])
    assert client.get(reverse("cases:detail", args=[world.case.pk])).status_code == 404
    response = as_user(world.people["business_manager"]).get(url(world.case))
    [row] = [r for r in table_rows(response) if "Access refused" in r]
    assert "Persona non member" in row
    assert "Not found (404)" in row


def test_other_cases_events_are_not_shown(world, as_user):
    from safeguarding_reviews.cases import services as case_services

    other = case_services.case_create(
        actor=world.people["business_unit_officer"], partnership=world.partnership, pseudonym="Child R"
    )
    case_services.case_record_view(actor=world.people["auditor"], case=other, page="case_detail")
    response = as_user(world.people["business_manager"]).get(url(world.case))
    assert "Persona auditor" not in response.content.decode()


def _add_events(case, count, actors):
    """Bulk rows for volume: the page does not verify hashes, so these need not chain."""
    head = AuditEvent.objects.order_by("-sequence").first()
    assert head is not None
    start = head.sequence + 1
    AuditEvent.objects.bulk_create(
        AuditEvent(
            sequence=start + i,
            occurred_at=head.occurred_at,
            event_type=EventType.CASE_VIEWED if i % 2 else EventType.CASE_UPDATED,
            actor=actors[i % len(actors)],
            partnership_id=case.lead_partnership_id,
            case=case,
            data={"page": "case_detail"},
            prev_hash="0" * 64,
            hash=f"{start + i:064x}",
        )
        for i in range(count)
    )


def test_keyset_pages_of_fifty(world, as_user):
    _add_events(world.case, 120, [world.people["auditor"]])
    client = as_user(world.people["business_manager"])
    existing = list(AuditEvent.objects.filter(case=world.case).values_list("sequence", flat=True))
    seen: list[int] = []
    response = client.get(url(world.case))
    pages = 0
    while True:
        pages += 1
        body = response.content.decode()
        sequences = [int(s) for s in re.findall(r'data-sequence="(\d+)"', body)]
        assert len(sequences) <= 50
        seen += sequences
        found = re.search(r'href="\?before=(\d+)"[^>]*rel="next"', body)
        if not found:
            break
        assert "Older events" in body
        response = client.get(url(world.case, before=found.group(1)))
        assert "Newest events" in response.content.decode()
    # Every event that existed when paging started, once, newest first; the page's own records of
    # being viewed are newer than the cursor so never shift the older pages.
    assert seen == sorted(existing, reverse=True)
    assert pages == -(-len(existing) // 50) == 3


def test_pages_merge_the_cases_events_and_refusals_naming_it(world):
    """The page reads the case's own events and the refusals naming its id by two queries: merged newest
    first, each event once, across page boundaries, whichever kind is newer; a refusal of another case and an
    event of this case naming it as its object are each shown once or not at all as they should be."""
    from safeguarding_reviews.audit.selectors import case_events_page

    other = str(uuid.uuid4())
    for i in range(13):
        record_event(event_type=EventType.CASE_VIEWED, case=world.case, data={"page": "case_detail"})
        if i % 3 == 0:  # a refusal naming this case's id; one naming another
            record_event(
                event_type=EventType.ACCESS_REFUSED, object_type="cases.case", object_id=str(world.case.pk)
            )
            record_event(event_type=EventType.ACCESS_REFUSED, object_type="cases.case", object_id=other)
    record_event(event_type=EventType.CASE_UPDATED, case=world.case, target=world.case)  # both kinds at once
    about_the_case = Q(case=world.case) | Q(object_type="cases.case", object_id=str(world.case.pk))
    expected = list(AuditEvent.objects.filter(about_the_case).values_list("sequence", flat=True))
    seen: list[int] = []
    before = None
    while True:
        events, before = case_events_page(case=world.case, before=before, size=4)
        seen += [event.sequence for event in events]
        if before is None:
            break
    assert seen == sorted(expected, reverse=True)


def test_filter_by_event_type(world, as_user):
    _add_events(world.case, 6, [world.people["auditor"]])
    response = as_user(world.people["business_manager"]).get(url(world.case, event_type="case.updated"))
    assert response.status_code == 200
    rows = table_rows(response)
    assert len(rows) == 3
    assert all("Case updated" in r for r in rows)
    viewed = AuditEvent.objects.get(event_type=EventType.CASE_AUDIT_VIEWED)
    assert viewed.data == {"event_type": "case.updated", "before": None}


@pytest.mark.parametrize("query", [{"event_type": "no.such"}, {"before": "abc"}, {"before": "0"}])
def test_bad_query_is_a_400_with_an_error_summary(world, as_user, query):
    response = as_user(world.people["business_manager"]).get(url(world.case, **query))
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "govuk-error-summary" in body
    assert not AuditEvent.objects.filter(event_type=EventType.CASE_AUDIT_VIEWED).exists()


def test_unknown_and_system_actors(world, as_user):
    record_event(event_type=EventType.CASE_UPDATED, case=world.case)
    ghost = UserFactory.create()
    record_event(event_type=EventType.CASE_VIEWED, case=world.case, actor=ghost)
    from safeguarding_reviews.accounts.models import User

    with connection.cursor() as cursor:  # no FK constraint on audit rows: survive a missing account
        cursor.execute(f"DELETE FROM {User._meta.db_table} WHERE id = %s", [ghost.pk])
    body = as_user(world.people["business_manager"]).get(url(world.case)).content.decode()
    assert "The system" in body
    assert f"Unknown account {ghost.pk}" in body


@pytest.mark.parametrize("count", [10, 1000])
def test_fixed_number_of_queries(world, as_user, django_assert_num_queries, count):
    """The same number of queries for a case with a handful of events as with 10 or 1,000 more (by
    nine different people). The baseline is measured rather than hard-coded so that middleware added
    elsewhere does not break this test; it is capped so that it stays small."""
    client = as_user(world.people["business_manager"])
    client.get(url(world.case))  # warm up: one-off lookups (content types, session) happen here
    with CaptureQueriesContext(connection) as baseline:
        client.get(url(world.case))
    assert len(baseline) <= 22  # two of them the page of events (the case's own, and refusals naming it)
    actors = [UserFactory.create() for _ in range(7)] + [world.people["auditor"], world.people["non_member"]]
    _add_events(world.case, count, actors)
    with django_assert_num_queries(len(baseline)):
        response = client.get(url(world.case))
    assert response.status_code == 200
    shown = AuditEvent.objects.filter(case=world.case).count() - 1  # not the view just recorded
    assert len(table_rows(response)) == min(50, shown)
