"""Every 403 and 404 is audited once: who, which status, which path (no query string), which case id."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from tests.fixtures import sign_in


def refusals():
    return AuditEvent.objects.filter(event_type=EventType.ACCESS_REFUSED).order_by("sequence")


def test_missing_page_for_anonymous_visitor(client, db):
    response = client.get("/no-such-page/?name=Somebody")
    assert response.status_code == 404
    [event] = refusals()
    assert event.actor_id is None
    assert event.data == {"status": 404, "path": "/no-such-page/"}  # never the query string
    assert (event.case_id, event.object_type, event.object_id) == (None, "", "")
    assert event.request_id == response["X-Request-ID"]


def test_hidden_case_names_the_case_id_but_not_the_case(world, as_user):
    user = world.people["non_member"]
    response = as_user(user).get(reverse("cases:detail", args=[world.case.pk]))
    assert response.status_code == 404
    [event] = refusals()
    assert event.actor_id == user.pk
    assert event.data == {"status": 404, "path": f"/cases/{world.case.pk}/"}
    assert (event.object_type, event.object_id) == ("cases.case", str(world.case.pk))
    assert event.case_id is None  # the case may not exist: never set the foreign key from a URL


def test_case_that_does_not_exist(world, as_user):
    missing = uuid.uuid4()
    response = as_user(world.people["business_manager"]).get(reverse("cases:detail", args=[missing]))
    assert response.status_code == 404
    [event] = refusals()
    assert (event.object_type, event.object_id, event.case_id) == ("cases.case", str(missing), None)


def test_forbidden_action_is_a_403_refusal(world, as_user):
    user = world.people["delegate_police"]  # sees the case, may not read its access record
    response = as_user(user).get(reverse("audit:case_access", args=[world.case.pk]))
    assert response.status_code == 403
    [event] = refusals()
    assert event.actor_id == user.pk
    assert event.data["status"] == 403
    assert event.object_id == str(world.case.pk)


def test_csrf_failure_is_refused_and_audited(world):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.people["business_manager"])
    response = client.post(reverse("cases:edit", args=[world.case.pk]), {})
    assert response.status_code == 403
    assert refusals().count() == 1


def test_exactly_one_event_per_refusal(world, as_user):
    client = as_user(world.people["non_member"])
    before = AuditEvent.objects.count()
    for _ in range(3):
        assert client.get(reverse("cases:detail", args=[world.case.pk])).status_code == 404
    assert refusals().count() == 3
    assert AuditEvent.objects.count() == before + 3


@pytest.mark.parametrize("path", ["/static/missing.css", "/static/govuk/nothing.js"])
def test_static_files_are_not_audited(client, db, path):
    assert client.get(path).status_code == 404
    assert not refusals().exists()


def test_allowed_pages_record_no_refusal(world, as_user):
    response = as_user(world.people["business_manager"]).get(reverse("cases:detail", args=[world.case.pk]))
    assert response.status_code == 200
    assert not refusals().exists()


def test_long_paths_are_cut(client, db):
    assert client.get("/" + "x" * 500 + "/").status_code == 404
    assert len(refusals().get().data["path"]) == 200
