"""The merged page's possible-duplicate flags and silent periods, with the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.chronology.models import ChronologyEntry
from safeguarding_reviews.chronology.ordering import sort_columns
from safeguarding_reviews.chronology.selectors import (
    DUPLICATES_SHOWN,
    PAGE_SIZE,
    Filters,
    case_silent_periods,
    cursor_for,
    merged_entries,
)
from safeguarding_reviews.chronology.services import chronology_entry_add, duplicate_pairs_store
from safeguarding_reviews.clocks.models import ClockSettings
from tests.factories import AgencyFactory
from tests.fixtures import sign_in


@pytest.fixture
def police(world):
    return AgencyFactory.create(partnership=world.partnership, name="Alphashire Test Police")


def _add(world, agency=None, **kwargs):
    values = {
        "actor": world.people["business_unit_officer"],
        "case": world.case,
        "agency": agency or world.agency,
        "date": dt.date(2025, 2, 3),
        "event_type": "home_visit",
        "what_happened": "Home visit, no answer at the door.",
    }
    return chronology_entry_add(**(values | kwargs))


def test_an_entry_shows_its_first_few_possible_duplicates_and_counts_the_rest(world, client, police):
    """An entry like many others shows DUPLICATES_SHOWN of them with their buttons; the rest are counted and
    take their place as these are decided."""
    first = _add(world)
    others = DUPLICATES_SHOWN + 2
    for _ in range(others):
        _add(world, police, what_happened="Officers did a home visit: no answer at the door")
    sign_in(client, world.people["business_unit_officer"])
    response = _page(client, world)
    (row,) = [row for row in response.context["rows"] if row[0].pk == first.pk]
    assert len(row[1]) == DUPLICATES_SHOWN and row[2] == 2
    assert "And 2 more possible duplicates of this entry: they appear here as these are decided." in (
        response.content.decode()
    )
    # Each entry's links (reversed once a page, the entry's id put in) are the ones Django reverses.
    body = response.content.decode()
    for name in ("chronology:entry_correct", "chronology:entry_withdraw", "chronology:entry_history"):
        assert f'href="{reverse(name, args=[world.case.pk, first.pk])}"' in body
    assert f'action="{reverse("chronology:duplicate_decide", args=[world.case.pk])}"' in body


def _page(client, world, **params):
    response = client.get(reverse("chronology:merged", args=[world.case.pk]), params)
    assert response.status_code == 200
    return response


def test_duplicate_flag_and_silent_period_shown(world, client, police):
    first = _add(world)
    second = _add(world, police, what_happened="Officers did a home visit: no answer at the door")
    _add(world, date=dt.date(2025, 3, 20), event_type="contact", what_happened="Phone call.")
    sign_in(client, world.people["business_unit_officer"])
    body = _page(client, world).content.decode()
    assert "Possible duplicate of Alphashire Test Police entry 1" in body
    assert "Possible duplicate of Alphashire Test Hospital entry 1" in body
    # Each flag links to the other entry's row (issue 18, item 9).
    assert f'href="#entry-{second.pk}">Possible duplicate of Alphashire Test Police entry 1</a>' in body
    assert f'href="#entry-{first.pk}">Possible duplicate of Alphashire Test Hospital entry 1</a>' in body
    assert body.count("No agency contact for 45 days: 3 February 2025 to 20 March 2025") == 2  # list + row


def test_duplicates_only_filter(world, client, police):
    _add(world)
    _add(world, police)
    _add(world, date=dt.date(2025, 2, 4), what_happened="Visit the next day, seen.")
    sign_in(client, world.people["business_unit_officer"])
    response = _page(client, world, duplicates_only="on")
    assert [e.agency_order for e in response.context["entries"]] == [1, 1]
    assert "Visit the next day" not in response.content.decode()
    response = _page(client, world, duplicates_only="on", agency=police.pk)
    assert [e.agency_id for e in response.context["entries"]] == [police.pk]


def test_restricted_entry_never_causes_a_flag_or_hides_a_silence(world, client, police):
    _add(world)
    _add(
        world,
        police,
        restricted_to_roles=["delegate_police"],
        what_happened="Intelligence: home visit, no answer at the door.",
    )
    _add(world, police, date=dt.date(2025, 3, 1), restricted_to_roles=["delegate_police"])
    _add(world, date=dt.date(2025, 3, 20), event_type="contact", what_happened="Phone call.")
    sign_in(client, world.people["delegate_icb"])
    body = _page(client, world).content.decode()
    assert "Possible duplicate of" not in body and "Intelligence" not in body
    assert "No agency contact for 45 days" in body
    assert "Possible duplicate of" not in _page(client, world, duplicates_only="on").content.decode()
    sign_in(client, world.people["delegate_police"])
    body = _page(client, world).content.decode()
    assert "Possible duplicate of Alphashire Test Hospital entry 1" in body
    assert "No agency contact" not in body  # the police entry on 1 March breaks the silence for them


def test_silence_setting_comes_from_the_partnership(world, police):
    _add(world)
    _add(world, date=dt.date(2025, 3, 20), event_type="contact")
    user = world.people["business_unit_officer"]
    ClockSettings.objects.create(partnership=world.partnership, chronology_silence_days=60)
    assert case_silent_periods(world.case, user, 60) == []
    assert len(case_silent_periods(world.case, user, 28)) == 1


def test_silent_period_before_the_first_entry_of_a_later_page(world, client):
    for i in range(PAGE_SIZE):
        _bulk_one(world, dt.date(2024, 1, 1), i + 1)
    _bulk_one(world, dt.date(2024, 6, 1), PAGE_SIZE + 1)
    sign_in(client, world.people["business_unit_officer"])
    first = _page(client, world)
    assert not any(silences for _, _, _, silences, _, _ in first.context["rows"])
    second = client.get(f"{reverse('chronology:merged', args=[world.case.pk])}?{first.context['next_query']}")
    rows = second.context["rows"]
    assert len(rows) == 1 and [p.days for p in rows[0][3]] == [152]


def test_unreadable_cursor_shows_the_first_page_with_a_message(world, client):
    _add(world)
    sign_in(client, world.people["business_unit_officer"])
    response = _page(client, world, after="not-a-cursor")
    body = response.content.decode()
    assert "That page link could not be read, so this is the first page." in body
    assert len(response.context["entries"]) == 1 and not response.context["is_later_page"]


def _bulk_one(world, date, order, agency=None, **kwargs):
    ChronologyEntry.objects.create(
        case=world.case,
        agency=agency or world.agency,
        date=date,
        event_type=kwargs.get("event_type", "contact"),
        what_happened=kwargs.get("text", f"Entry {order}"),
        agency_order=order,
        created_by=world.people["business_unit_officer"],
        **sort_columns(date, "exact", None),
    )


def _bulk(world, police, count):
    """Data-volume helper with duplicates (a police twin of every tenth entry) and silent gaps."""
    start = dt.date(2020, 1, 1)
    rows = []
    for i in range(count):
        date = start + dt.timedelta(days=(i // 5) * 3 + (40 if i % 50 == 49 else 0))
        rows.append(
            ChronologyEntry(
                case=world.case,
                agency=world.agency,
                date=date,
                event_type="contact",
                what_happened=f"Contact number {i} about school",
                agency_order=i + 1,
                created_by=world.people["business_unit_officer"],
                **sort_columns(date, "exact", None),
            )
        )
        if i % 10 == 0:
            rows.append(
                ChronologyEntry(
                    case=world.case,
                    agency=police,
                    date=date,
                    event_type="contact",
                    what_happened=f"Contact number {i} about school",
                    agency_order=i + 1,
                    created_by=world.people["business_unit_officer"],
                    **sort_columns(date, "exact", None),
                )
            )
    ChronologyEntry.objects.bulk_create(rows, batch_size=500)
    # A bulk insert bypasses the services, which store each added entry's possible-duplicate pairs.
    duplicate_pairs_store(case=world.case)


@pytest.mark.parametrize("mode", ["all", "duplicates_only", "second_page"])
def test_fixed_queries_with_flags_at_10_and_1200_entries(world, client, police, mode):
    sign_in(client, world.people["business_unit_officer"])
    url = reverse("chronology:merged", args=[world.case.pk])
    counts = []
    for total in (10, 1200):
        ChronologyEntry.objects.all().delete()
        _bulk(world, police, total)
        params = {"duplicates_only": "on"} if mode == "duplicates_only" else {}
        if mode == "second_page":
            fifth = list(merged_entries(world.case, world.people["business_unit_officer"])[:5])[-1]
            params = {"after": cursor_for(fifth)}
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        assert response.context["entries"]
        assert any(dups for _, dups, _, _, _, _ in response.context["rows"])
        if total > 10:
            assert response.context["silent_periods"]
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_filters_round_trip():
    filters = Filters(agency_id=3, date_from=dt.date(2025, 1, 1), key_only=True, duplicates_only=True)
    assert Filters.from_data(filters.as_data()) == filters
