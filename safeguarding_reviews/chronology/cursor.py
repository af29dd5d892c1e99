"""The merged chronology's page cursor (`?after=`): written and read here, independent of any database.

A cursor is the merge key (chronology.ordering.ORDER_BY) of the last entry on the previous page, as six
dot-separated fields of ASCII digits (`format_cursor`):

    YYYYMMDD . has_time (0 or 1) . HHMMSS . agency id . agency order . entry id

for example ``20250304.1.143000.12.3.4567``. It arrives in the query string, so anyone can edit it:
`parse_cursor` accepts only exactly that shape, with a real date and time and each number between 0 and
MAX_NUMBER (the largest integer SQLite and PostgreSQL's bigint hold), and answers None ("unreadable") for
anything else: never an exception, never a value the database cannot compare (a number beyond 64 bits
raised OverflowError on SQLite: security finding 3). Unicode digits (``'١٢'``), signs, spaces, NUL and empty
fields are unreadable. Table and property tests: chronology/tests/test_cursor.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

MAX_NUMBER = 2**63 - 1
MAX_NUMBER_DIGITS = len(str(MAX_NUMBER))  # 19
MAX_LENGTH = 8 + 1 + 6 + 3 * MAX_NUMBER_DIGITS + 5  # the longest readable cursor
_SHAPE = re.compile(
    rf"(\d{{8}})\.([01])\.(\d{{6}})\.(\d{{1,{MAX_NUMBER_DIGITS}}})"
    rf"\.(\d{{1,{MAX_NUMBER_DIGITS}}})\.(\d{{1,{MAX_NUMBER_DIGITS}}})",
    re.ASCII,  # \d is [0-9] only: no Arabic-Indic or other Unicode digits
)


class MergeKey(NamedTuple):
    """An entry's place in the merge order; compares like the tuple ORDER_BY describes."""

    sort_date: dt.date
    has_time: bool
    sort_time: dt.time
    agency_id: int
    agency_order: int
    id: int


def parse_cursor(text: Any) -> MergeKey | None:
    """The merge key in a cursor, or None when it cannot be read (the caller shows the first page)."""
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return None
    match = _SHAPE.fullmatch(text)
    if match is None:
        return None
    day, has_time, clock_time, agency_id, agency_order, entry_id = match.groups()
    numbers = (int(agency_id), int(agency_order), int(entry_id))
    if any(number > MAX_NUMBER for number in numbers):
        return None
    try:
        sort_date = dt.date(int(day[:4]), int(day[4:6]), int(day[6:]))
        sort_time = dt.time(int(clock_time[:2]), int(clock_time[2:4]), int(clock_time[4:]))
    except ValueError:  # month 13, 30 February, hour 24, year 0 ...
        return None
    return MergeKey(sort_date, has_time == "1", sort_time, *numbers)


def format_cursor(key: MergeKey | tuple[Any, ...]) -> str:
    """The cursor for a merge key (the inverse of `parse_cursor`)."""
    sort_date, has_time, sort_time, agency_id, agency_order, entry_id = key
    return ".".join(
        [
            f"{sort_date.year:04d}{sort_date.month:02d}{sort_date.day:02d}",
            "1" if has_time else "0",
            f"{sort_time.hour:02d}{sort_time.minute:02d}{sort_time.second:02d}",
            str(int(agency_id)),
            str(int(agency_order)),
            str(int(entry_id)),
        ]
    )
