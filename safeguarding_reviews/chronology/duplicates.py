"""Possible duplicates: the same event reported by two agencies. A pure rule (no database).

Two entries are flagged as possible duplicates when all of these hold, **whatever their type of event** (two
agencies often file the same visit under different types):

1. they come from **different agencies** (one agency's own entries are never flagged against each other);
2. their **dates are close** (each entry's days are `spans.duplicate_span`: an exact date its day, a span
   such as "Spring 2024" every day from `date` to `date_to`, an approximate date with no span
   `APPROXIMATE_DAYS` either side):
   - **same time**: both are exact dates on the same day, both have a time, and the times are at most
     `CLOSE_MINUTES` (30) apart; two exact, timed entries on the same day further apart are different events;
   - **same date**: the spans overlap (the same day, or overlapping spans), and at least one of the two has no
     time or is not an exact date;
   - **adjacent days**: the spans are one day apart (one ends the day before the other starts), and at least
     one of the two has no time or is not an exact date (a late-evening visit written up the next morning);
3. and **what they say overlaps**: the number of distinct normalised words they share (`common_words`: lower
   case, runs of letters and digits, `STOP_WORDS` removed, over what happened, the action taken and the
   outcome) is at least `MIN_COMMON_WORDS` (4), or, for short entries, at least `MIN_SHORT_COMMON` (2) words
   that are at least `SHORT_SHARE` (60%) of the shorter entry's words.

Why 4 words: agencies' accounts of one event share its nouns ("home visit", "mother", "bruise", "school"),
while different events on nearby days usually share one or two words at most once stop words are gone; 4
keeps "Home visit, no answer" / "Home visit: no answer at the door" (3 words, 100% of the shorter) flagged
by the short-entry rule, and keeps two long entries that merely mention "mother" and "home" apart.

A flag says why: "same time, 7 words in common", "adjacent days, 5 words in common". A pair the business
unit has decided ("same event" or "different events") is never flagged again (`decided`). The rule is
symmetric by construction (every test is on the unordered pair) and deterministic.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .spans import APPROXIMATE_DAYS, duplicate_span

CLOSE_MINUTES = 30
MIN_COMMON_WORDS = 4
MIN_SHORT_COMMON = 2
SHORT_SHARE = 0.6
# How far a span can reach before or after an entry's stored date (for bounding a database query on the
# stored start date: an approximate date reaches APPROXIMATE_DAYS back, and one adjacent day more).
REACH_BEFORE = dt.timedelta(days=APPROXIMATE_DAYS + 1)

STOP_WORDS = frozenset(
    """a about after again all also am an and any are as at be been before being but by can could did do
    does for from had has have he her hers him his i if in into is it its me my no not of off on or our
    out over she so than that the their them then there these they this those to too up was we were what
    when where which while who whom why will with would you your""".split()
)

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class DuplicateCandidate:
    id: int
    agency_id: int
    date: dt.date
    precision: str
    time: dt.time | None
    text: str
    date_to: dt.date | None = None
    event_type: str = ""  # not used by the rule: kept so callers may carry it


@dataclass(frozen=True)
class Flag:
    """Why two entries may be the same event: `why` is "same time", "same date" or "adjacent days"."""

    other_id: int
    why: str
    words: int

    @property
    def reason(self) -> str:
        return f"{self.why}, {self.words} word{'' if self.words == 1 else 's'} in common"


@lru_cache(maxsize=16384)
def normalised_words(text: str) -> frozenset[str]:
    return frozenset(word for word in _WORD.findall(text.lower()) if word not in STOP_WORDS)


def common_words(a: str, b: str) -> int:
    return len(normalised_words(a) & normalised_words(b))


def words_match(a: str, b: str) -> int | None:
    """The number of words in common when it meets the threshold, else None."""
    first, second = normalised_words(a), normalised_words(b)
    shared = len(first & second)
    if shared >= MIN_COMMON_WORDS:
        return shared
    shorter = min(len(first), len(second))
    if shorter and shared >= MIN_SHORT_COMMON and shared >= SHORT_SHARE * shorter:
        return shared
    return None


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def span(entry: DuplicateCandidate) -> tuple[dt.date, dt.date]:
    return duplicate_span(entry.date, entry.precision, entry.date_to)


def _timed_exact(entry: DuplicateCandidate) -> bool:
    return entry.time is not None and entry.precision == "exact" and entry.date_to is None


def closeness(a: DuplicateCandidate, b: DuplicateCandidate) -> str | None:
    """ "same time", "same date", "adjacent days" or None (too far apart)."""
    a_first, a_last = span(a)
    b_first, b_last = span(b)
    both_timed = _timed_exact(a) and _timed_exact(b)
    if a_first <= b_last and b_first <= a_last:
        if both_timed:
            assert a.time is not None and b.time is not None
            return "same time" if abs(_minutes(a.time) - _minutes(b.time)) <= CLOSE_MINUTES else None
        return "same date"
    one_day = dt.timedelta(days=1)
    if not both_timed and (b_first - a_last == one_day or a_first - b_last == one_day):
        return "adjacent days"
    return None


def possible_duplicate(a: DuplicateCandidate, b: DuplicateCandidate) -> Flag | None:
    """The flag on `a` for `b` (the same reason and count as on `b` for `a`), or None."""
    if a.agency_id == b.agency_id or a.id == b.id:
        return None
    why = closeness(a, b)
    if why is None:
        return None
    words = words_match(a.text, b.text)
    if words is None:
        return None
    return Flag(other_id=b.id, why=why, words=words)


# An entry's columns the rule reads (as a database row gives them), and the ones that are its words.
TEXT_FIELDS = ("what_happened", "action_taken", "outcome")
ROW_FIELDS = ("id", "agency_id", "date", "date_to", "date_precision", "time", *TEXT_FIELDS)


def candidate_from_row(row: Mapping[str, Any]) -> DuplicateCandidate:
    """The candidate of an entry given as a row of ROW_FIELDS (the stored pairs are made from these)."""
    return DuplicateCandidate(
        id=row["id"],
        agency_id=row["agency_id"],
        date=row["date"],
        date_to=row["date_to"],
        precision=row["date_precision"],
        time=row["time"],
        text=" ".join(filter(None, (row[name] for name in TEXT_FIELDS))),
    )


def pair_key(a: int, b: int) -> tuple[int, int]:
    """The unordered pair, lower id first (how DuplicateDecision keys it)."""
    return (a, b) if a < b else (b, a)


def duplicate_flags(
    entries: Iterable[DuplicateCandidate],
    decided: frozenset[tuple[int, int]] | set[tuple[int, int]] = frozenset(),
) -> dict[int, list[Flag]]:
    """For each entry id, its flags (sorted by the other entry's id). Entries are swept in date order, so
    only entries whose spans overlap or touch are compared; pairs in `decided` are never flagged."""
    found: dict[int, list[Flag]] = defaultdict(list)
    items = sorted(((span(entry), entry) for entry in entries), key=lambda item: (item[0][0], item[1].id))
    one_day = dt.timedelta(days=1)
    active: list[tuple[tuple[dt.date, dt.date], DuplicateCandidate]] = []
    for (first, last), entry in items:
        active = [item for item in active if item[0][1] + one_day >= first]
        for _, other in active:
            if pair_key(entry.id, other.id) in decided:
                continue
            flag = possible_duplicate(entry, other)
            if flag is not None:
                found[entry.id].append(flag)
                found[other.id].append(Flag(other_id=entry.id, why=flag.why, words=flag.words))
        active.append(((first, last), entry))
    return {entry_id: sorted(flags, key=lambda f: f.other_id) for entry_id, flags in found.items()}


def duplicate_pairs(
    entries: Iterable[DuplicateCandidate],
    decided: frozenset[tuple[int, int]] | set[tuple[int, int]] = frozenset(),
) -> dict[int, list[int]]:
    """For each entry id, the ids of the other entries it may duplicate (sorted)."""
    return {i: [f.other_id for f in flags] for i, flags in duplicate_flags(entries, decided).items()}
