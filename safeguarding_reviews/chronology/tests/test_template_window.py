"""The template import (the app's own 10-column file) warns, like the mapping preview, about dates outside the
period the agency was asked to cover: the importer ticks "I have checked these dates" to import them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.chronology import dates, importer
from safeguarding_reviews.chronology.models import ChronologyEntry
from tests.fixtures import sign_in

from .test_mapping import _author_request

pytestmark = pytest.mark.django_db

D = dt.date
HEAD = (
    "Date,Precision,Time,Agency,Source record,Event type,What happened,"
    "Practitioner role,Key episode,Analysis\n"
)
PERIOD = (D(2025, 1, 1), D(2025, 6, 30))


def _row(number, date, agency_id=1, parsed=None):
    return importer.ParsedRow(
        row=number,
        date=date,
        precision="exact",
        time=None,
        agency_id=agency_id,
        source_record="",
        event_type="contact",
        what_happened="Synthetic.",
        practitioner_role="",
        is_key_episode=False,
        analysis="",
        parsed_date=parsed,
    )


SPRING_2024 = dates.ParsedDate(D(2024, 3, 1), D(2024, 5, 31), dates.SEASON, None, "Spring 2024")
LATE_2024 = dates.ParsedDate(D(2024, 9, 1), D(2025, 1, 31), dates.APPROXIMATE, None, "c. late 2024")


@pytest.mark.parametrize(
    ("row", "windows", "rows_warned"),
    [
        (_row(2, D(2025, 3, 4)), {1: PERIOD}, []),
        (_row(2, D(2024, 12, 31)), {1: PERIOD}, [2]),
        (_row(3, D(2025, 7, 1)), {1: PERIOD}, [3]),
        (_row(2, D(2025, 1, 1)), {1: PERIOD}, []),  # the ends are inside
        (_row(2, D(2025, 6, 30)), {1: PERIOD}, []),
        (_row(2, D(2020, 1, 1)), {1: None}, []),  # no period set: nothing to warn of
        (_row(2, D(2020, 1, 1)), {}, []),  # an agency with no request
        (_row(2, D(2020, 1, 1)), {1: (None, D(2025, 6, 30))}, []),  # open start
        (_row(2, D(2026, 1, 1)), {1: (D(2025, 1, 1), None)}, []),  # open end
        (_row(2, D(2024, 3, 1), parsed=SPRING_2024), {1: PERIOD}, [2]),  # the whole span is before
        (_row(2, D(2024, 9, 1), parsed=LATE_2024), {1: PERIOD}, []),  # the span reaches into the period
        (_row(2, D(2024, 1, 1), agency_id=2), {1: PERIOD, 2: None}, []),  # each agency its own period
    ],
)
def test_window_warnings(row, windows, rows_warned):
    assert [w.row for w in importer.window_warnings([row], windows)] == rows_warned


def _request_with_period(world):
    return _author_request(world, period=PERIOD)


def _file(world, *dates_):
    text = HEAD + "".join(f"{d:%d/%m/%Y},exact,,{world.agency.name},,Contact,Synthetic.,,,\n" for d in dates_)
    return SimpleUploadedFile("c.csv", text.encode(), content_type="text/csv")


def _imported_event():
    return AuditEvent.objects.filter(event_type=EventType.CHRONOLOGY_IMPORTED).get()


@pytest.mark.parametrize("who", ["business_unit_officer", "agency_author"])
def test_a_date_outside_the_period_needs_the_box_then_imports(world, client, who):
    request = _request_with_period(world)
    sign_in(client, world.people[who])
    if who == "agency_author":
        url = reverse("rapid_review:request_chronology_import", args=[world.case.pk, request.pk])
    else:
        url = reverse("chronology:import", args=[world.case.pk])
    response = client.post(url, {"file": _file(world, D(2025, 3, 4), D(2024, 3, 4))})
    assert response.status_code == 400
    body = response.content.decode()
    assert "1 date is outside the period the agency was asked to cover" in body
    assert "is before the review period (01/01/2025)" in body
    assert "Tick to say you have checked the dates outside the period to cover" in body
    assert 'name="dates_checked"' in body
    assert not ChronologyEntry.objects.exists()
    response = client.post(url, {"file": _file(world, D(2025, 3, 4), D(2024, 3, 4)), "dates_checked": "on"})
    assert response.status_code == 302
    assert ChronologyEntry.objects.count() == 2
    assert _imported_event().data["date_warnings_accepted"] == 1


def test_no_box_offered_when_every_date_is_inside_the_period(world, client):
    _request_with_period(world)
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("chronology:import", args=[world.case.pk])
    assert 'name="dates_checked"' not in client.get(url).content.decode()
    response = client.post(url, {"file": _file(world, D(2025, 3, 4))})
    assert response.status_code == 302
    assert _imported_event().data["date_warnings_accepted"] == 0
