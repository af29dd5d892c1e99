"""The page cursor (`?after=`): security finding 3. Pure table and property tests of chronology.cursor, and
the merged page's answer to a crafted cursor on the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from safeguarding_reviews.chronology.cursor import (
    MAX_NUMBER,
    MergeKey,
    format_cursor,
    parse_cursor,
)
from safeguarding_reviews.chronology.selectors import cursor_for, merged_entries
from safeguarding_reviews.chronology.services import chronology_entry_add
from tests.fixtures import sign_in

REPORTED_PAYLOAD = "20261001.1.000000.99999999999999999999.1.1"  # the 500 in the report (OverflowError)
BAD_CURSOR_MESSAGE = "That page link could not be read, so this is the first page."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20250304.1.143000.12.3.4567", MergeKey(dt.date(2025, 3, 4), True, dt.time(14, 30), 12, 3, 4567)),
        ("20250304.0.000000.0.0.0", MergeKey(dt.date(2025, 3, 4), False, dt.time(0, 0), 0, 0, 0)),
        ("00010101.0.000000.1.1.1", MergeKey(dt.date(1, 1, 1), False, dt.time(0, 0), 1, 1, 1)),
        ("99991231.1.235959.1.1.1", MergeKey(dt.date(9999, 12, 31), True, dt.time(23, 59, 59), 1, 1, 1)),
        (f"20250304.0.000000.{MAX_NUMBER}.{MAX_NUMBER}.{MAX_NUMBER}", (MAX_NUMBER,) * 3),
        ("20250304.0.000000.007.01.0001", MergeKey(dt.date(2025, 3, 4), False, dt.time(0, 0), 7, 1, 1)),
    ],
)
def test_readable_cursors(text, expected):
    key = parse_cursor(text)
    assert key is not None
    if len(expected) == 3:
        assert key[3:] == expected
    else:
        assert key == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(REPORTED_PAYLOAD, id="reported-payload-20-digit-agency"),
        pytest.param(f"20250304.0.000000.1.1.{MAX_NUMBER + 1}", id="2**63"),
        pytest.param(f"20250304.0.000000.{2**63}.1.1", id="2**63-agency"),
        pytest.param(f"20250304.0.000000.1.{10**30}.1", id="10**30"),
        pytest.param("20250304.0.000000.1.1." + "9" * 5000, id="5000-digits"),
        pytest.param("20250304.0.000000.-1.1.1", id="negative-agency"),
        pytest.param("20250304.0.000000.1.-5.1", id="negative-order"),
        pytest.param("20250304.0.000000.1.1.+1", id="plus-sign"),
        pytest.param("-20250304.0.000000.1.1.1", id="negative-date"),
        pytest.param("20250304.0.000000.1.1.1e3", id="exponent"),
        pytest.param("20250304.0.000000.1.1.x", id="non-digit"),
        pytest.param("2025030a.0.000000.1.1.1", id="non-digit-date"),
        pytest.param("20250304.0.000000.1.1. 1", id="space"),
        pytest.param("20250304.0.000000.1.1.1\n", id="trailing-newline"),
        pytest.param("20250304.0.000000.1.1.1\x00", id="NUL"),
        pytest.param("2025\x000304.0.000000.1.1.1", id="NUL-in-date"),
        pytest.param("20250304.0.000000.1.1.", id="empty-last-part"),
        pytest.param("20250304..000000.1.1.1", id="empty-middle-part"),
        pytest.param(".....", id="all-empty"),
        pytest.param("", id="empty"),
        pytest.param("20250304.0.000000.1.1", id="too-few-parts"),
        pytest.param("20250304.0.000000.1.1.1.1", id="too-many-parts"),
        pytest.param("20250304", id="one-part"),
        pytest.param("20250304.0.000000.١٢.1.1", id="arabic-indic-digits"),
        pytest.param("٢٠٢٥٠٣٠٤.0.000000.1.1.1", id="arabic-indic-date"),
        pytest.param("20250304.0.000000.１.1.1", id="fullwidth-digit"),
        pytest.param("20250304.0.000000.².1.1", id="superscript-two"),
        pytest.param("20250304.2.000000.1.1.1", id="has-time-not-0-or-1"),
        pytest.param("20251304.0.000000.1.1.1", id="month-13"),
        pytest.param("20250230.0.000000.1.1.1", id="30-february"),
        pytest.param("00000101.0.000000.1.1.1", id="year-0"),
        pytest.param("20250304.0.240000.1.1.1", id="hour-24"),
        pytest.param("20250304.0.126000.1.1.1", id="minute-60"),
        pytest.param("2025-03-04.0.000000.1.1.1", id="iso-date"),
        pytest.param("202503041.0.000000.1.1.1", id="nine-digit-date"),
        pytest.param("20250304.0.00000.1.1.1", id="five-digit-time"),
        pytest.param("20250304,0,000000,1,1,1", id="commas"),
    ],
)
def test_unreadable_cursors(text):
    assert parse_cursor(text) is None


@pytest.mark.parametrize("value", [None, 12, b"20250304.0.000000.1.1.1", ["x"]])
def test_not_a_string_is_unreadable(value):
    assert parse_cursor(value) is None


@given(st.text())
@example(REPORTED_PAYLOAD)
@example("20250304.0.000000.١٢.1.1")
@example("\x00")
def test_any_string_is_a_bounded_key_or_unreadable(text):
    """Whatever arrives in ?after=, the answer is None or a key every database can compare: no exception."""
    key = parse_cursor(text)
    if key is None:
        return
    assert isinstance(key.sort_date, dt.date) and isinstance(key.sort_time, dt.time)
    assert all(0 <= number <= MAX_NUMBER for number in key[3:])
    assert parse_cursor(format_cursor(key)) == key


cursor_like = st.builds(
    lambda parts: ".".join(parts),
    st.lists(
        st.one_of(st.from_regex(r"\A[0-9]{1,25}\Z"), st.text(max_size=4), st.just("")), min_size=4, max_size=8
    ),
)


@given(cursor_like)
def test_near_miss_cursors_are_bounded_or_unreadable(text):
    """Dot-separated runs of digits (what a hand-edited link looks like) reach the bounds checks."""
    key = parse_cursor(text)
    assert key is None or all(0 <= number <= MAX_NUMBER for number in key[3:])


@given(
    st.dates(),
    st.booleans(),
    st.times().map(lambda t: t.replace(microsecond=0)),
    st.integers(0, MAX_NUMBER),
    st.integers(0, MAX_NUMBER),
    st.integers(0, MAX_NUMBER),
)
def test_round_trip(sort_date, has_time, sort_time, agency_id, agency_order, entry_id):
    key = MergeKey(sort_date, has_time, sort_time, agency_id, agency_order, entry_id)
    assert parse_cursor(format_cursor(key)) == key


# --- the page, on the database (SQLite, and PostgreSQL with DATABASE_URL) -----------------------------------


@pytest.fixture
def two_entries(world):
    officer = world.people["business_unit_officer"]
    for day in (3, 4):
        chronology_entry_add(
            actor=officer,
            case=world.case,
            agency=world.agency,
            date=dt.date(2025, 3, day),
            event_type="home_visit",
            what_happened=f"Synthetic visit {day}.",
        )
    return officer


@pytest.mark.parametrize(
    "after",
    [
        REPORTED_PAYLOAD,
        f"20261001.1.000000.1.1.{2**63}",
        f"20261001.1.000000.1.{10**30}.1",
        "20261001.1.000000.-1.1.1",
        "20261001.1.000000.١٢.1.1",
        "20261001.1.000000.1.1.1\x00",
        "20261001.1.000000..1.1",
    ],
)
@pytest.mark.parametrize("duplicates_only", [False, True])
def test_crafted_cursor_gives_the_first_page_with_a_message(
    world, client, two_entries, after, duplicates_only
):
    sign_in(client, two_entries)
    params = {"after": after, **({"duplicates_only": "on"} if duplicates_only else {})}
    response = client.get(reverse("chronology:merged", args=[world.case.pk]), params)
    assert response.status_code == 200
    assert BAD_CURSOR_MESSAGE in response.content.decode()
    assert response.context["bad_cursor"] is True
    if not duplicates_only:
        assert [e.what_happened for e in response.context["entries"]] == [
            "Synthetic visit 3.",
            "Synthetic visit 4.",
        ]


def test_a_real_cursor_still_pages(world, client, two_entries):
    sign_in(client, two_entries)
    first = merged_entries(world.case, two_entries).first()
    assert first is not None
    response = client.get(reverse("chronology:merged", args=[world.case.pk]), {"after": cursor_for(first)})
    assert response.status_code == 200 and response.context["bad_cursor"] is False
    assert [e.what_happened for e in response.context["entries"]] == ["Synthetic visit 4."]
    assert BAD_CURSOR_MESSAGE not in response.content.decode()


def test_the_largest_readable_cursor_is_safe_on_the_database(world, client, two_entries):
    """Bounded values reach the SQL: the biggest one the cursor allows must not overflow either database."""
    sign_in(client, two_entries)
    after = f"20250303.1.000000.{MAX_NUMBER}.{MAX_NUMBER}.{MAX_NUMBER}"
    response = client.get(reverse("chronology:merged", args=[world.case.pk]), {"after": after})
    assert response.status_code == 200 and response.context["bad_cursor"] is False
    assert [e.what_happened for e in response.context["entries"]] == ["Synthetic visit 4."]
