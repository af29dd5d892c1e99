"""Possible duplicates (chronology.duplicates): a table of cases and Hypothesis properties."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguarding_reviews.chronology.duplicates import (
    DuplicateCandidate,
    closeness,
    duplicate_flags,
    duplicate_pairs,
    normalised_words,
    pair_key,
    possible_duplicate,
    words_match,
)
from safeguarding_reviews.chronology.spans import duplicate_span

D = dt.date(2025, 3, 4)
TEXT = "Home visit to mother and child, bruise on arm seen by health visitor"
SAME = "Health visitor home visit: bruise seen on the child's arm, mother present"


def entry(**kwargs):
    values: dict[str, Any] = {
        "id": 1,
        "agency_id": 1,
        "date": D,
        "precision": "exact",
        "time": None,
        "text": TEXT,
        "date_to": None,
    }
    values.update(kwargs)
    if "agency" in values:
        values["agency_id"] = values.pop("agency")
    return DuplicateCandidate(**values)


T = dt.time
TABLE = [
    # (name, a, b, expected reason or None)
    ("same day, no times", {}, {}, "same date"),
    ("same agency never", {}, {"agency": 1}, None),
    ("event type does not matter", {"event_type": "contact"}, {"event_type": "home_visit"}, "same date"),
    ("times 30 minutes apart", {"time": T(10, 0)}, {"time": T(10, 30)}, "same time"),
    ("times 31 minutes apart are different events", {"time": T(10, 0)}, {"time": T(10, 31)}, None),
    ("one time only: same date", {"time": T(10, 0)}, {}, "same date"),
    (
        "adjacent days, one without time",
        {"time": T(23, 0)},
        {"date": D + dt.timedelta(days=1)},
        "adjacent days",
    ),
    (
        "adjacent days, both timed exact: not flagged",
        {"time": T(23, 50)},
        {"date": D + dt.timedelta(days=1), "time": T(0, 10)},
        None,
    ),
    ("two days apart", {}, {"date": D + dt.timedelta(days=2)}, None),
    (
        "approximate reaches 3 days",
        {"precision": "approximate"},
        {"date": D + dt.timedelta(days=3)},
        "same date",
    ),
    (
        "approximate: 4 days is adjacent",
        {"precision": "approximate"},
        {"date": D + dt.timedelta(days=4)},
        "adjacent days",
    ),
    ("approximate: 5 days apart", {"precision": "approximate"}, {"date": D + dt.timedelta(days=5)}, None),
    (
        "a season span covers the exact date",
        {"date": dt.date(2025, 3, 1), "date_to": dt.date(2025, 5, 31), "precision": "season"},
        {"date": dt.date(2025, 4, 20), "time": T(9, 0)},
        "same date",
    ),
    (
        "a season and a date after it",
        {"date": dt.date(2025, 3, 1), "date_to": dt.date(2025, 5, 31), "precision": "season"},
        {"date": dt.date(2025, 6, 3)},
        None,
    ),
    (
        "a month and the 1st of the next",
        {"date": dt.date(2025, 3, 1), "date_to": dt.date(2025, 3, 31), "precision": "month"},
        {"date": dt.date(2025, 4, 1)},
        "adjacent days",
    ),
    ("different words", {}, {"text": "School reported attendance concerns to the local authority"}, None),
    (
        "short entries: all words shared",
        {"text": "Home visit, no answer"},
        {"text": "Home visit: no answer at the door"},
        "same date",
    ),
    (
        "short entries: one word shared",
        {"text": "Home visit"},
        {"text": "Visit cancelled by school nurse today"},
        None,
    ),
]


@pytest.mark.parametrize(("name", "a", "b", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_rule_table(name, a, b, expected):
    b = dict(b)
    first = entry(id=1, agency=1, **{k: v for k, v in a.items() if k != "event_type"})
    second = entry(id=2, agency=b.pop("agency", 2), **{k: v for k, v in b.items() if k != "event_type"})
    flag = possible_duplicate(first, second)
    assert (flag.why if flag else None) == expected
    other = possible_duplicate(second, first)
    assert (other.why if other else None) == expected


def test_the_flag_says_why():
    a = entry(id=1, agency=1, time=T(10, 0))
    b = entry(id=2, agency=2, time=T(10, 15), text=SAME)
    flag = possible_duplicate(a, b)
    assert flag is not None
    assert flag.reason == f"same time, {flag.words} words in common"
    assert flag.words == len(normalised_words(TEXT) & normalised_words(SAME)) >= 4
    c = entry(id=3, agency=3, date=D + dt.timedelta(days=1), text=SAME)
    flag = possible_duplicate(a, c)
    assert flag is not None and flag.reason.startswith("adjacent days, ")


def test_stop_words_are_not_counted():
    assert normalised_words("The child and the mother were at the home") == {"child", "mother", "home"}
    assert words_match("the and of to in at", "the and of to in at") is None


def test_spans():
    assert duplicate_span(D, "approximate") == (dt.date(2025, 3, 1), dt.date(2025, 3, 7))
    assert duplicate_span(D, "approximate", dt.date(2025, 3, 10)) == (D, dt.date(2025, 3, 10))
    assert duplicate_span(dt.date(2024, 2, 10), "month") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert duplicate_span(D, "exact") == (D, D)


def test_decided_pairs_are_never_flagged():
    a, b, c = entry(id=1, agency=1), entry(id=2, agency=2), entry(id=3, agency=3)
    assert duplicate_pairs([a, b, c]) == {1: [2, 3], 2: [1, 3], 3: [1, 2]}
    assert duplicate_pairs([a, b, c], {pair_key(2, 1)}) == {1: [3], 2: [3], 3: [1, 2]}


def test_closeness_of_spans_is_symmetric_for_adjacent_months():
    march = entry(id=1, date=dt.date(2025, 3, 1), date_to=dt.date(2025, 3, 31), precision="month")
    april = entry(id=2, agency=2, date=dt.date(2025, 4, 1), date_to=dt.date(2025, 4, 30), precision="month")
    assert closeness(march, april) == closeness(april, march) == "adjacent days"


words = st.sampled_from(
    ["home", "visit", "no", "answer", "police", "school", "call", "seen", "bruise", "mother"]
)


@st.composite
def candidates(draw):
    precision = draw(st.sampled_from(["exact", "month", "approximate", "season", "year"]))
    date = draw(st.dates(dt.date(2024, 1, 1), dt.date(2024, 3, 31)))
    date_to = None
    if precision == "month":
        date = date.replace(day=1)
        date_to = duplicate_span(date, "month")[1]
    elif precision in ("season", "year"):
        date_to = date + dt.timedelta(days=draw(st.integers(0, 120)))
    return DuplicateCandidate(
        id=draw(st.integers(1, 10_000)),
        agency_id=draw(st.integers(1, 3)),
        date=date,
        date_to=date_to,
        precision=precision,
        time=draw(st.none() | st.times()),
        text=" ".join(draw(st.lists(words, max_size=8))),
    )


@settings(max_examples=300, deadline=None)
@given(candidates(), candidates())
def test_symmetric_and_never_the_same_agency(a, b):
    if a.id == b.id:
        return
    flag_ab, flag_ba = possible_duplicate(a, b), possible_duplicate(b, a)
    assert (flag_ab is None) == (flag_ba is None)
    if flag_ab is not None and flag_ba is not None:
        assert (flag_ab.why, flag_ab.words) == (flag_ba.why, flag_ba.words)
    if a.agency_id == b.agency_id:
        assert flag_ab is None


@settings(max_examples=100, deadline=None)
@given(st.lists(candidates(), max_size=25, unique_by=lambda c: c.id))
def test_sweep_finds_exactly_the_pairs_the_rule_gives(entries):
    flags = duplicate_flags(entries)
    for a in entries:
        expected = sorted(b.id for b in entries if b.id != a.id and possible_duplicate(a, b))
        assert [f.other_id for f in flags.get(a.id, [])] == expected
    assert duplicate_flags(list(reversed(entries))) == flags
