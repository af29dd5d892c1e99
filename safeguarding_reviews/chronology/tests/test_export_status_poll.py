"""The export status page checks for progress without reloading (WCAG 2.2.2): no Refresh header, a JSON
answer for the page's script behind the same access check and audited like the page, and the polls do not
count as activity for the idle timeout."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.chronology import exports, services
from safeguarding_reviews.chronology.selectors import Filters
from tests.fixtures import sign_in

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def export(world):
    # on_commit never runs inside the test transaction: the export stays queued
    return services.chronology_export_request(
        actor=world.people["business_unit_officer"], case=world.case, filters=Filters()
    )


def _url(world, export):
    return reverse("chronology:export_status", args=[world.case.pk, export.pk])


def _views(world):
    return AuditEvent.objects.filter(
        event_type=EventType.CASE_VIEWED, case=world.case, data__page="chronology_export"
    ).count()


def test_page_has_no_refresh_header_but_a_check_again_link_and_the_script(world, client, export):
    sign_in(client, world.people["business_unit_officer"])
    page = client.get(_url(world, export))
    body = page.content.decode()
    assert page.status_code == 200 and "Refresh" not in page
    assert 'id="job-check-again"' in body and "app/job-status.js" in body
    assert 'aria-live="polite"' in body and "Accept" in page["Vary"]


def test_json_status_is_audited_and_shows_the_link_when_done(world, client, export):
    sign_in(client, world.people["business_unit_officer"])
    before = _views(world)
    queued = client.get(_url(world, export), **JSON)
    assert queued.status_code == 200 and queued["Content-Type"] == "application/json"
    assert queued.json()["finished"] is False and queued.json()["status"] == "queued"
    assert "Check again" in queued.json()["html"] and "no-store" in queued["Cache-Control"]
    assert _views(world) == before + 1
    exports.chronology_export_run(export_id=export.pk)
    done = client.get(_url(world, export), **JSON).json()
    assert done["finished"] is True and "is ready" in done["announcement"]
    assert reverse("chronology:export_download", args=[world.case.pk, export.pk]) in done["html"]
    page = client.get(_url(world, export)).content.decode()
    assert "app/job-status.js" not in page  # nothing left to wait for


def test_json_status_has_the_same_access_check(world, client, export):
    sign_in(client, world.people["business_manager"])  # may read the chronology, did not ask for it
    assert client.get(_url(world, export), **JSON).status_code == 404


def test_polling_does_not_keep_the_session_alive(world, client, export):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, world.people["business_unit_officer"])
        assert client.get(_url(world, export)).status_code == 200  # opening the page is activity
        for _ in range(14):
            traveller.shift(60)
            assert client.get(_url(world, export), **JSON).status_code == 200
        traveller.shift(60 + 1)
        expired = client.get(_url(world, export), **JSON)
        assert expired.status_code == 401 and expired.json() == {"signed_in": False}


def test_opening_the_page_is_activity(world, client, export):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, world.people["business_unit_officer"])
        for _ in range(3):
            traveller.shift(10 * 60)
            assert client.get(_url(world, export)).status_code == 200
