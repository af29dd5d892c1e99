"""Possible duplicates: the same event reported by two agencies. A pure rule (no database).

Two entries are possible duplicates when all of these hold:

1. they come from **different agencies** (one agency's own entries are never flagged against each other);
2. they have the **same event type**;
3. their **dates can be the same day**: each entry covers a span of days (`date_span`): an exact date covers
   that day, an approximate date covers `APPROXIMATE_DAYS` either side of it, a month-only date covers the
   whole month. The spans must overlap;
4. and **either** both have a time and the times are at most `CLOSE_MINUTES` apart, **or** what they say is
   similar: the similarity (`text_similarity`) of their normalised words is at least `SIMILAR_TEXT`.

Normalised words: lower case, runs of letters and digits only. Similarity: difflib's ratio over the two word
lists, always taken with the lists in sorted order so that it does not depend on which entry comes first.
The rule is symmetric by construction and deterministic (no randomness, no database).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

APPROXIMATE_DAYS = 3
CLOSE_MINUTES = 60
SIMILAR_TEXT = 0.6
# How far a span can reach before or after an entry's sort date (for bounding a database query).
SPAN_BEFORE_SORT_DATE = dt.timedelta(days=APPROXIMATE_DAYS)
SPAN_AFTER_SORT_DATE = dt.timedelta(days=31)

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class DuplicateCandidate:
    id: int
    agency_id: int
    event_type: str
    date: dt.date
    precision: str
    time: dt.time | None
    text: str


def date_span(date: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """The first and last day an entry's date may stand for."""
    if precision == "month":
        first = date.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following - dt.timedelta(days=1)
    if precision == "approximate":
        reach = dt.timedelta(days=APPROXIMATE_DAYS)
        return date - reach, date + reach
    return date, date


@lru_cache(maxsize=8192)
def normalised_words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def text_similarity(a: str, b: str) -> float:
    """0.0 to 1.0; the same whichever way round the two texts are given."""
    first, second = sorted((normalised_words(a), normalised_words(b)))
    if not first and not second:
        return 0.0
    return difflib.SequenceMatcher(None, first, second, autojunk=False).ratio()


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def possible_duplicates(a: DuplicateCandidate, b: DuplicateCandidate) -> bool:
    if a.agency_id == b.agency_id or a.event_type != b.event_type:
        return False
    a_first, a_last = date_span(a.date, a.precision)
    b_first, b_last = date_span(b.date, b.precision)
    if a_first > b_last or b_first > a_last:
        return False
    if a.time is not None and b.time is not None:
        if abs(_minutes(a.time) - _minutes(b.time)) <= CLOSE_MINUTES:
            return True
    return text_similarity(a.text, b.text) >= SIMILAR_TEXT


def duplicate_pairs(entries: Iterable[DuplicateCandidate]) -> dict[int, list[int]]:
    """For each entry id, the ids of the other entries it may duplicate (sorted). Entries are grouped by
    event type and swept in date order, so only entries whose spans overlap are compared."""
    found: dict[int, set[int]] = defaultdict(set)
    by_type: dict[str, list[tuple[dt.date, dt.date, DuplicateCandidate]]] = defaultdict(list)
    for entry in entries:
        first, last = date_span(entry.date, entry.precision)
        by_type[entry.event_type].append((first, last, entry))
    for group in by_type.values():
        group.sort(key=lambda item: (item[0], item[2].id))
        active: list[tuple[dt.date, dt.date, DuplicateCandidate]] = []
        for first, last, entry in group:
            active = [item for item in active if item[1] >= first]
            for _, _, other in active:
                if possible_duplicates(entry, other):
                    found[entry.id].add(other.id)
                    found[other.id].add(entry.id)
            active.append((first, last, entry))
    return {entry_id: sorted(ids) for entry_id, ids in found.items()}


def flagged_ids(pairs: dict[int, Sequence[int]]) -> set[int]:
    return {entry_id for entry_id, ids in pairs.items() if ids}
