"""The possible-duplicate rule (chronology.duplicates): a table of cases and Hypothesis properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding_reviews.chronology.duplicates import (
    DuplicateCandidate,
    date_span,
    duplicate_pairs,
    possible_duplicates,
    text_similarity,
)

D = dt.date(2025, 3, 4)


def entry(
    id=1, agency=1, kind="home_visit", date=D, precision="exact", time=None, text="Home visit, no answer"
):
    return DuplicateCandidate(
        id=id, agency_id=agency, event_type=kind, date=date, precision=precision, time=time, text=text
    )


TABLE = [
    # (why, a, b, expected)
    ("same agency is never a duplicate", entry(), entry(id=2), False),
    ("two agencies, same day, same type, same words", entry(), entry(id=2, agency=2), True),
    ("different event type", entry(), entry(id=2, agency=2, kind="contact"), False),
    ("next day, exact dates", entry(), entry(id=2, agency=2, date=D + dt.timedelta(days=1)), False),
    (
        "approximate date within three days",
        entry(),
        entry(id=2, agency=2, date=D + dt.timedelta(days=3), precision="approximate"),
        True,
    ),
    (
        "approximate date four days away",
        entry(),
        entry(id=2, agency=2, date=D + dt.timedelta(days=4), precision="approximate"),
        False,
    ),
    (
        "month-only entry and a day in that month",
        entry(date=dt.date(2025, 3, 1), precision="month"),
        entry(id=2, agency=2, date=dt.date(2025, 3, 31)),
        True,
    ),
    (
        "month-only entry and a day in the next month",
        entry(date=dt.date(2025, 3, 1), precision="month"),
        entry(id=2, agency=2, date=dt.date(2025, 4, 1)),
        False,
    ),
    (
        "close times, different words",
        entry(time=dt.time(10, 0), text="Police attended"),
        entry(id=2, agency=2, time=dt.time(10, 45), text="Ambulance crew arrived"),
        True,
    ),
    (
        "times far apart, different words",
        entry(time=dt.time(10, 0), text="Police attended"),
        entry(id=2, agency=2, time=dt.time(16, 0), text="Ambulance crew arrived"),
        False,
    ),
    (
        "times far apart, but the same words",
        entry(time=dt.time(10, 0)),
        entry(id=2, agency=2, time=dt.time(16, 0), text="home visit: NO answer!"),
        True,
    ),
    (
        "no times, different words",
        entry(text="Mother phoned about housing"),
        entry(id=2, agency=2, text="School reported the child absent"),
        False,
    ),
    ("both empty texts are not similar", entry(text=""), entry(id=2, agency=2, text="  "), False),
]


@pytest.mark.parametrize(("why", "a", "b", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_rule_table(why, a, b, expected):
    assert possible_duplicates(a, b) is expected
    assert possible_duplicates(b, a) is expected


def test_normalised_words_ignore_case_and_punctuation():
    assert text_similarity("Home visit, NO answer.", "home visit no answer") == 1.0
    assert text_similarity("", "") == 0.0


def test_spans():
    assert date_span(dt.date(2024, 2, 10), "month") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert date_span(D, "approximate") == (dt.date(2025, 3, 1), dt.date(2025, 3, 7))
    assert date_span(D, "exact") == (D, D)


def test_pairs_sweep_finds_the_same_as_every_pair():
    entries = [
        entry(id=1),
        entry(id=2, agency=2),
        entry(id=3, agency=3, date=dt.date(2025, 3, 1), precision="month"),
        entry(id=4, agency=1, date=dt.date(2025, 6, 1)),
    ]
    assert duplicate_pairs(entries) == {1: [2, 3], 2: [1, 3], 3: [1, 2]}


words = st.sampled_from(["home", "visit", "no", "answer", "police", "school", "call", "seen"])
candidates = st.builds(
    DuplicateCandidate,
    id=st.integers(1, 10_000),
    agency_id=st.integers(1, 3),
    event_type=st.sampled_from(["home_visit", "contact"]),
    date=st.dates(dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
    precision=st.sampled_from(["exact", "month", "approximate"]),
    time=st.none() | st.times(),
    text=st.lists(words, max_size=6).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(candidates, candidates)
def test_symmetric_and_never_the_same_agency(a, b):
    assert possible_duplicates(a, b) == possible_duplicates(b, a)
    assert text_similarity(a.text, b.text) == text_similarity(b.text, a.text)
    if a.agency_id == b.agency_id:
        assert not possible_duplicates(a, b)


@settings(max_examples=100, deadline=None)
@given(st.lists(candidates, max_size=25, unique_by=lambda c: c.id))
def test_pairs_match_the_rule_for_every_pair(entries):
    pairs = duplicate_pairs(entries)
    for a in entries:
        expected = sorted(b.id for b in entries if b.id != a.id and possible_duplicates(a, b))
        assert pairs.get(a.id, []) == expected
    assert duplicate_pairs(list(reversed(entries))) == pairs
