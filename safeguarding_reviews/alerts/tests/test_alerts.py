"""Alerts: creating, listing (only for cases still visible), marking read, and the navigation count."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.alerts.context_processors import alerts as alerts_context
from safeguarding_reviews.alerts.models import Alert, AlertKind
from safeguarding_reviews.alerts.services import alert_counts_refresh, alert_create, alert_mark_read
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases import services as case_services
from safeguarding_reviews.organisations.selectors import roles_by_partnership
from tests.factories import PartnershipFactory


def _link(case):
    return reverse("cases:detail", kwargs={"case_id": case.pk})


def _alert(user, case, kind=AlertKind.SCREENING_DECISION):
    return alert_create(user=user, case=case, kind=kind, link=_link(case))


def test_alert_create_audits_ids_only_and_refuses_outside_links(world):
    officer = world.people["business_unit_officer"]
    alert = _alert(officer, world.case)
    event = AuditEvent.objects.filter(event_type=EventType.ALERT_CREATED).get()
    assert event.data == {"kind": "screening_decision", "user_id": officer.pk}
    assert event.case_id == world.case.pk and alert.read_at is None
    with pytest.raises(ValueError, match="An alert links to a path inside the service"):
        alert_create(user=officer, case=None, kind="x", link="https://evil.example/")
    with pytest.raises(ValueError, match="An alert links to a path inside the service"):
        alert_create(user=officer, case=None, kind="x", link="//evil.example/")


def test_list_shows_reference_and_kind_only(world, as_user):
    officer = world.people["business_unit_officer"]
    _alert(officer, world.case)
    client = as_user(officer)
    page = client.get(reverse("alerts:list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert world.case.reference in body
    assert "A screening decision was recorded" in body
    assert "Child Q" not in body.split("<main", 1)[1]
    assert "Alerts (1)" in body


def test_alerts_for_cases_no_longer_visible_are_hidden(world, as_user):
    reviewer = world.people["independent_reviewer"]
    _alert(reviewer, world.case)
    client = as_user(reviewer)
    assert "Alerts (1)" in client.get(reverse("alerts:list")).content.decode()
    membership = world.case.memberships.get(user=reviewer, ended_at__isnull=True)
    case_services.case_member_remove(
        actor=world.people["business_unit_officer"], case=world.case, membership=membership
    )
    client = as_user(reviewer)
    body = client.get(reverse("alerts:list")).content.decode()
    assert world.case.reference not in body
    assert "Alerts (0)" in body
    alert = Alert.objects.get(user=reviewer)
    assert client.post(reverse("alerts:read", kwargs={"alert_id": alert.pk})).status_code == 404


def test_mark_read_and_open(world, as_user):
    officer = world.people["business_unit_officer"]
    alert = _alert(officer, world.case)
    other = as_user(world.people["business_manager"])
    assert other.post(reverse("alerts:read", kwargs={"alert_id": alert.pk})).status_code == 404
    client = as_user(officer)
    response = client.post(reverse("alerts:read", kwargs={"alert_id": alert.pk}), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == _link(world.case)
    alert.refresh_from_db()
    assert alert.read_at is not None
    assert AuditEvent.objects.filter(event_type=EventType.ALERT_READ).count() == 1
    alert_mark_read(actor=officer, alert=alert)  # again: nothing more recorded
    assert AuditEvent.objects.filter(event_type=EventType.ALERT_READ).count() == 1
    assert client.get(reverse("alerts:read", kwargs={"alert_id": alert.pk})).status_code == 405


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("alerts:list")).status_code == 200
    return len(ctx.captured_queries)


def test_list_runs_a_fixed_number_of_queries(world, as_user):
    officer = world.people["business_unit_officer"]
    client = as_user(officer)
    cases = [world.case]
    for n in range(4):
        cases.append(
            case_services.case_create(actor=officer, partnership=world.partnership, pseudonym=f"Child {n}")
        )
    Alert.objects.bulk_create(
        [
            Alert(
                user=officer,
                case=cases[i % 5],
                kind="screening_decision",
                link="/",
                created_at=world.case.created_at,
            )
            for i in range(5)
        ]
    )
    small = _list_queries(client)
    Alert.objects.bulk_create(
        [
            Alert(
                user=officer,
                case=cases[i % 5],
                kind="scrutiny_comment",
                link="/",
                created_at=world.case.created_at,
                read_at=world.case.created_at if i % 2 else None,
            )
            for i in range(195)
        ]
    )
    assert Alert.objects.filter(user=officer).count() == 200
    assert _list_queries(client) == small


def test_navigation_count_is_one_query_once_roles_are_loaded(world, rf):
    officer = world.people["business_unit_officer"]
    _alert(officer, world.case)
    other_case_alert_partnership = PartnershipFactory.create()
    assert other_case_alert_partnership  # an unrelated partnership changes nothing
    alert_counts_refresh(user_ids=[officer.pk])  # as tick does after the alert's commit
    request = rf.get("/")
    request.user = officer
    roles_by_partnership(officer)  # the navigation context processor has loaded them
    with CaptureQueriesContext(connection) as ctx:
        context = alerts_context(request)
    assert context == {"unread_alert_count": 1}
    assert len(ctx.captured_queries) == 1


def test_every_alert_is_reachable_page_by_page_unread_first(world, as_user):
    """1,200 unread alerts and a few read ones: 50 a page, unread first, each on exactly one page; each
    page's audit event names only the cases shown; every page runs the same number of queries."""
    officer = world.people["business_unit_officer"]
    cases = [world.case]
    for n in range(3):
        cases.append(
            case_services.case_create(actor=officer, partnership=world.partnership, pseudonym=f"Child {n}")
        )
    start = world.case.created_at
    Alert.objects.bulk_create(
        [
            Alert(
                user=officer,
                # The first page names the first case only; later cases appear further down.
                case=cases[0] if i >= 1150 else cases[1 + i % 3],
                kind="screening_decision",
                link="/",
                created_at=start + dt.timedelta(minutes=i // 2),  # ties on created: the id decides
            )
            for i in range(1200)
        ]
        + [
            Alert(
                user=officer,
                case=cases[1],
                kind="scrutiny_comment",
                link="/",
                created_at=start + dt.timedelta(days=30),  # newer than every unread alert
                read_at=start + dt.timedelta(days=31),
            )
            for _ in range(10)
        ]
    )
    client = as_user(officer)
    expected = list(
        Alert.objects.filter(user=officer, read_at__isnull=True)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    ) + list(
        Alert.objects.filter(user=officer, read_at__isnull=False)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    seen: list[int] = []
    counts = set()
    for number in range(1, 26):
        AuditEvent.objects.filter(event_type=EventType.CASE_LIST_VIEWED).delete()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("alerts:list"), {"page": number})
        counts.add(len(ctx.captured_queries))
        body = response.content.decode()
        assert f"Page {number} of 25" in body
        assert ("New (1200)" in body) is (number < 25)  # 24 pages of unread, then the read ones
        shown = [int(pk) for pk in re.findall(r'/alerts/(\d+)/read/" class="govuk-!-margin-bottom-1"', body)]
        shown_read = response.context["read"]
        seen += shown + [a.pk for a in shown_read]
        event = AuditEvent.objects.get(event_type=EventType.CASE_LIST_VIEWED)
        page_alerts = [*response.context["unread"], *shown_read]
        assert len(page_alerts) == (50 if number < 25 else 10)
        assert event.data["case_ids"] == sorted({str(a.case_id) for a in page_alerts})
        assert event.data["page"] == number
    assert seen == expected
    assert len(counts) == 1
    first = client.get(reverse("alerts:list")).context
    assert {a.case_id for a in first["unread"]} == {world.case.pk}


def _fresh(user):
    # A new request loads the person and their roles again.
    return type(user).objects.get(pk=user.pk)


def _count_everywhere(user) -> int:
    """The header's count, checked against the plain rule (every visible case) it replaces."""
    from django.db.models import Q

    from safeguarding_reviews.alerts.selectors import unread_alert_count
    from safeguarding_reviews.cases.policies import visible_cases

    user = _fresh(user)
    oracle = (
        Alert.objects.filter(user=user, read_at__isnull=True)
        .filter(Q(case__isnull=True) | Q(case__in=visible_cases(user).values("pk")))
        .count()
    )
    assert unread_alert_count(user) == oracle
    return oracle


def test_unread_count_follows_alerts_and_every_change_of_access(world):
    """The count is checked per alert against the visibility rule, so it is right after an alert is
    raised or read and after each kind of access change: a share given and ended, a case restricted, a
    place on a case ended, a partnership role ended, an account deactivated."""
    from safeguarding_reviews.organisations.models import Membership
    from safeguarding_reviews.organisations.services import account_deactivate, membership_end
    from tests.factories import UserFactory, grant

    officer = world.people["business_unit_officer"]
    manager = world.people["business_manager"]
    outsider = world.people["other_partnership"]  # business manager of the other partnership
    reviewer = world.people["independent_reviewer"]
    chair = world.people["independent_chair"]
    for person in (outsider, reviewer, chair):
        _alert(person, world.case)
        alert_create(user=person, case=None, kind="clock_due_soon", link="/")
    assert _count_everywhere(outsider) == 1  # only the alert with no case
    assert _count_everywhere(reviewer) == 2 and _count_everywhere(chair) == 2

    share = case_services.case_share(
        actor=officer, case=world.case, partnership=world.other_partnership, reason="Synthetic reason."
    )
    assert _count_everywhere(outsider) == 2
    case_services.case_share_end(actor=officer, case=world.case, share=share)
    assert _count_everywhere(outsider) == 1

    case_services.case_update(
        actor=officer, case=world.case, expected_version=world.case.version, changes={"is_restricted": True}
    )
    assert _count_everywhere(chair) == 1  # a restricted case: not partnership-wide any more
    assert _count_everywhere(reviewer) == 2  # named on it
    world.case.refresh_from_db()
    case_services.case_update(
        actor=officer, case=world.case, expected_version=world.case.version, changes={"is_restricted": False}
    )
    assert _count_everywhere(chair) == 2

    alert_mark_read(actor=chair, alert=Alert.objects.filter(user=chair, case=world.case).get())
    assert _count_everywhere(chair) == 1

    membership = world.case.memberships.get(user=reviewer, ended_at__isnull=True)
    case_services.case_member_remove(actor=officer, case=world.case, membership=membership)
    assert _count_everywhere(reviewer) == 1

    helper = UserFactory.create(full_name="Persona helper", email="helper@test.example")
    grant(helper, world.partnership, "business_unit_officer")
    _alert(helper, world.case)
    assert _count_everywhere(helper) == 1
    membership_end(actor=manager, membership=Membership.objects.get(user=helper, ended_at__isnull=True))
    assert _count_everywhere(helper) == 0

    admin = world.people["platform_admin"]
    assert _count_everywhere(officer) == 0
    _alert(officer, world.case)
    assert _count_everywhere(officer) == 1
    account_deactivate(actor=admin, user=officer)
    assert _count_everywhere(officer) == 0
