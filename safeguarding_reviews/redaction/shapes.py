"""Shapes in text for the redaction check: dates, runs of digits (phone and NHS numbers), postcodes and email
addresses. Pure: no Django.

Every finder here reads the *folded* text of engine.fold (same length as the original, lower case, accents,
curly quotes, dashes and odd spaces made plain), so offsets are the original text's. Each returns spans; which
of them identify someone is the engine's decision (a date is a finding only when it is a date of birth or the
incident date; a 10-digit number only when it is the case's NHS number or passes the NHS mod 11 check).

No regex here can backtrack badly: character runs are bounded or scanned by hand (email), so a 300,000
character report is read in a fraction of a second.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
ORDINAL_WORDS = {
    word: number
    for number, word in enumerate(
        (
            "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
            "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
        ).split(),
        start=1,
    )
}
for _unit, _word in enumerate("first second third fourth fifth sixth seventh eighth ninth".split(), start=1):
    ORDINAL_WORDS[f"twenty-{_word}"] = 20 + _unit
    ORDINAL_WORDS[f"twenty {_word}"] = 20 + _unit
ORDINAL_WORDS["thirtieth"] = 30
ORDINAL_WORDS["thirty-first"] = 31
ORDINAL_WORDS["thirty first"] = 31

# Days named by a fixed date ("born on Christmas Eve" tells the birthday). Keys are folded (plain quotes).
HOLIDAYS = {
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "new year's day": (1, 1),
    "new years day": (1, 1),
    "new year's eve": (12, 31),
    "new years eve": (12, 31),
    "valentine's day": (2, 14),
    "valentines day": (2, 14),
    "st valentine's day": (2, 14),
    "april fool's day": (4, 1),
    "april fools day": (4, 1),
    "april fools' day": (4, 1),
    "halloween": (10, 31),
    "hallowe'en": (10, 31),
    "bonfire night": (11, 5),
    "guy fawkes night": (11, 5),
    "st patrick's day": (3, 17),
    "st david's day": (3, 1),
    "st george's day": (4, 23),
    "st andrew's day": (11, 30),
    "burns night": (1, 25),
    "midsummer's day": (6, 24),
}

_MONTH = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?(?![^\W_])"
_ORDINAL = "|".join(sorted((re.escape(w) for w in ORDINAL_WORDS), key=len, reverse=True))
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s{1,3})?"
_YEAR_AFTER = r"(?:(?:,?\s{1,3}|\s?[-/.]\s?)(?P<{name}>(?:19|20)\d\d|'\d\d)(?![^\W_]|[./-]\d))?"

DATE_RE = re.compile(
    "|".join(
        (
            # 2019-03-11, 2019/3/11, 2019.03.11
            r"(?<![\w./-])(?P<iy>(?:19|20)\d\d)(?P<isep>[./-])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})"
            r"(?![^\W_]|[./-]\d)",
            # 11/03/2019, 11.3.19, 11-03-19 (day first; month first is also compared)
            r"(?<![\w./-])(?P<na>\d{1,2})\s?(?P<nsep>[./-])\s?(?P<nb>\d{1,2})\s?(?P=nsep)\s?"
            r"(?P<ny>(?:19|20)\d\d|\d\d)(?![^\W_]|[./-]\d)",
            # 11th March 2019, Monday 11 March, the eleventh of March 2019
            r"(?<![\w])"
            + _WEEKDAY
            + r"(?:the\s{1,3})?(?:(?P<dd>[0-3]?\d)(?:st|nd|rd|th)?|(?P<dw>"
            + _ORDINAL
            + r"))(?:\s{1,3}of)?(?:[\s,]{1,3}|\s?[-/.]\s?)"
            + _MONTH.replace("{name}", "dm")
            + _YEAR_AFTER.replace("{name}", "dy"),
            # March 11, 2019, March 11th
            r"(?<![\w])"
            + _MONTH.replace("{name}", "md_m")
            + r"\s{1,3}(?:the\s{1,3})?(?P<md_d>[0-3]?\d)(?!\d)"
            r"(?:st|nd|rd|th)?(?![^\W_])" + _YEAR_AFTER.replace("{name}", "md_y"),
            # March 2019, Mar '19 (a month: a birth month when the text says born)
            r"(?<![\w])"
            + _MONTH.replace("{name}", "my_m")
            + r",?\s{1,3}(?P<my_y>(?:19|20)\d\d|'\d\d)(?![^\W_])",
            # 03/2019
            r"(?<![\w./-])(?P<ny_m>\d{1,2})/(?P<ny_y>(?:19|20)\d\d)(?![^\W_]|[./-]\d)",
            # 11032019, 20190311, 110319: compared with the dates of birth only in these three orders
            r"(?<![\w./-])(?P<compact>\d{8}|\d{6})(?![^\W_]|[./-]\d)",
            # Christmas Eve, Valentine's Day 2020: days with a fixed date
            r"(?<![\w])(?P<hol>"
            + "|".join(
                re.escape(h).replace(r"\ ", r"\s{1,3}") for h in sorted(HOLIDAYS, key=len, reverse=True)
            )
            + r")(?![^\W_])"
            + _YEAR_AFTER.replace("{name}", "hy"),
        )
    )
)


@dataclasses.dataclass(frozen=True)
class DateMention:
    """A date written in the text. `readings` are the (year, month, day) it could mean: year None when no
    year was written, day None for a month; a two-digit year is kept as a negative number -yy (any
    century)."""

    start: int
    end: int
    readings: tuple[tuple[int | None, int, int | None], ...]


def _year(text: str | None) -> int | None:
    if not text:
        return None
    text = text.lstrip("'’")
    return int(text) if len(text) == 4 else -int(text)


def find_dates(folded: str) -> Iterator[DateMention]:
    for match in DATE_RE.finditer(folded):
        group = match.groupdict()
        readings: list[tuple[int | None, int, int | None]] = []
        if group["iy"]:
            readings.append((int(group["iy"]), int(group["im"]), int(group["id"])))
        elif group["na"]:
            first, second, year = int(group["na"]), int(group["nb"]), _year(group["ny"])
            readings.append((year, second, first))
            if first != second:
                readings.append((year, first, second))  # month first (US style), compared too
        elif group["dm"]:
            day = int(group["dd"]) if group["dd"] else ORDINAL_WORDS[group["dw"]]
            readings.append((_year(group["dy"]), MONTHS[group["dm"]], day))
        elif group["md_m"]:
            readings.append((_year(group["md_y"]), MONTHS[group["md_m"]], int(group["md_d"])))
        elif group["my_m"]:
            readings.append((_year(group["my_y"]), MONTHS[group["my_m"]], None))
        elif group["ny_m"]:
            readings.append((_year(group["ny_y"]), int(group["ny_m"]), None))
        elif group["compact"]:
            digits = group["compact"]
            if len(digits) == 8:
                readings.append((int(digits[4:]), int(digits[2:4]), int(digits[:2])))
                readings.append((int(digits[:4]), int(digits[4:6]), int(digits[6:])))
            else:
                readings.append((-int(digits[4:]), int(digits[2:4]), int(digits[:2])))
        elif group["hol"]:
            month, day = HOLIDAYS[re.sub(r"\s+", " ", group["hol"])]
            readings.append((_year(group["hy"]), month, day))
        valid = tuple(r for r in readings if 1 <= r[1] <= 12 and (r[2] is None or 1 <= r[2] <= 31))
        if valid:
            yield DateMention(match.start(), match.end(), valid)


def reading_is(reading: tuple[int | None, int, int | None], year: int, month: int, day: int) -> bool:
    """Whether a full reading (with day) could be this date."""
    r_year, r_month, r_day = reading
    if r_day is None or (r_month, r_day) != (month, day):
        return False
    if r_year is None:
        return True
    return r_year == year if r_year > 0 else -r_year == year % 100


# Postcodes -------------------------------------------------------------------------------------------------

POSTCODE_RE = re.compile(
    r"(?<![^\W_])(?P<out>[a-z]{1,2}\d[a-z\d]?|gir)[ \t]{0,2}(?:\r?\n[ \t]*)?(?P<in>\d[a-z]{2})(?![^\W_])"
)
_ORDINAL_INWARD = re.compile(r"\d(?:st|nd|rd|th)")


def normal_postcode(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def find_postcodes(
    folded: str, original: str, known: frozenset[str] = frozenset()
) -> Iterator[tuple[int, int, str]]:
    """UK postcode shapes in any case and spacing, as (start, end, normalised). "a1 2nd" in lower case reads
    as an ordinal, not a postcode, unless it is one of the `known` postcodes (normalised)."""
    for match in POSTCODE_RE.finditer(folded):
        normal = (match.group("out") + match.group("in")).upper()
        inward = original[match.start("in") : match.end("in")]
        if inward.islower() and _ORDINAL_INWARD.fullmatch(inward) and normal not in known:
            continue
        yield match.start(), match.end(), normal


# Numbers: NHS and phone ------------------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")
# What may stand between two groups of one number: a space or two, a dash or dot with spaces, brackets.
_GAP = re.compile(
    r"[ \t]{1,2}|[ \t]?\r?\n[ \t]?|[ \t]?[-.][ \t]?|[ \t]?\)[ \t]?|[ \t]?\([ \t]?|[ \t]?\)[ \t]?\([ \t]?"
)


def nhs_number_valid(digits: str) -> bool:
    """The NHS number check digit (modulus 11)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def uk_phone(digits: str, international: bool) -> bool:
    """A UK number: 0 then 9 or 10 digits (0 then 1, 2, 3, 5, 7, 8 or 9), or 44 then that without the 0."""
    if international:
        if not digits.startswith("44"):
            return False
        digits = digits[2:]
        if not digits.startswith("0"):
            digits = "0" + digits
    return 10 <= len(digits) <= 11 and digits[0] == "0" and digits[1] in "1235789"


@dataclasses.dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    digits: str
    international: bool  # written with +44 or 0044
    groups: tuple[int, ...] = ()  # the digit groups' lengths as written: (3, 3, 4) for "943 476 5919"


def find_numbers(folded: str) -> Iterator[NumberMention]:
    """Every run of digit groups that could be one number (joined by spaces, dashes, dots or brackets), and
    every run of consecutive groups inside it, so "in 2019 943 476 5919" still yields "943 476 5919"."""
    groups = [(m.start(), m.end()) for m in _DIGITS.finditer(folded)]
    index = 0
    while index < len(groups):
        cluster = [groups[index]]
        while index + 1 < len(groups):
            gap = folded[cluster[-1][1] : groups[index + 1][0]]
            if len(gap) <= 4 and _GAP.fullmatch(gap):
                cluster.append(groups[index + 1])
                index += 1
            else:
                break
        index += 1
        total = sum(end - start for start, end in cluster)
        if total < 9 or len(cluster) > 12:
            continue
        for first in range(len(cluster)):
            digits = ""
            for last in range(first, len(cluster)):
                digits += folded[cluster[last][0] : cluster[last][1]]
                if len(digits) > 14:
                    break
                if len(digits) < 9:
                    continue
                start, end = cluster[first][0], cluster[last][1]
                before = folded[max(0, start - 5) : start]
                international = False
                plus = re.search(r"(?:\+[ \t]?|00)$", before)
                if plus and digits.startswith("44"):
                    start -= len(plus.group(0))
                    international = True
                lengths = tuple(cluster[i][1] - cluster[i][0] for i in range(first, last + 1))
                yield NumberMention(start, end, digits, international, lengths)


# Email ----------------------------------------------------------------------------------------------------

_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._%+-'")
_DOMAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")


def find_emails(folded: str) -> Iterator[tuple[int, int]]:
    """Email addresses, found from each "@" outwards (no regex, so no backtracking on long words)."""
    position = folded.find("@")
    while position != -1:
        start = position
        while start > 0 and position - start < 64 and folded[start - 1] in _LOCAL:
            start -= 1
        while start < position and folded[start] in ".'-":
            start += 1
        end = position + 1
        while end < len(folded) and end - position < 254 and folded[end] in _DOMAIN:
            end += 1
        while end > position + 1 and folded[end - 1] in ".-":
            end -= 1
        domain = folded[position + 1 : end]
        labels = domain.split(".")
        if (
            start < position
            and len(labels) >= 2
            and all(labels)
            and labels[-1].isalpha()
            and len(labels[-1]) >= 2
        ):
            yield start, end
        position = folded.find("@", position + 1)
