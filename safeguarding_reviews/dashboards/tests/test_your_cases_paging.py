"""Your cases is paged without counting every case the person may see (issue 19): 50 a page, "Next" only
when a further case exists, a page number past the end or unreadable gives the first page and a message,
and the number of queries does not change with the number of cases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.paging import BAD_PAGE_MESSAGE
from safeguarding_reviews.dashboards.views import PAGE_SIZE
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _add(world, n):
    officer = world.people["business_unit_officer"]
    Case.objects.bulk_create(
        [CaseFactory.build(lead_partnership=world.partnership, created_by=officer) for _ in range(n)]
    )


def _page(client, number=None):
    response = client.get(reverse("home"), {"page": number} if number is not None else {})
    assert response.status_code == 200
    return response


def test_pages_walk_every_visible_case_once(world, as_user):
    officer = world.people["business_unit_officer"]
    client = as_user(officer)
    _add(world, 2 * PAGE_SIZE + 5 - Case.objects.count())
    total = Case.objects.count()
    seen = []
    number = 1
    while True:
        response = _page(client, number)
        page = response.context["page"]
        seen += [case.pk for case in page.object_list]
        assert f"Page {number}" in response.content.decode()
        assert "of" not in response.content.decode().split(f"Page {number}", 1)[1][:5]
        if not page.has_next():
            break
        assert 'rel="next"' in response.content.decode()
        number += 1
    assert number == 3
    assert len(seen) == len(set(seen)) == total
    assert 'rel="next"' not in response.content.decode() and 'rel="prev"' in response.content.decode()


# tests/test_crafted_parameters.py tries the other crafted numbers.
@pytest.mark.parametrize("number", ["4", "0", "٣"])
def test_a_page_past_the_end_or_unreadable_is_the_first_page_with_a_message(world, as_user, number):
    client = as_user(world.people["business_unit_officer"])
    _add(world, PAGE_SIZE + 1)  # two pages, with the world's own case
    response = _page(client, number)
    assert response.context["page"].number == 1
    assert len(response.context["page"].object_list) == PAGE_SIZE
    assert BAD_PAGE_MESSAGE in response.content.decode()


def test_one_page_shows_no_pagination(world, as_user):
    response = _page(as_user(world.people["business_unit_officer"]))
    body = response.content.decode()
    assert 'aria-label="Pages of cases"' not in body
    assert world.case.reference in body


def test_the_same_queries_at_60_and_600_cases(world, as_user):
    client = as_user(world.people["business_unit_officer"])
    _add(world, 60)
    client.get(reverse("home"))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            _page(client, 2)
        return len(ctx.captured_queries)

    few = count()
    _add(world, 540)
    assert count() == few
