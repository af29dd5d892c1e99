"""core.throttle (security finding 4): the pure parts table-tested, the sliding window in the cache with
time-machine, and the decorator's 429 page. The chronology export's use of it is tested in
chronology/tests/test_export_throttle.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.checks import run_checks
from django.http import HttpResponse
from django.test import RequestFactory

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.core.throttle import (
    Rate,
    job_admit,
    job_rate_limit,
    job_release,
    parse_rate,
    time_in_words,
)

UTC = dt.UTC
# 09:00 UTC on 1 July 2026 is 10:00am in London (BST); 09:00 UTC on 1 December 2026 is 9:00am (GMT).
SUMMER = dt.datetime(2026, 7, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("10/10m", Rate(10, 600)),
        ("1/1s", Rate(1, 1)),
        ("5/2h", Rate(5, 7200)),
        (" 10/10m ", Rate(10, 600)),
        ("1000/1m", Rate(1000, 60)),
    ],
)
def test_parse_rate(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize(
    "text",
    [
        "",
        "10",
        "10/",
        "/10m",
        "10/10",
        "10/10d",
        "0/10m",
        "10/0m",
        "-1/10m",
        "1001/1m",
        "١٠/10m",
        "10/10m\x00",
    ],
)
def test_unreadable_rate_is_a_configuration_error(text):
    with pytest.raises(ValueError, match="JOB_RATE_LIMIT"):
        parse_rate(text)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (600, "10 minutes"),
        (60, "1 minute"),
        (3600, "1 hour"),
        (7200, "2 hours"),
        (90, "90 seconds"),
        (1, "1 second"),
    ],
)
def test_period_in_words(seconds, words):
    assert Rate(10, seconds).period_in_words == words


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (dt.datetime(2026, 7, 1, 9, 10, tzinfo=UTC), "10:10am"),  # BST
        (dt.datetime(2026, 12, 1, 9, 10, tzinfo=UTC), "9:10am on 1 December 2026"),  # GMT, another day
        (dt.datetime(2026, 7, 1, 11, 0, tzinfo=UTC), "midday"),
        (dt.datetime(2026, 7, 1, 12, 5, tzinfo=UTC), "1:05pm"),
        (dt.datetime(2026, 7, 1, 9, 10, 1, tzinfo=UTC), "10:11am"),  # rounded up, never down
        (dt.datetime(2026, 7, 1, 22, 59, 30, tzinfo=UTC), "midnight tomorrow"),
        (dt.datetime(2026, 7, 1, 23, 15, tzinfo=UTC), "12:15am tomorrow"),
        (dt.datetime(2026, 7, 3, 8, 0, tzinfo=UTC), "9:00am on 3 July 2026"),
    ],
)
def test_time_in_words(moment, words):
    assert time_in_words(moment, now=SUMMER) == words


def test_the_window_slides_and_says_when_a_slot_frees(db):
    rate = Rate(3, 600)
    with time_machine.travel(SUMMER, tick=False) as traveller:
        assert job_admit(7, rate=rate).allowed
        traveller.shift(dt.timedelta(minutes=4))
        assert job_admit(7, rate=rate).allowed
        assert job_admit(7, rate=rate).allowed
        refused = job_admit(7, rate=rate)
        assert not refused.allowed and refused.retry_at == SUMMER + dt.timedelta(minutes=10)
        assert job_admit(8, rate=rate).allowed  # another person counts alone
        traveller.shift(dt.timedelta(minutes=6))  # the first slot (10 minutes old) is free again
        assert job_admit(7, rate=rate).allowed
        again = job_admit(7, rate=rate)
        assert not again.allowed and again.retry_at == SUMMER + dt.timedelta(minutes=14)


def test_a_released_slot_can_be_taken_again(db):
    rate = Rate(1, 600)
    first = job_admit(7, rate=rate)
    assert not job_admit(7, rate=rate).allowed
    job_release(first)
    assert job_admit(7, rate=rate).allowed


@pytest.fixture
def limited_view():
    calls = []

    @job_rate_limit("test_job")
    def view(request, status=302):
        calls.append(request.method)
        if status == 500:
            raise RuntimeError("boom")
        return HttpResponse(status=status)

    return view, calls


def _post(user):
    # A bare request carrying only what the view and the limiter read.
    request: Any = RequestFactory().post("/jobs/")
    request.user = user
    request.session = {}
    request._messages = None
    return request


def test_the_eleventh_post_gets_the_429_page_and_the_view_is_not_called(world, settings, limited_view):
    settings.JOB_RATE_LIMIT = "10/10m"
    view, calls = limited_view
    officer = world.people["business_unit_officer"]
    with time_machine.travel(SUMMER, tick=False):
        assert [view(_post(officer)).status_code for _ in range(10)] == [302] * 10
        response = view(_post(officer))
    assert response.status_code == 429 and len(calls) == 10
    page = response.content.decode()
    assert "You have asked for too many documents" in page
    assert "You can ask for 10 documents to be built in any 10 minutes." in page
    assert "You can try again at <strong>10:10am</strong>." in page
    assert response["Retry-After"] == "600"
    [event] = AuditEvent.objects.filter(event_type=EventType.JOB_RATE_LIMITED)
    assert event.data == {"kind": "test_job"} and event.actor_id == officer.pk and event.case_id is None


def test_a_get_is_never_counted(world, limited_view):
    view, calls = limited_view
    request = RequestFactory().get("/jobs/")
    request.user = world.people["business_unit_officer"]
    assert [view(request).status_code for _ in range(15)] == [302] * 15


def test_a_refused_or_failed_post_gives_its_slot_back(world, settings, limited_view):
    settings.JOB_RATE_LIMIT = "2/10m"
    view, calls = limited_view
    officer = world.people["business_unit_officer"]
    for status in (400, 403, 404, 400, 404):
        assert view(_post(officer), status=status).status_code == status
    for _ in range(3):
        with pytest.raises(RuntimeError, match="boom"):
            view(_post(officer), status=500)
    assert [view(_post(officer)).status_code for _ in range(3)] == [302, 302, 429]


def test_an_unreadable_setting_fails_the_system_check(settings):
    settings.JOB_RATE_LIMIT = "ten a minute"
    assert "core.E001" in [message.id for message in run_checks()]
    settings.JOB_RATE_LIMIT = "10/10m"
    settings.CHRONOLOGY_EXPORT_RETENTION_DAYS = 0
    assert "core.E002" in [message.id for message in run_checks()]
