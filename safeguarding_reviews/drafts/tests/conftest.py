from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from safeguarding_reviews.rapid_review.services import (
    RequestItem,
    agency_request_acknowledge,
    agency_requests_send,
)
from safeguarding_reviews.rapid_review.tests.conftest import new_author
from tests.outcome_data import to_rapid_review


@pytest.fixture
def rr(world):
    """The world at the rapid review with one request to world.agency, acknowledged by its author."""
    to_rapid_review(world)
    author = new_author(world, world.agency, 1)
    [request] = agency_requests_send(
        actor=world.people["business_unit_officer"],
        case=world.case,
        items=[RequestItem(agency=world.agency, author=author)],
        due_on=dt.date(2099, 1, 15),
    )
    agency_request_acknowledge(actor=author, request=request)
    request.refresh_from_db()
    world.author = author
    world.request = request
    world.return_url = reverse(
        "rapid_review:return_edit", kwargs={"case_id": world.case.pk, "request_id": request.pk}
    )
    return world
