"""The merge order: total and stable for any set of entries (Hypothesis), and the same in the database."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding_reviews.chronology.ordering import EntryKey, effective_date, merge_key, merge_order
from safeguarding_reviews.chronology.selectors import Filters, merged_entries, merged_page
from safeguarding_reviews.chronology.services import chronology_entry_add
from tests.factories import AgencyFactory

PRECISIONS = ["exact", "month", "approximate"]
times = st.one_of(
    st.none(), st.sampled_from([dt.time(0, 0), dt.time(9, 30), dt.time(9, 30, 1), dt.time(23, 59)])
)


@st.composite
def entry_sets(draw):
    n = draw(st.integers(min_value=0, max_value=40))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=n, max_size=n, unique=True))
    entries = []
    for entry_id in ids:
        entries.append(
            EntryKey(
                id=entry_id,
                agency_id=draw(st.integers(1, 3)),
                agency_order=draw(st.integers(1, 5)),
                date=draw(st.dates(dt.date(2024, 1, 1), dt.date(2024, 3, 31))),
                precision=draw(st.sampled_from(PRECISIONS)),
                time=draw(times),
            )
        )
    return entries


@settings(max_examples=1000, deadline=None)
@given(entry_sets(), st.randoms(use_true_random=False))
def test_order_is_total_and_stable(entries, rnd):
    ordered = merge_order(entries)
    # Total: no two entries share a key, so no tie is left to chance.
    keys = [merge_key(e) for e in ordered]
    assert len(set(keys)) == len(keys)
    assert keys == sorted(keys)
    # Stable: any input order gives the same result.
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert merge_order(shuffled) == ordered
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        a = effective_date(earlier.date, earlier.precision)
        b = effective_date(later.date, later.precision)
        assert a <= b
        if a == b and (earlier.time is None) != (later.time is None):
            assert earlier.time is None  # no time first
        if a == b and earlier.time == later.time and earlier.agency_id == later.agency_id:
            assert (earlier.agency_order, earlier.id) < (later.agency_order, later.id)


@settings(max_examples=1000, deadline=None)
@given(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), st.integers(2, 28))
def test_month_precision_sorts_at_start_of_month(day_one, day):
    month = EntryKey(id=2, agency_id=9, agency_order=9, date=day_one, precision="month", time=None)
    exact = EntryKey(
        id=1, agency_id=1, agency_order=1, date=day_one.replace(day=day), precision="exact", time=None
    )
    first_exact = EntryKey(
        id=3, agency_id=1, agency_order=2, date=day_one.replace(day=1), precision="exact", time=None
    )
    assert merge_order([exact, month]) == [month, exact]
    # On the 1st itself the tie goes to the agency, never to which precision or text.
    assert merge_order([month, first_exact]) == [first_exact, month]


def _random_entries(world, seed: int, count: int):
    rnd = random.Random(seed)
    agencies = [
        world.agency,
        AgencyFactory.create(partnership=world.partnership),
        AgencyFactory.create(partnership=world.partnership),
    ]
    actor = world.people["business_unit_officer"]
    for _ in range(count):
        chronology_entry_add(
            actor=actor,
            case=world.case,
            agency=rnd.choice(agencies),
            date=dt.date(2024, rnd.randint(1, 2), rnd.choice([1, 1, 2, 15, 28])),
            date_precision=rnd.choice(PRECISIONS),
            time=rnd.choice([None, None, dt.time(9, 0), dt.time(14, 30)]),
            event_type="contact",
            what_happened=rnd.choice(["a", "b", "Z", "0"]),  # text must never decide
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_database_order_matches_pure_order(world, seed):
    """Runs on SQLite and PostgreSQL alike (the suite runs on both)."""
    _random_entries(world, seed, 60)
    user = world.people["business_manager"]
    from_db = list(merged_entries(world.case, user))
    assert [e.pk for e in from_db] == [e.pk for e in merge_order(from_db)]
    # Keyset pages walk the same order.
    import safeguarding_reviews.chronology.selectors as selectors

    original = selectors.PAGE_SIZE
    selectors.PAGE_SIZE = 7
    try:
        walked: list[int] = []
        cursor: str | None = ""
        while True:
            page, cursor = merged_page(world.case, user, Filters(), cursor or "")
            walked.extend(e.pk for e in page)
            if not cursor:
                break
    finally:
        selectors.PAGE_SIZE = original
    assert walked == [e.pk for e in from_db]
