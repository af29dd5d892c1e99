"""List pages run the same number of queries whatever the data size (definition of done 4).

Pages with their own count tests (Your cases, the dashboard, people, accounts, alerts, the case page,
the case access page, children and household) are tested beside their code; these are the rest."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safeguarding_reviews.cases.models import CaseCapacity, CaseMembership
from safeguarding_reviews.organisations.models import Agency, AgencyType
from safeguarding_reviews.working_days.models import ClosureDay

from .factories import PartnershipFactory, UserFactory, grant


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add_case_members(world, n, start):
    for i in range(start, start + n):
        user = UserFactory.create(email=f"member{i}@test.example")
        grant(user, world.partnership, "review_committee_member")
        CaseMembership.objects.create(
            case=world.case,
            user=user,
            capacity=CaseCapacity.COMMITTEE_MEMBER,
            added_by=world.people["business_manager"],
        )


def _add_agencies(world, n, start):
    Agency.objects.bulk_create(
        [
            Agency(partnership=world.partnership, name=f"Agency {i}", agency_type=AgencyType.OTHER)
            for i in range(start, start + n)
        ]
    )


def _add_partnerships(world, n, start):
    for i in range(start, start + n):
        PartnershipFactory.create(name=f"Extra partnership {i}", slug=f"extra-{i}")


def _add_closure_days(world, n, start):
    ClosureDay.objects.bulk_create(
        [
            ClosureDay(
                partnership=world.partnership,
                date=dt.date(2030, 1, 1) + dt.timedelta(days=i),
                reason="Office closed",
                created_by=world.people["business_manager"],
                created_at=timezone.now(),
            )
            for i in range(start, start + n)
        ]
    )


PAGES = [
    ("cases:members", "business_manager", lambda w: {"case_id": w.case.pk}, _add_case_members),
    ("organisations:agencies", "business_manager", lambda w: {"slug": w.partnership.slug}, _add_agencies),
    ("organisations:platform", "platform_admin", lambda w: {}, _add_partnerships),
    (
        "working_days:closure_days",
        "business_manager",
        lambda w: {"slug": w.partnership.slug},
        _add_closure_days,
    ),
    ("clocks:case_clocks", "business_manager", lambda w: {"case_id": w.case.pk}, _add_case_members),
    ("subjects:case_subjects", "business_manager", lambda w: {"case_id": w.case.pk}, _add_case_members),
]


@pytest.mark.parametrize(("name", "persona", "kwargs", "grow"), PAGES, ids=[p[0] for p in PAGES])
def test_same_queries_at_two_sizes(world, as_user, name, persona, kwargs, grow):
    client = as_user(world.people[persona])
    url = reverse(name, kwargs=kwargs(world))
    client.get(url)  # warm the session
    grow(world, 3, 0)
    small = _count(client, url)
    grow(world, 60, 3)
    large = _count(client, url)
    assert small == large, f"{name}: {small} queries with a little data, {large} with more"
