"""The business unit dashboard's open cases are paged without a count (issue 19), as Your cases is: Next
only when a further open case exists, "Page N" without "of M", every open case on exactly one page, and a
page past the end or unreadable gives the first page with a message."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core.paging import BAD_PAGE_MESSAGE
from safeguarding_reviews.dashboards import views
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
PER_PAGE = 4


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "DASHBOARD_PAGE_SIZE", PER_PAGE)


def _add(world, n, **fields):
    officer = world.people["business_unit_officer"]
    Case.objects.bulk_create(
        [
            CaseFactory.build(lead_partnership=world.partnership, created_by=officer, **fields)
            for _ in range(n)
        ]
    )


def _page(client, number=None):
    response = client.get(reverse("business_unit_dashboard"), {"page": number} if number else {})
    assert response.status_code == 200
    return response


def test_pages_walk_every_open_case_once(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    _add(world, 2 * PER_PAGE + 1 - Case.objects.exclude(stage=Stage.CLOSED).count())
    _add(world, 3, stage=Stage.CLOSED)  # never listed
    open_cases = set(Case.objects.exclude(stage=Stage.CLOSED).values_list("pk", flat=True))
    seen = []
    number = 1
    while True:
        response = _page(client, number)
        body = response.content.decode()
        page = response.context["page"]
        seen += [row["case"].pk for row in response.context["rows"]]
        assert len(page.object_list) <= PER_PAGE
        assert f"Page {number}</span>" in body and "Page 1 of" not in body
        if not page.has_next():
            break
        assert 'rel="next"' in body
        number += 1
    assert number == 3
    assert len(seen) == len(set(seen)) and set(seen) == open_cases
    assert "Open cases, soonest clock first: page 3" in body
    assert 'rel="next"' not in body and 'rel="prev"' in body


@pytest.mark.parametrize("number", ["3", "0", "x"])
def test_a_page_past_the_end_or_unreadable_is_the_first_page_with_a_message(world, as_user, number):
    client = as_user(world.people["business_unit_officer"])
    _add(world, PER_PAGE)  # two pages, with the world's own case
    response = _page(client, number)
    assert response.context["page"].number == 1
    assert len(response.context["rows"]) == PER_PAGE
    assert BAD_PAGE_MESSAGE in response.content.decode()
