"""Dates as people type them into a form, and back. Pure: no database, no clock.

Every date field in the service reads the same shapes (core.forms.GovukDateField), so what works on one
page works on every page:

- ISO, as the tests and browsers' own date pickers send it: 2026-12-02 (also 2026/12/02);
- day, month, year as numbers, separated by "/", "-", "." or spaces: 2/12/26, 02/12/2026, 2 12 2026;
- the month as a word, full or short, before or after the day: 1 December 2026, 1 Dec 2026, 1st Dec 2026,
  December 1 2026, December 1, 2026.

Numbers are always read day first (the UK order), so 2/12/26 is 2 December, never 12 February. A
two-digit year is in this century (26 is 2026): the service records recent events, and anything else
would guess. Text that is not one of these shapes, or a date that does not exist (31/2/2026), is None, and
the field says "<label> must be a real date".
"""

from __future__ import annotations

import datetime as dt
import re

# The hint every date field shows; a pre-filled date is written the same way (format_date).
DATE_HINT = "For example, 27/3/2026 or 27 March 2026"

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

_SEP = r"\s*[/.\-\s]\s*"
_YEAR = r"(\d{4}|\d{2})"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_WORD = r"([a-z]{3,9})\.?"
# re.ASCII: \d is 0-9 only, so Arabic-Indic or full-width digits are not read as a date.
_ISO = re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})", re.ASCII)
_NUMERIC = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}{_YEAR}", re.ASCII)
_DAY_MONTH = re.compile(rf"{_DAY}{_SEP}{_WORD},?{_SEP}{_YEAR}", re.ASCII)
_MONTH_DAY = re.compile(rf"{_WORD}{_SEP}{_DAY},?{_SEP}{_YEAR}", re.ASCII)


def month_number(word: str) -> int | None:
    """1-12 for a month's name or its first three or more letters ("Dec", "Sept"), else None."""
    word = word.lower()
    if len(word) < 3:
        return None
    for number, name in enumerate(MONTHS, start=1):
        if name.startswith(word):
            return number
    return None


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _make(year: int, month: int | None, day: int) -> dt.date | None:
    if month is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:  # 31 February, month 13, year 0
        return None


def parse_date(text: str) -> dt.date | None:
    """The date `text` means, or None when it is not a real date in one of the shapes above."""
    cleaned = " ".join(text.strip().lower().split())
    if len(cleaned) > 40:  # no date is this long; don't run the patterns over pasted paragraphs
        return None
    if match := _ISO.fullmatch(cleaned):
        return _make(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC.fullmatch(cleaned):
        return _make(_year(match[3]), int(match[2]), int(match[1]))
    if match := _DAY_MONTH.fullmatch(cleaned):
        return _make(_year(match[3]), month_number(match[2]), int(match[1]))
    if match := _MONTH_DAY.fullmatch(cleaned):
        return _make(_year(match[3]), month_number(match[1]), int(match[2]))
    return None


def format_date(value: dt.date) -> str:
    """A date as a pre-filled field shows it, in the shape of the hint (27/3/2026), so that opening a
    form and saving it again changes nothing."""
    return f"{value.day}/{value.month}/{value.year}"
