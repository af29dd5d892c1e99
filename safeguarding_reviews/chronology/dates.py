"""Dates as agencies write them in chronologies: one cell in, a span and its precision out. Pure: no Django.

UK day first, always: 03/04/2024 is 3 April, and 13/25/2024 is a problem (never read month first). Two-digit
years resolve to the latest such year that is not after `today` (passed in, so this stays pure). Whether a
date is in the future, or outside a review window, is decided by `date_problem` / `window_warning` so the
caller chooses what is a problem and what is a warning.

Precisions (`PRECISIONS`) and how they map to the stored `DatePrecision` (exact, month, approximate) until the
model holds a span (`LEGACY_PRECISION`): exact → exact; month → month; season, part_year, year and
approximate → approximate, with `date_from` as the date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

EXACT = "exact"
MONTH = "month"
SEASON = "season"
PART_YEAR = "part_year"
YEAR = "year"
APPROXIMATE = "approximate"
PRECISIONS = (EXACT, MONTH, SEASON, PART_YEAR, YEAR, APPROXIMATE)
LEGACY_PRECISION = {
    EXACT: "exact",
    MONTH: "month",
    SEASON: "approximate",
    PART_YEAR: "approximate",
    YEAR: "approximate",
    APPROXIMATE: "approximate",
}

EXCEL_1900 = dt.date(1899, 12, 30)  # serial 1 is 1 January 1900 (Excel's false 29/2/1900 is ignored)
EXCEL_1904 = dt.date(1904, 1, 1)
SERIAL_RANGE = (10_000, 109_574)  # 18/5/1927 to 31/12/2199: a number outside this is not a date serial
YEAR_RANGE = (1900, 2199)
EXAMPLE = "for example 27/03/2024, 27 March 2024, March 2024 or 2024"

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in {
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
        {9: "sept"}.get(number, calendar.month_abbr[number].lower()),
    }
}
WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
)
APPROX_WORDS = (
    r"(?:circa|approximately|approx\.?|about|around|roughly|estimated|est\.|ca\.|ca(?=\s)|c\.|c(?=[\s\d])|~)"
)
APPROX_SUFFIX = (
    r"(.+?)\s*(?:[-–,(~]\s*|\s)(?:approx\.?|approximate|approximately|estimated|est\.?|unconfirmed|circa)\)?"
    r"|(.+?)\s*\?"
)
# Meteorological seasons (winter runs from December into the next year) and school terms.
SEASONS = {
    "spring": ((3, 1), (5, 31), 0),
    "summer": ((6, 1), (8, 31), 0),
    "autumn": ((9, 1), (11, 30), 0),
    "fall": ((9, 1), (11, 30), 0),
    "winter": ((12, 1), (2, 28), 1),
}
TERMS = {
    "spring": ((1, 1), (4, 30), 0),
    "summer": ((4, 1), (7, 31), 0),
    "autumn": ((9, 1), (12, 31), 0),
}
PARTS_OF_YEAR = {
    "early": (1, 4),
    "beginning of": (1, 4),
    "start of": (1, 4),
    "mid": (5, 8),
    "middle of": (5, 8),
    "late": (9, 12),
    "end of": (9, 12),
}
WORD_TIMES = {"noon", "midday", "12 noon", "12 midday", "midnight", "12 midnight"}
NO_TIME = {"n/a", "na", "n/k", "nk", "not known", "unknown", "not recorded", "-", "--", "tbc", "none", "?"}
QUARTERS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}
PARTS_OF_MONTH = {"early": (1, 10), "beginning of": (1, 10), "start of": (1, 10), "mid": (11, 20)}
PARTS_OF_MONTH |= {"middle of": (11, 20), "late": (21, 31), "end of": (21, 31)}


INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def _clean(value: object) -> str:
    """The cell as text without zero-width characters (pasted from web pages and e-mails)."""
    return str(value).translate(INVISIBLE)


class DateProblem(ValueError):
    """The cell is not a date we can read; the message says why, in words for the person who typed it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ParsedDate:
    date_from: dt.date
    date_to: dt.date  # the same day for exact dates; the last day of the span otherwise
    precision: str  # one of PRECISIONS
    time: dt.time | None
    date_as_written: str

    @property
    def legacy_precision(self) -> str:
        """The stored DatePrecision value (exact, month or approximate) until the model holds a span."""
        return LEGACY_PRECISION[self.precision]


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str, today: dt.date) -> int:
    value = int(text)
    if len(text) <= 2:
        # The latest year ending in these digits that is not after today's year.
        value = today.year - ((today.year - value) % 100)
    elif len(text) != 4:
        raise DateProblem(f"“{text}” is not a year: write the year in full, {EXAMPLE}")
    if not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        raise DateProblem(f"{value} is not a year we can use: {EXAMPLE}")
    return value


def _day(year: int, month: int, day: int, written: str) -> dt.date:
    if not 1 <= month <= 12:
        raise DateProblem(
            f"“{written}” has no month {month}: dates are read day first (dd/mm/yyyy), {EXAMPLE}"
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateProblem(f"“{written}” is not a real date: {EXAMPLE}") from None


def _month_word(word: str) -> int | None:
    return MONTHS.get(word.rstrip(".").lower())


TIME_RE = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2})(?:\.\d+)?)?)?\s*"
    r"(?P<ampm>a\.?m\.?|p\.?m\.?)?\s*(?:hrs|hours|hr|h)?"
)
COMPACT_TIME_RE = re.compile(r"(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s*(?:hrs|hours|hr|h)?")


def parse_time(value: Any) -> dt.time | None:
    """A time cell: an Excel time or date-time, a fraction of a day, or text such as 14:30, 14.30, 2.30pm,
    2pm, 1430hrs, noon. Blank gives None; anything else raises DateProblem."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        if 0 <= seconds < 86_400:
            return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60)
        raise DateProblem("Enter a time like 14:30, or leave it blank")
    if isinstance(value, bool):
        raise DateProblem("Enter a time like 14:30, or leave it blank")
    if isinstance(value, int | float):
        if 0 <= value < 1:
            seconds = round(value * 86_400) % 86_400
            return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60)
        value = str(int(value)) if float(value).is_integer() else str(value)
    text = " ".join(_clean(value).split()).lower()
    if not text or text in NO_TIME or not any(ch.isdigit() for ch in text) and text not in WORD_TIMES:
        return None  # "n/k", "morning", "all day": no time to sort on (the words are not a problem)
    parsed = _time_text(text)
    if parsed is None:
        raise DateProblem(f"“{value}” is not a time: enter a time like 14:30 or 2.30pm, or leave it blank")
    return parsed


TIME_WORDS = re.compile(
    r"^(?:approx\.?|approximately|about|around|after|before|from|by|at|circa|ca\.?|c\.|~)\s*"
    r"|\s*(?:approx\.?|approximately|ish|onwards)$"
)


def _time_text(text: str, *, after_date: bool = False) -> dt.time | None:
    """`after_date`: the time follows a date in the same cell, where a bare 4-digit number is a year."""
    text = text.strip().lower()
    text = re.sub(r"\s*\([^)]*\)", "", text).strip()  # 14:30 (approx)
    text = TIME_WORDS.sub("", TIME_WORDS.sub("", text)).strip().rstrip("-").strip()  # after 14:00, 14:30ish
    start = re.split(r"\s*(?:-|–|—|to|until)\s*(?=\d)", text, maxsplit=1)[0]
    if start != text:  # 14:30-15:00: the start
        return _time_text(start, after_date=after_date)
    if text in {"noon", "midday", "12 noon", "12 midday"}:
        return dt.time(12, 0)
    if text in {"midnight", "12 midnight"}:
        return dt.time(0, 0)
    match = COMPACT_TIME_RE.fullmatch(text)
    if match and not (after_date and text.isdigit()):
        return dt.time(int(match["h"]), int(match["m"]))
    match = TIME_RE.fullmatch(text)
    if not match:
        return None
    hour, minute, second = int(match["h"]), int(match["m"] or 0), int(match["s"] or 0)
    ampm = (match["ampm"] or "").replace(".", "")
    if match["m"] is None and not ampm:
        return None  # a bare number is not a time
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def _serial(value: float, epoch: dt.date) -> tuple[dt.date, dt.time | None]:
    if not SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
        raise DateProblem(f"{value:g} is a number, not a date: {EXAMPLE}")
    days = int(value)
    fraction = value - days
    day = epoch + dt.timedelta(days=days)
    if fraction <= 0:
        return day, None
    seconds = round(fraction * 86_400)
    if seconds >= 86_400:
        return day + dt.timedelta(days=1), None
    return day, dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def _as_written(value: Any) -> str:
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def parse_date(value: Any, *, today: dt.date, epoch: dt.date = EXCEL_1900) -> ParsedDate:
    """Read one date cell. Raises DateProblem (with the reason) for anything that is not a date. Blank cells
    are the caller's business (this raises for them too). `epoch` is the workbook's date system (1900 or
    1904) for serial numbers stored as plain numbers."""
    written = _as_written(value) if value is not None else ""
    if isinstance(value, dt.datetime | dt.date) and value.year < YEAR_RANGE[0]:
        raise DateProblem("This is a time or a number, not a date: put the date here")
    if isinstance(value, dt.datetime):
        time = value.time().replace(microsecond=0)
        day = value.date()
        return ParsedDate(day, day, EXACT, None if time == dt.time(0, 0) else time, written)
    if isinstance(value, dt.date):
        return ParsedDate(value, value, EXACT, None, written)
    if isinstance(value, dt.time):
        raise DateProblem("This is a time, not a date: put the date here and the time in a time column")
    if isinstance(value, bool):
        raise DateProblem(f"This is not a date: {EXAMPLE}")
    if isinstance(value, int | float):
        if float(value).is_integer() and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            year = int(value)
            return ParsedDate(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR, None, written)
        day, at = _serial(float(value), epoch)
        return ParsedDate(day, day, EXACT, at, day.strftime("%d/%m/%Y"))
    text = " ".join(_clean(value).split()).lstrip("'")
    if not text:
        raise DateProblem("Enter the date")
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):  # a serial number that lost its date format (a CSV from Excel)
        day, at = _serial(float(text), epoch)
        return ParsedDate(day, day, EXACT, at, text)
    return _parse_text(text, today)


def _parse_text(text: str, today: dt.date) -> ParsedDate:
    lower = text.lower().strip().rstrip(".,;:")
    lower = re.sub(rf"\s*\((?:{WEEKDAYS})\)$", "", lower)  # 4 March 2024 (Monday)
    approximate = False
    suffix = re.fullmatch(APPROX_SUFFIX, lower)
    if suffix:  # 04/03/2024 (approx), 04/03/2024 - estimated, 2023?
        approximate, lower = True, (suffix.group(1) or suffix.group(2)).strip()
    prefix = re.fullmatch(APPROX_WORDS + r"\s*(.+)", lower)
    if prefix:  # c. 2023, approx March 2024
        approximate, lower = True, prefix.group(1).strip()
    week = re.fullmatch(r"(?:w/c|w/b|wc|week commencing|week beginning|week of)\.?\s*(.+)", lower)
    if week:
        start = _parse_core(week.group(1), text, today)
        if start.precision == EXACT:
            return ParsedDate(
                start.date_from, start.date_from + dt.timedelta(days=6), APPROXIMATE, None, text
            )
    years = re.fullmatch(r"(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})", lower)
    if years:  # 2023/24, 2023-2024: a school or financial year
        first_year = _year(years.group(1), today)
        last_text = years.group(2)
        last_year = int(str(first_year)[:2] + last_text) if len(last_text) == 2 else int(last_text)
        if last_year == first_year + 1:
            return ParsedDate(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31), APPROXIMATE, None, text)
    both = re.fullmatch(r"(.+?\d)\s*(?:-|–|—|to|until|and|&)\s*(\S.*)", lower)
    if both and not re.fullmatch(r"[\d\s\-]+", lower):
        try:
            first = _parse_core(both.group(1), text, today)
            last = _parse_core(both.group(2), text, today)
        except DateProblem:
            pass
        else:
            if first.date_from <= last.date_to:  # 04/03/2024 - 06/03/2024: an approximate span
                return ParsedDate(first.date_from, last.date_to, APPROXIMATE, None, text)
    parsed = _parse_core(lower, text, today)
    if approximate:
        return ParsedDate(parsed.date_from, parsed.date_to, APPROXIMATE, parsed.time, text)
    return parsed


def _split_time(text: str) -> tuple[str, dt.time | None]:
    """`03/03/2024 14:30`, `3/3/24 2.30pm`, `2024-03-03T14:30:00`, `3 March 2024 at 14:30` → date, time."""
    match = re.fullmatch(
        r"(\d{4}-\d{1,2}-\d{1,2})[t ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:z|[+-]\d{2}:?\d{2})?", text
    )
    if match:
        at = match.group(2).split(".")[0]
        return match.group(1), None if at in {"00:00:00", "0:00:00"} else _time_text(at)
    match = re.fullmatch(r"(.*\d)(?:\s*,\s*|\s+at\s+|\s+-\s+|\s+@\s+|\s+)(\S.*)", text)
    if match:
        time = _time_text(match.group(2), after_date=True)
        if time is not None:
            return match.group(1).strip(), time
    return text, None


def _parse_core(lower: str, written: str, today: dt.date) -> ParsedDate:
    lower = re.sub(rf"^(?:{WEEKDAYS})\.?,?\s+", "", lower)
    body, time = _split_time(lower)

    def exact(day: dt.date) -> ParsedDate:
        return ParsedDate(day, day, EXACT, time, written)

    def span(start: dt.date, end: dt.date, precision: str) -> ParsedDate:
        if time is not None:
            raise DateProblem(f"“{written}” has a time but no day: {EXAMPLE}")
        return ParsedDate(start, end, precision, None, written)

    # ISO and year-first: 2024-03-03, 2024/03/03
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", body)
    if match:
        year = _year(match.group(1), today)
        return exact(_day(year, int(match.group(2)), int(match.group(3)), written))
    # Day first with numbers: dd/mm/yyyy, d/m/yy, dd.mm.yyyy, dd-mm-yyyy
    match = re.fullmatch(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})", body)
    if match:
        year = _year(match.group(4), today)
        return exact(_day(year, int(match.group(3)), int(match.group(1)), written))
    # Day, month word, year: 3 Mar 2024, 3rd of March 2024, 03-Mar-24, 3.Mar.2024
    match = re.fullmatch(
        r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.]*([a-z]+)\.?[\s\-/.,']*(\d{4}|\d{2})", body
    )
    if match and _month_word(match.group(2)):
        year = _year(match.group(3), today)
        month = _month_word(match.group(2))
        assert month is not None
        return exact(_day(year, month, int(match.group(1)), written))
    # Month word, day, year: March 3rd, 2024 (the month is a word, so nothing is guessed)
    match = re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", body)
    if match and _month_word(match.group(1)):
        month = _month_word(match.group(1))
        assert month is not None
        return exact(_day(_year(match.group(3), today), month, int(match.group(2)), written))
    # Month and year: March 2024, Mar-24, Sept 2023, 03/2024, 2024-03
    match = re.fullmatch(r"([a-z]+)\.?[\s\-/.,']*(\d{4}|\d{2})", body)
    if match and _month_word(match.group(1)):
        month = _month_word(match.group(1))
        assert month is not None
        year = _year(match.group(2), today)
        return span(dt.date(year, month, 1), month_end(year, month), MONTH)
    match = re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{4})|(\d{4})\s*[/\-]\s*(\d{1,2})", body)
    if match:
        month_text, year_text = (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
        year, month = _year(year_text, today), int(month_text)
        if not 1 <= month <= 12:
            raise DateProblem(f"“{written}” has no month {month}: {EXAMPLE}")
        return span(dt.date(year, month, 1), month_end(year, month), MONTH)
    # Year: 2023
    match = re.fullmatch(r"(\d{4})", body)
    if match:
        year = _year(match.group(1), today)
        return span(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR)
    # Seasons and school terms: Spring 2024, autumn term 2023, winter 2023/24
    match = re.fullmatch(
        r"(spring|summer|autumn|fall|winter)(\s+term)?[\s,\-]+(\d{4})(?:\s*[/\-]\s*\d{2,4})?", body
    )
    if match:
        table = TERMS if match.group(2) and match.group(1) in TERMS else SEASONS
        (m1, d1), (m2, d2), carry = table[match.group(1)]
        year = _year(match.group(3), today)
        end = month_end(year + carry, m2)
        return span(dt.date(year, m1, d1), end, SEASON)
    # Quarters: Q1 2024
    match = re.fullmatch(r"q([1-4])[\s\-]*(\d{4})", body)
    if match:
        first, last = QUARTERS[int(match.group(1))]
        year = _year(match.group(2), today)
        return span(dt.date(year, first, 1), month_end(year, last), PART_YEAR)
    # Part of a year or month: early 2023, mid-2023, late 2024, end of March 2024
    parts = "|".join(sorted(PARTS_OF_YEAR, key=len, reverse=True))
    match = re.fullmatch(rf"({parts})[\s\-]+(\d{{4}})", body)
    if match:
        first, last = PARTS_OF_YEAR[match.group(1)]
        year = _year(match.group(2), today)
        return span(dt.date(year, first, 1), month_end(year, last), PART_YEAR)
    match = re.fullmatch(rf"({parts})[\s\-]+([a-z]+)\.?[\s\-,]+(\d{{4}})", body)
    if match and _month_word(match.group(2)):
        month = _month_word(match.group(2))
        assert month is not None
        year = _year(match.group(3), today)
        first, last = PARTS_OF_MONTH[match.group(1)]
        end = month_end(year, month)
        return ParsedDate(
            dt.date(year, month, first),
            min(end, dt.date(year, month, min(last, end.day))),
            APPROXIMATE,
            None,
            written,
        )
    # Recognisably incomplete: a day and month with no year
    if re.fullmatch(r"\d{1,2}\s*[/.\-]\s*\d{1,2}", body) or re.fullmatch(
        r"\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+", body
    ):
        raise DateProblem(f"“{written}” has no year: {EXAMPLE}")
    raise DateProblem(f"“{written}” is not a date we can read: {EXAMPLE}")


def date_problem(parsed: ParsedDate, *, today: dt.date) -> str | None:
    """A date that starts after today cannot be in a chronology of what happened."""
    if parsed.date_from > today:
        return f"“{parsed.date_as_written}” is in the future: check the year"
    return None


def window_warning(parsed: ParsedDate, window: tuple[dt.date | None, dt.date | None] | None) -> str | None:
    """Outside the period the review asked about: worth a look, never a problem."""
    if window is None:
        return None
    start, end = window
    if start is not None and parsed.date_to < start:
        return f"“{parsed.date_as_written}” is before the review period ({start:%d/%m/%Y})"
    if end is not None and parsed.date_from > end:
        return f"“{parsed.date_as_written}” is after the review period ({end:%d/%m/%Y})"
    return None
