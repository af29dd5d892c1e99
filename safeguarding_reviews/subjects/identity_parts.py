"""How identity details are written: names in parts, addresses in lines, UK postcodes, short lists. Pure.

The redaction check (issue 15 item 0) finds a person's first names, last name, known-as names and the
initials the family uses, and an address's first line, town and postcode, so they are kept apart rather than
as one free-text name or address. Old free text is split here on a best-effort basis (the data migrations
keep the text as recorded beside the parts; docs/referrals.md, "Names and addresses in parts").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# The shape of a UK postcode (outward code, then a digit and two letters), spaces optional. The shape, not
# the Royal Mail's list: a check that a place exists needs the Postcode Address File, which we do not hold.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_POSTCODE_AT_END = re.compile(r"(?:^|[\s,])([A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2})\s*$")
POSTCODE_ERROR = "Enter a real postcode, for example SW1A 1AA"
NAME_ERROR = "Enter their first names or their last name"

TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "master", "sir", "dame", "rev"}
)
# Lower-case words that belong to the last name that follows them ("Maria de la Cruz", "Anna van Dijk").
SURNAME_PARTICLES = frozenset(
    {
        "al",
        "bin",
        "binti",
        "da",
        "das",
        "de",
        "del",
        "della",
        "der",
        "di",
        "dos",
        "du",
        "el",
        "la",
        "le",
        "van",
        "von",
        "ter",
        "ten",
    }
)
_NICKNAMES = re.compile(r"\(([^)]*)\)|\"([^\"]*)\"|\u201c([^\u201d]*)\u201d|(?:(?<=\s)|^)'([^']*)'(?=\s|$)")
_LIST_SEPARATORS = re.compile(r"[,;/\n]+|\s+(?:or|and)\s+", re.IGNORECASE)
_KNOWN_AS_PREFIX = re.compile(r"^(?:a\.?k\.?a\.?|also known as|known as|nickname:?)\s+", re.IGNORECASE)


def normalise_postcode(text: str) -> str | None:
    """'sw1a1aa' or ' SW1A  1AA ' -> 'SW1A 1AA'; None if it is not shaped like a UK postcode."""
    compact = "".join((text or "").split()).upper()
    match = _POSTCODE.match(compact)
    if match is None:
        return None
    return f"{match.group(1)} {match.group(2)}"


def postcode_error(text: str) -> str | None:
    """Why a typed postcode cannot be saved (blank is allowed), or None."""
    if not (text or "").strip() or normalise_postcode(text) is not None:
        return None
    return POSTCODE_ERROR


def name_errors(first_names: str, last_name: str) -> dict[str, str]:
    """A person needs at least a first name or a last name (some people have one name, and a referrer may
    know only a child's first name)."""
    if (first_names or "").strip() or (last_name or "").strip():
        return {}
    return {"first_names": NAME_ERROR}


def clean_list(values: Iterable[str] | None) -> list[str]:
    """Trimmed, single-spaced, without blanks or repeats (ignoring case), in the order given."""
    seen: set[str] = set()
    result: list[str] = []
    for value in values or ():
        text = " ".join(str(value).split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            result.append(text)
    return result


def split_list(text: str) -> list[str]:
    """Several names typed in one box: separated by commas, semicolons, slashes, new lines, "or" or "and";
    "aka" and "known as" in front of a name are dropped."""
    parts = _LIST_SEPARATORS.split(text or "")
    return clean_list(_KNOWN_AS_PREFIX.sub("", part.strip()) for part in parts)


def split_lines(text: str) -> list[str]:
    """One entry per line (school names can hold commas)."""
    return clean_list((text or "").splitlines())


def split_name(text: str) -> tuple[str, str, list[str]]:
    """Best-effort split of a name written whole: (first names, last name, known-as names).

    The last word is the last name and the rest are first names, except that: "SMITH, Jayden" (a comma) is
    last name first; lower-case particles join the last name ("Maria de la Cruz"); a leading title (Mr, Dr)
    is dropped; a nickname in brackets or quotes ("Jayden (Jay) Smith") is a known-as name. A single word is
    taken as the last name. The text as recorded is kept beside the parts, so nothing is lost."""
    text = " ".join((text or "").split())
    known: list[str] = []
    for match in _NICKNAMES.finditer(text):
        known += split_list(next(group for group in match.groups() if group is not None))
    text = " ".join(_NICKNAMES.sub(" ", text).split())
    if text.count(",") == 1:
        last, _, first = (part.strip() for part in text.partition(","))
        if last and first:
            return _drop_titles(first.split()), last, clean_list(known)
        text = (last or first).strip()
    words = [word for word in text.replace(",", " ").split() if word]
    words = _drop_titles(words).split()
    if not words:
        return "", "", clean_list(known)
    start = len(words) - 1
    while start > 1 and words[start - 1] in SURNAME_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:]), clean_list(known)


def _drop_titles(words: list[str]) -> str:
    while len(words) > 1 and words[0].rstrip(".").casefold() in TITLES:
        words = words[1:]
    return " ".join(words)


def split_address(text: str) -> tuple[str, str, str]:
    """Best-effort split of an address written whole: (line 1, town, postcode).

    Lines are the text's lines and comma-separated parts. A last line shaped like a UK postcode (or ending
    in one: "Northbridge NB1 2AB") is the postcode, normalised; the line before it is the town; the lines
    before that are line 1, joined with commas so no part of the street is dropped (a flat and its building
    on two lines, a locality). One line alone is line 1."""
    parts = [" ".join(part.split()) for part in re.split(r"[\n\r,]+", text or "")]
    parts = [part for part in parts if part]
    postcode = ""
    if parts:
        found = normalise_postcode(parts[-1])
        if found is not None:
            postcode = found
            parts.pop()
        elif (match := _POSTCODE_AT_END.search(parts[-1])) is not None:
            found = normalise_postcode(match.group(1))
            if found is not None:
                postcode = found
                rest = parts[-1][: match.start(1)].strip(" ,")
                if rest:
                    parts[-1] = rest
                else:
                    parts.pop()
    town = parts.pop() if len(parts) >= 2 else ""
    return ", ".join(parts), town, postcode


def display_name(first_names: str, last_name: str, known_as: Iterable[str] | None = ()) -> str:
    """'Jayden Smith (known as Jay, JJ)': how screens show a name kept in parts."""
    name = " ".join(part for part in ((first_names or "").strip(), (last_name or "").strip()) if part)
    known = clean_list(known_as)
    if not known:
        return name
    also = ", ".join(known)
    return f"{name} (known as {also})" if name else f"Known as {also}"


def address_lines(line_1: str, town: str, postcode: str) -> list[str]:
    """The address's lines that are recorded, in order (for a summary list or a letter)."""
    return [line for line in ((line_1 or "").strip(), (town or "").strip(), (postcode or "").strip()) if line]


def parts_from_recorded(name: str, other_names: str = "", address: str = "") -> dict[str, Any]:
    """The parts of a name (and its other names) and an address recorded as free text, cut to the columns'
    lengths (the text as recorded is kept beside them): what the data migrations write."""
    first, last, nicknames = split_name(name)
    line_1, town, postcode = split_address(address)
    return {
        "first_names": first[:200],
        "last_name": last[:200],
        "known_as": clean_list([*nicknames, *split_list(other_names)]),
        "address_line_1": line_1[:300],
        "town": town[:100],
        "postcode": postcode,
    }


def recorded_from_parts(
    first_names: str, last_name: str, line_1: str = "", town: str = "", postcode: str = ""
) -> tuple[str, str]:
    """The name and address as one text each, from their parts (the data migrations' way back)."""
    name = " ".join(part for part in ((first_names or "").strip(), (last_name or "").strip()) if part)
    return name[:200], "\n".join(address_lines(line_1, town, postcode))
