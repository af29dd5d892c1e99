"""Each request keeps its own time on the partnership's local calendar: due date from the day it was sent,
restarted when the return is sent back with questions, and the chase ladder following the current round."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from safeguarding_reviews.rapid_review import services
from safeguarding_reviews.rapid_review.models import RETURN_SECTIONS, RequestChase, RequestStatus
from safeguarding_reviews.working_days.models import ClosureDay
from tests.fixtures import sign_in

D = dt.date
FULL = {name: f"Synthetic {name}." for name, _ in RETURN_SECTIONS}


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC), tick=False)


def _closed(rr, day: dt.date) -> None:
    ClosureDay.objects.create(
        partnership=rr.world.partnership,
        date=day,
        reason="Synthetic closure",
        created_by=rr.world.people["business_manager"],
        created_at=timezone.now(),
    )


def _submit(request, author):
    services.agency_return_save(
        actor=author, request=request, expected_version=request.agency_return.version, values=FULL
    )
    request.refresh_from_db()
    return services.agency_return_submit(actor=author, request=request, expected_version=request.version)


def _send_back(rr, request, day: dt.date):
    with _at(day):
        return services.agency_return_send_back(
            actor=rr.world.people["business_unit_officer"],
            request=request,
            expected_version=request.version,
            questions="What happened next?",
        )


def test_default_due_date_skips_the_partnerships_closure_days(rr):
    case = rr.world.case
    before = services.default_due_on(case, start=D(2026, 11, 2))
    _closed(rr, D(2026, 11, 4))
    assert services.default_due_on(case, start=D(2026, 11, 2)) == before + dt.timedelta(days=1)


def test_send_keeps_the_working_days_and_send_back_restarts_them(rr):
    _closed(rr, D(2026, 3, 16))  # Monday: the business unit is closed
    with _at(D(2026, 3, 2)):
        [request] = rr.send(0, due_on=D(2026, 3, 6))  # Monday -> Friday: 4 working days
    assert (request.working_days, request.round, request.round_started_on) == (4, 1, D(2026, 3, 2))
    with _at(D(2026, 3, 5)):
        request = _submit(request, rr.authors[0])
    request = _send_back(rr, request, D(2026, 3, 12))  # Thursday
    # Fri 13, (weekend), (Mon 16 closed), Tue 17, Wed 18, Thu 19.
    assert (request.due_on, request.round, request.round_started_on) == (D(2026, 3, 19), 2, D(2026, 3, 12))
    assert request.status == RequestStatus.RETURNED


def test_an_older_request_without_working_days_counts_from_its_sent_date(rr):
    with _at(D(2026, 3, 2)):
        [request] = rr.send(0, due_on=D(2026, 3, 4))
    type(request).objects.filter(pk=request.pk).update(working_days=None, round_started_on=None)
    request.refresh_from_db()
    request = _submit(request, rr.authors[0])
    request = _send_back(rr, request, D(2026, 3, 10))  # Tuesday
    assert (request.working_days, request.due_on) == (2, D(2026, 3, 12))


def test_the_chase_ladder_starts_again_in_the_new_round(rr, django_capture_on_commit_callbacks):
    def run(day):
        with _at(day), django_capture_on_commit_callbacks(execute=True):
            return services.chases_run()

    with _at(D(2026, 3, 2)):
        [request] = rr.send(0, due_on=D(2026, 3, 4))
    assert run(D(2026, 3, 5)) == 1  # the author, round 1
    with _at(D(2026, 3, 6)):
        request = _submit(request, rr.authors[0])
    request = _send_back(rr, request, D(2026, 3, 9))
    assert request.due_on == D(2026, 3, 11)
    mail.outbox.clear()
    assert run(D(2026, 3, 9)) == 0  # the day it was sent back: its own email has just gone
    assert run(D(2026, 3, 10)) == 1  # the new round's reminder, two working days before its due date
    assert run(D(2026, 3, 11)) == 0  # due today in the new round: not chased
    assert run(D(2026, 3, 12)) == 1
    assert [m.to for m in mail.outbox] == [["author0@test.example"], ["author0@test.example"]]
    rounds = list(RequestChase.objects.filter(request=request).values_list("round", "step", "chased_on"))
    assert rounds == [
        (1, "author", D(2026, 3, 5)),
        (2, "due_soon", D(2026, 3, 10)),
        (2, "author", D(2026, 3, 12)),
    ]


def test_the_pages_show_each_requests_own_time(rr, client):
    with _at(D(2026, 3, 2)):
        first, second = rr.send(0, 1, due_on=D(2026, 3, 4))
    with _at(D(2026, 3, 5)):
        sign_in(client, rr.world.people["business_unit_officer"])
        listing = client.get(reverse("rapid_review:requests", kwargs={"case_id": rr.world.case.pk}))
        assert listing.status_code == 200
        assert listing.content.decode().count('<span class="govuk-body-s">Overdue</span>') == 2
        page = client.get(
            reverse("rapid_review:request", kwargs={"case_id": rr.world.case.pk, "request_id": first.pk})
        )
        assert "Overdue" in page.content.decode()
