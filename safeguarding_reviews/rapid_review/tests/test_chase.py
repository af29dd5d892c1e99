"""The chase ladder on the task worker: author, then the agency's safeguarding lead, then the business
manager; by working days; each step once, even when two runs overlap."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.rapid_review import services
from safeguarding_reviews.rapid_review.models import RapidReviewSettings, RequestChase, RequestStatus

D = dt.date


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def overdue(rr, django_capture_on_commit_callbacks):
    rr.agencies[0].safeguarding_lead_email = "lead@agency.test.example"
    rr.agencies[0].save(update_fields=["safeguarding_lead_email"])
    with _at(D(2026, 3, 2)):
        [request] = rr.send(0, due_on=D(2026, 3, 4))  # due Wednesday 4 March
    mail.outbox.clear()
    return rr, request


def _run(day, callbacks):
    with _at(day), callbacks(execute=True):
        return services.chases_run()


def test_the_ladder_by_working_days_each_step_once(overdue, django_capture_on_commit_callbacks):
    rr, request = overdue
    run = lambda day: _run(day, django_capture_on_commit_callbacks)  # noqa: E731
    assert run(D(2026, 3, 4)) == 1  # due today: the reminder (it was sent on Monday, before the lead began)
    assert [m.to for m in mail.outbox] == [["author0@test.example"]]
    assert "is due soon" in mail.outbox[0].subject
    assert run(D(2026, 3, 4)) == 0  # the reminder goes once
    mail.outbox.clear()
    assert run(D(2026, 3, 5)) == 1
    assert [m.to for m in mail.outbox] == [["author0@test.example"]]
    assert run(D(2026, 3, 5)) == 0  # never twice
    assert run(D(2026, 3, 6)) == 0  # one working day after
    assert run(D(2026, 3, 7)) == 0  # Saturday
    mail.outbox.clear()
    assert run(D(2026, 3, 9)) == 1  # two working days after the author was chased
    assert [m.to for m in mail.outbox] == [["lead@agency.test.example"]]
    mail.outbox.clear()
    assert run(D(2026, 3, 10)) == 0
    assert run(D(2026, 3, 11)) == 1
    assert [m.to for m in mail.outbox] == [["business_manager@test.example"]]
    assert Alert.objects.filter(user=rr.world.people["business_manager"], case=rr.world.case).count() == 1
    assert run(D(2026, 4, 30)) == 0  # the ladder ends
    steps = list(RequestChase.objects.filter(request=request).values_list("step", "chased_on"))
    assert steps == [
        ("due_soon", D(2026, 3, 4)),
        ("author", D(2026, 3, 5)),
        ("safeguarding_lead", D(2026, 3, 9)),
        ("business_manager", D(2026, 3, 11)),
    ]
    events = AuditEvent.objects.filter(event_type=EventType.AGENCY_REQUEST_CHASED).order_by("sequence")
    assert [e.data["step"] for e in events] == ["due_soon", "author", "safeguarding_lead", "business_manager"]
    assert all(set(e.data) == {"request_id", "step", "round", "emails"} for e in events)
    for message in mail.outbox:
        assert rr.world.case.reference in message.subject
        assert "Child Q" not in str(message.subject) + str(message.body)
        assert f"/agency-requests/{request.pk}/" in message.body


def test_the_reminder_follows_the_request_own_time_and_calendar(rr, django_capture_on_commit_callbacks):
    """Sent on Monday 2 March, due Friday 13 March, with the partnership closed on Thursday 12 March and a
    reminder lead of 2 working days: the reminder goes on Tuesday 10 March (Wednesday 11 and Friday 13 are
    the two working days left), to the author by email and in the service, and once only."""
    from safeguarding_reviews.clocks.models import ClockSettings
    from safeguarding_reviews.working_days.models import ClosureDay

    ClosureDay.objects.create(
        partnership=rr.world.partnership,
        date=D(2026, 3, 12),
        reason="Staff training",
        created_by=rr.world.people["business_manager"],
        created_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )
    ClockSettings.objects.create(partnership=rr.world.partnership, reminder_lead_working_days=2)
    with _at(D(2026, 3, 2)):
        [request] = rr.send(0, due_on=D(2026, 3, 13))
    mail.outbox.clear()
    assert _run(D(2026, 3, 2), django_capture_on_commit_callbacks) == 0
    assert _run(D(2026, 3, 9), django_capture_on_commit_callbacks) == 0
    assert _run(D(2026, 3, 10), django_capture_on_commit_callbacks) == 1
    assert _run(D(2026, 3, 11), django_capture_on_commit_callbacks) == 0
    [message] = mail.outbox
    assert message.to == ["author0@test.example"] and rr.world.case.reference in message.subject
    assert f"/agency-requests/{request.pk}/" in message.body
    alert = Alert.objects.get(user=request.author)
    assert alert.kind == "agency_return_due_soon" and alert.case is None  # an author cannot see the case
    assert list(RequestChase.objects.filter(request=request).values_list("step", flat=True)) == ["due_soon"]


def test_a_submitted_request_gets_no_reminder(rr, django_capture_on_commit_callbacks):
    with _at(D(2026, 3, 2)):
        [request] = rr.send(0, due_on=D(2026, 3, 4))
    request.status = RequestStatus.SUBMITTED  # set directly: the rule only reads the status
    request.save(update_fields=["status"])
    assert _run(D(2026, 3, 3), django_capture_on_commit_callbacks) == 0
    assert services.request_chase(request=request, step="due_soon") is False


def test_two_runs_at_once_take_a_step_once(overdue, django_capture_on_commit_callbacks):
    rr, request = overdue
    with _at(D(2026, 3, 5)), django_capture_on_commit_callbacks(execute=True):
        # Two workers computed the same list; both try to take the author step.
        assert services.request_chase(request=request, step="author") is True
        assert services.request_chase(request=request, step="author") is False
    assert len(mail.outbox) == 1
    assert RequestChase.objects.filter(request=request).count() == 1


def test_no_safeguarding_lead_email_still_moves_the_ladder_on(overdue, django_capture_on_commit_callbacks):
    rr, request = overdue
    rr.agencies[0].safeguarding_lead_email = ""
    rr.agencies[0].save(update_fields=["safeguarding_lead_email"])
    _run(D(2026, 3, 5), django_capture_on_commit_callbacks)
    mail.outbox.clear()
    assert _run(D(2026, 3, 9), django_capture_on_commit_callbacks) == 1
    assert mail.outbox == []
    assert RequestChase.objects.get(request=request, step="safeguarding_lead").emailed is False


def test_interval_is_the_partnership_setting(overdue, django_capture_on_commit_callbacks):
    rr, request = overdue
    RapidReviewSettings.objects.create(partnership=rr.world.partnership, chase_interval_working_days=4)
    _run(D(2026, 3, 5), django_capture_on_commit_callbacks)
    assert _run(D(2026, 3, 10), django_capture_on_commit_callbacks) == 0
    assert _run(D(2026, 3, 11), django_capture_on_commit_callbacks) == 1


def test_submitted_and_withdrawn_requests_are_not_chased(rr, django_capture_on_commit_callbacks):
    with _at(D(2026, 3, 2)):
        first, second = rr.send(0, 1, due_on=D(2026, 3, 4))
        first.status = RequestStatus.SUBMITTED  # set directly: the rule only reads the status
        first.save(update_fields=["status"])
        services.agency_request_withdraw(
            actor=rr.world.people["business_manager"],
            request=second,
            expected_version=second.version,
            reason="Synthetic: no involvement",
        )
    assert _run(D(2026, 3, 5), django_capture_on_commit_callbacks) == 0


def test_request_page_shows_the_chases_and_the_list_shows_overdue(
    overdue, client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.fixtures import sign_in

    rr, request = overdue
    _run(D(2026, 3, 5), django_capture_on_commit_callbacks)
    with _at(D(2026, 3, 6)):
        sign_in(client, rr.world.people["business_unit_officer"])
        page = client.get(
            reverse("rapid_review:request", kwargs={"case_id": rr.world.case.pk, "request_id": request.pk})
        ).content.decode()
        assert "Reminders and chases" in page and "Author on 5 March 2026" in page
        listing = client.get(reverse("rapid_review:requests", kwargs={"case_id": rr.world.case.pk}))
        assert "Overdue (requested)" in listing.content.decode()


def test_tick_enqueues_the_chase(overdue, django_capture_on_commit_callbacks):
    with _at(D(2026, 3, 5)), django_capture_on_commit_callbacks(execute=True):
        call_command("tick", stdout=StringIO())
    assert RequestChase.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_in_parallel_send_each_step_once(world):
    """Two real database connections race for the same step: one inserts it, the other's insert waits on the
    unique constraint and then fails, so exactly one email is queued (PostgreSQL only)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    from safeguarding_reviews.rapid_review.services import RequestItem, agency_requests_send

    from .conftest import new_author, to_rapid_review

    to_rapid_review(world)
    author = new_author(world, world.agency, 9)
    with _at(D(2026, 3, 2)):
        [request] = agency_requests_send(
            actor=world.people["business_unit_officer"],
            case=world.case,
            items=[RequestItem(agency=world.agency, author=author)],
            due_on=D(2026, 3, 4),
        )
    mail.outbox.clear()
    results: list[bool] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        try:
            barrier.wait()
            results.append(services.request_chase(request=request, step="author"))
        finally:
            connections.close_all()

    with _at(D(2026, 3, 5)):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(results) == [False, True]
    assert RequestChase.objects.filter(request=request).count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.AGENCY_REQUEST_CHASED).count() == 1
