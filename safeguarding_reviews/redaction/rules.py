"""The redaction check's rules, pure (no Django): the words shown around a finding, when two findings on
successive versions are "the same identifier", what becomes of a version's findings when the next version is
checked (fixed, or an acceptance carried forward), a check's state and what a decision needs. Table-tested in
tests/test_rules.py. Codes repeat redaction.models' choices, to stay pure.

The rule being served: a published review must never identify the child, a surviving sibling or the family
(Working Together to Safeguard Children 2023, chapter 5: the publication of local reviews; issue 15 item 2).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable

# A finding's decision (models.Decision).
OPEN = "open"
ACCEPTED = "accepted"

# A check's status (models.CheckStatus).
CHECKED = "checked"
NOT_CHECKABLE = "not_checkable"

# A check's state, as the pages and the publication app read it (check_state).
STATE_NOT_CHECKABLE = "not_checkable"
STATE_OPEN = "open_findings"
STATE_PUBLISHABLE = "publishable"

STATE_LABELS = {
    STATE_NOT_CHECKABLE: "Not checkable",
    STATE_OPEN: "Findings to resolve",
    STATE_PUBLISHABLE: "Publishable",
}

# The engine's kinds (engine.KINDS) in words; an unknown kind is shown as its code.
KIND_LABELS = {
    "name": "Name",
    "dob": "Date of birth",
    "address": "Address",
    "postcode": "Postcode",
    "school": "School or nursery",
    "nhs_number": "NHS number",
    "phone": "Phone number",
    "email": "Email address",
    "incident_date": "Date of the incident",
}

# The files a check is usually of (the caller may give any other short label).
LABELS = {
    "final_report": "Final report",
    "improvements_information": "Published improvements information",
    "seven_minute_briefing": "Seven-minute briefing",
}
LABEL_MAX = 100
REASON_MAX = 1000

# How much of the text is kept around a finding: enough words to judge it ("a public place name"), few
# enough that the context is not a copy of the report.
CONTEXT_WORDS = 8
CONTEXT_CHARS = 120
ELLIPSIS = "…"

# Kinds whose value is a string of digits or letters people space and punctuate as they like.
_COMPACT_KINDS = frozenset({"postcode", "nhs_number", "phone", "dob", "incident_date"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_POSSESSIVE = re.compile(r"'s?$")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,;:()\[\]\"]+")


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def label_display(label: str) -> str:
    return LABELS.get(label, label)


def label_error(label: str) -> str | None:
    """A check's label: one of LABELS or a short free label."""
    label = (label or "").strip()
    if not label:
        return "Enter what the file is, for example the final report"
    if len(label) > LABEL_MAX:
        return f"What the file is must be {LABEL_MAX} characters or fewer"
    return None


def reason_error(reason: str) -> str | None:
    """Accepting a finding needs the reason it may be published."""
    reason = (reason or "").strip()
    if not reason:
        return "Enter why this may be published, for example: a public place name"
    if len(reason) > REASON_MAX:
        return f"The reason must be {REASON_MAX} characters or fewer"
    return None


def normalised(kind: str, text: str) -> str:
    """The key that says two findings on successive versions are the same identifier: case, spacing, line
    breaks, hyphens and curly apostrophes do not matter, nor a possessive ("Jayden's" is "Jayden", "Jones'"
    is "Jones"); for postcodes, NHS numbers, phone numbers and dates only the letters and digits count
    ("SW1A 1AA" is "sw1a1aa", "11/03/2019" is "11.03.2019"; a date written another way is another finding)."""
    text = unicodedata.normalize("NFKC", text or "").translate(_APOSTROPHES).casefold().strip()
    if kind in _COMPACT_KINDS:
        return "".join(ch for ch in text if ch.isalnum())
    text = _POSSESSIVE.sub("", text)
    return " ".join(part for part in _SEPARATORS.split(text) if part)


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """(words before, words after) the finding text[start:end]: up to CONTEXT_WORDS words each side, at
    most CONTEXT_CHARS characters, line breaks as spaces, an ellipsis where the text goes on."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    reach = CONTEXT_CHARS * 2
    before = text[max(0, start - reach) : start]
    after = text[end : end + reach]
    return (
        _side(before, last=True, more=start > len(before)),
        _side(after, last=False, more=end + len(after) < len(text)),
    )


def _side(region: str, *, last: bool, more: bool) -> str:
    words = region.split()
    kept = words[-CONTEXT_WORDS:] if last else words[:CONTEXT_WORDS]
    more = more or len(kept) < len(words)
    joined = " ".join(kept)
    if len(joined) > CONTEXT_CHARS:
        joined, more = (joined[-CONTEXT_CHARS:] if last else joined[:CONTEXT_CHARS]), True
    if not joined:
        return ""
    if last:
        # The space between the last word and the finding, if the text has one ("(Jayden" has none).
        return (ELLIPSIS if more else "") + joined + (" " if region[-1].isspace() else "")
    return (" " if region[0].isspace() else "") + joined + (ELLIPSIS if more else "")


@dataclasses.dataclass(frozen=True)
class Earlier:
    """A finding of the previous version's check, as the next check sees it."""

    id: int
    key: tuple[str, str]  # (kind, normalised text)
    decision: str


@dataclasses.dataclass(frozen=True)
class Carry:
    """What the next version's check does to the previous one's findings: which are fixed (not found again)
    and, for each key found again whose earlier finding was accepted, the earlier finding whose acceptance is
    carried forward."""

    fixed: frozenset[int]
    accepted_from: dict[tuple[str, str], int]


def carry(earlier: Iterable[Earlier], found: Iterable[tuple[str, str]]) -> Carry:
    """Fixed: an earlier finding whose (kind, normalised text) the new check does not find. Carried: a key
    found again that was accepted on the previous version keeps its acceptance (the first accepted finding
    of that key gives the reason). An earlier finding found again and not accepted stays open on the new
    version, as a new finding."""
    found_keys = set(found)
    earlier = list(earlier)
    fixed = frozenset(e.id for e in earlier if e.key not in found_keys)
    accepted_from: dict[tuple[str, str], int] = {}
    for e in sorted(earlier, key=lambda e: e.id):
        if e.decision == ACCEPTED and e.key in found_keys:
            accepted_from.setdefault(e.key, e.id)
    return Carry(fixed=fixed, accepted_from=accepted_from)


def check_state(*, status: str, open_count: int) -> str:
    """A check's state: not checkable; findings to resolve (some still open: neither accepted nor, for an
    older version, fixed in the next); or publishable (every finding accepted, or none)."""
    if status != CHECKED:
        return STATE_NOT_CHECKABLE
    return STATE_OPEN if open_count else STATE_PUBLISHABLE


def decision_refusal(*, decision: str, fixed: bool, superseded: bool, accepting: bool) -> str | None:
    """Why a decision cannot be taken on a finding now, or None. Decisions are on the latest check of a file
    series (an older version's findings are settled by the next version's check); a fixed finding needs
    none; only an open finding is accepted and only an accepted one is undone."""
    if fixed:
        return "This was fixed in the next version"
    if superseded:
        return "A newer version has been checked since: decide on the findings of its check"
    if accepting and decision != OPEN:
        return "This finding has already been accepted"
    if not accepting and decision != ACCEPTED:
        return "This finding is not accepted"
    return None
