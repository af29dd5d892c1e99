"""Repeated recommendations (issue 16 item 6), as pure rules (no Django): which earlier recommendations look
like a new one, and the sentence that says so ("3 earlier recommendations on information sharing and seeking,
2 closed, impact not shown for 1").

Reviews keep making the same recommendation; the committee wants to see that before it adopts another. An
earlier recommendation is shown when its text is similar or it shares a practice theme:

- **Similar text** is a token-set similarity (as rapidfuzz's `token_set_ratio`, here with the standard
  library's difflib: rapidfuzz is not in this project's lock) over the words that carry meaning: lower case,
  common words dropped, simple plurals folded ("GPs" is "gp"). Word order and repeated words do not matter,
  and a short recommendation whose words all appear in a longer one scores high. 0 to 100; `TEXT_THRESHOLD`
  and over is similar. At least `MIN_SHARED_WORDS` words must be shared, so two one-word texts that happen to
  match are not "similar".
- **The same themes**: at least one practice theme (the managed vocabulary) in common.

Candidates are the recommendations of *other* reviews (another case, or adopted from elsewhere) the business
unit may see; the caller chooses them. The best matches come first: higher text similarity, then more
themes shared.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

TEXT_THRESHOLD = 70
MIN_SHARED_WORDS = 2

STOPWORDS = frozenset(
    """a an and are as at be been being by can could do does for from has have how in into is it its of on
    or our should so such than that the their them then there these they this those to was we were what
    when where which who will with within would all any each every more must need needs ensure ensures
    make makes made also across between through about partnership partners partner agencies agency""".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def _fold(word: str) -> str:
    """A crude plural fold, enough for recommendations' wording: "families" -> "family", "GPs" -> "gp"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The words of `text` that carry meaning, in order, folded."""
    return [_fold(word) for word in _WORD.findall(text.lower()) if word not in STOPWORDS]


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def text_similarity(a: str, b: str) -> int:
    """0 to 100: how alike the two texts' meaningful words are, whatever their order (token-set ratio)."""
    first, second = set(words(a)), set(words(b))
    common = first & second
    if len(common) < MIN_SHARED_WORDS:
        return 0
    shared = " ".join(sorted(common))
    one = (shared + " " + " ".join(sorted(first - common))).strip()
    two = (shared + " " + " ".join(sorted(second - common))).strip()
    return round(100 * max(_ratio(shared, one), _ratio(shared, two), _ratio(one, two)))


@dataclass(frozen=True)
class Candidate:
    """An earlier recommendation as the matching needs it."""

    id: int
    text: str
    theme_ids: frozenset[int]
    closed: bool = False
    # The latest recorded impact check's result ("shown", "not_shown", "partly"), or "" if none.
    impact: str = ""


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    text_score: int
    shared_theme_ids: frozenset[int]

    @property
    def similar_text(self) -> bool:
        return self.text_score >= TEXT_THRESHOLD

    @property
    def reasons(self) -> list[str]:
        found = []
        if self.similar_text:
            found.append("similar wording")
        if self.shared_theme_ids:
            found.append("same theme" if len(self.shared_theme_ids) == 1 else "same themes")
        return found


def find_similar(text: str, theme_ids: Iterable[int], candidates: Sequence[Candidate]) -> list[Match]:
    """The candidates with similar text or a theme in common, best first."""
    themes = frozenset(theme_ids)
    found = []
    for candidate in candidates:
        score = text_similarity(text, candidate.text)
        shared = themes & candidate.theme_ids
        if score >= TEXT_THRESHOLD or shared:
            found.append(Match(candidate=candidate, text_score=score, shared_theme_ids=shared))
    found.sort(key=lambda match: (-match.text_score, -len(match.shared_theme_ids), match.candidate.id))
    return found


IMPACT_WORDS = {"shown": "impact shown", "not_shown": "impact not shown", "partly": "impact partly shown"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(matches: Sequence[Match], theme_labels: dict[int, str]) -> str:
    """One sentence about the matches: how many, on what (the theme most of them share, or "with similar
    wording"), how many are closed and what their impact checks found. Empty when there is no match."""
    if not matches:
        return ""
    shared = Counter(theme for match in matches for theme in match.shared_theme_ids)
    if shared:
        top = max(shared.values())
        names = sorted(theme_labels.get(theme, "a theme").lower() for theme, n in shared.items() if n == top)
        topic = "on " + " and ".join(names)
    else:
        topic = "with similar wording"
    parts = [f"{_plural(len(matches), 'earlier recommendation')} {topic}"]
    closed = sum(1 for match in matches if match.candidate.closed)
    parts.append(f"{closed} closed" if closed else "none closed")
    return ", ".join(parts + _impact_parts([match.candidate.impact for match in matches], len(matches)))


def _impact_parts(impacts: Sequence[str], total: int) -> list[str]:
    counts = Counter(impact for impact in impacts if impact in IMPACT_WORDS)
    parts = []
    for result in ("not_shown", "partly", "shown"):
        count = counts.get(result, 0)
        if count:
            parts.append(IMPACT_WORDS[result] if count == total else f"{IMPACT_WORDS[result]} for {count}")
    return parts


def group_summary(closed: Sequence[bool], impacts: Sequence[str]) -> str:
    """One sentence about a group of linked recommendations: "3 linked recommendations, 2 closed, impact not
    shown for 1"."""
    total = len(closed)
    count = sum(1 for flag in closed if flag)
    parts = [_plural(total, "linked recommendation"), f"{count} closed" if count else "none closed"]
    return ", ".join(parts + _impact_parts(impacts, total))
