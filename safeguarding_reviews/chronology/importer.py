"""The app's own chronology template (CSV or XLSX): parse and validate every row, import nothing unless the
whole file is valid. Pure: no database. The caller passes the agencies it may use, by name.

Reading is chronology/reading.py (size, row and zip limits; only visible sheets; formula cells found by their
type; UTF-8, UTF-16 and Windows-1252 CSV) and dates are chronology/dates.py (UK day first; a date in the
future is a problem). Text that starts like a formula ("=" or "@") or a formula cell is a problem at its row
and column; a leading "-" or "+" is ordinary narrative. Exports still escape all of them (`escape_cell`).
Title rows above the headings are skipped. Every problem in the file is found (at most 200 listed,
`problem_count` says how many in all).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import dates, layout
from .reading import (
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_MEMBERS,
    FileRefused,
    Problem,
    read_file,
)
from .validation import (
    FORMULA_MESSAGE,
    MAX_LISTED_PROBLEMS,
    apply_precision,
    cell_text,
    data_row_count,
    data_rows,
    hidden_warnings,
    is_formula,
    too_many_rows,
)

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MAX_ZIP_MEMBERS",
    "FileRefused",
    "ImportResult",
    "ParsedRow",
    "Problem",
    "escape_cell",
    "parse",
]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# (column heading, key) in template order.
COLUMNS = [
    ("Date", "date"),
    ("Precision", "precision"),
    ("Time", "time"),
    ("Agency", "agency"),
    ("Source record", "source_record"),
    ("Event type", "event_type"),
    ("What happened", "what_happened"),
    ("Practitioner role", "practitioner_role"),
    ("Key episode", "key_episode"),
    ("Analysis", "analysis"),
]
# Read when present (the XLSX export writes it after the template's ten, so an export corrected and imported
# again keeps it); never missing.
OPTIONAL_COLUMNS = [("Who was seen", "who_seen")]
HEADING = dict((key, heading) for heading, key in [*COLUMNS, *OPTIONAL_COLUMNS])
WHO_SEEN_MAX = 100  # the entry's field (ChronologyEntry.who_seen); services and mapped use this one
PRECISIONS = {
    "": "exact",
    "exact": "exact",
    "month": "month",
    "approximate": "approximate",
    "approx": "approximate",
}
YES = {"yes", "y", "true", "1"}
NO = {"", "no", "n", "false", "0"}
TEXT_LIMITS = {"source_record": 200, "practitioner_role": 200, "what_happened": 10_000, "analysis": 10_000}


@dataclass
class ParsedRow:
    row: int
    date: dt.date
    precision: str
    time: dt.time | None
    agency_id: int
    source_record: str
    event_type: str
    what_happened: str
    practitioner_role: str
    is_key_episode: bool
    analysis: str
    # Not stored yet (the model holds a date and exact/month/approximate): the whole reading of the date.
    parsed_date: dates.ParsedDate | None = None
    who_seen: str = ""


@dataclass
class ImportResult:
    rows: list[ParsedRow] = field(default_factory=list)
    all_problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # kept for callers; nothing is noted any more
    warnings: list[str] = field(default_factory=list)  # never block: hidden sheets skipped, encoding used

    @property
    def problems(self) -> list[Problem]:
        """At most 200 (MAX_LISTED_PROBLEMS) in row order; `problem_count` is the total."""
        return self.all_problems[:MAX_LISTED_PROBLEMS]

    @property
    def problem_count(self) -> int:
        return len(self.all_problems)

    @property
    def ok(self) -> bool:
        return not self.all_problems and bool(self.rows)


def escape_cell(value: Any) -> Any:
    """A spreadsheet export cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _failed(result: ImportResult, problem: Problem) -> ImportResult:
    result.all_problems.append(problem)
    result.rows = []
    return result


def parse(
    name: str,
    data: bytes,
    *,
    agencies: Mapping[str, int],
    event_types: Iterable[tuple[str, str]],
    today: dt.date | None = None,
) -> ImportResult:
    """Parse and validate a whole file. `agencies` maps agency name (any case) to id; `event_types` are
    (code, label) pairs; `today` (Europe/London, from the caller) decides which dates are in the future. A
    result with any problem must not be imported."""
    if today is None:
        today = dt.datetime.now(dt.UTC).date()
    result = ImportResult()
    agency_ids = {key.strip().lower(): value for key, value in agencies.items()}
    types: dict[str, str] = {}
    for code, label in event_types:
        types[code.lower()] = code
        types[label.lower()] = code
    read = read_file(name, data)
    result.warnings.extend(read.warnings)
    if read.problems:
        result.all_problems.extend(read.problems)
        return result
    grid, said = layout.choose_sheet(read.sheets)
    if said:
        result.warnings.append(said)
    if grid is not None:
        result.warnings.extend(hidden_warnings(grid))
    if grid is None or not grid.rows:
        return _failed(result, Problem(None, None, "The file is empty"))
    found = layout.find_heading_row(grid)
    header_row, header = found if found is not None else grid.rows[0]
    positions: dict[str, int] = {}
    by_heading = {heading.lower(): key for heading, key in [*COLUMNS, *OPTIONAL_COLUMNS]}
    for index, cell in enumerate(header):
        key = by_heading.get(cell_text(cell).lower())
        if key and key not in positions:
            positions[key] = index
    missing = [heading for heading, key in COLUMNS if key not in positions]
    for heading in missing:
        result.all_problems.append(
            Problem(header_row, heading, "The column is missing. Use the template's headings")
        )
    if missing:
        return result
    count = data_row_count(grid, header_row)
    if count > MAX_ROWS:
        return _failed(result, too_many_rows(count))
    letters = {key: layout.column_letter(index) for key, index in positions.items()}
    headings_by_index = {index: HEADING[key] for key, index in positions.items()}
    for number, record in data_rows(grid, header_row):
        values = {key: record[index] if index < len(record) else None for key, index in positions.items()}
        formulas = [
            Problem(
                number,
                headings_by_index.get(index),
                FORMULA_MESSAGE,
                layout.column_letter(index),
            )
            for index, value in enumerate(record)
            if is_formula(value)
        ]
        parsed = _parse_row(number, values, agency_ids, types, letters, read.epoch, today, formulas)
        if parsed is not None:
            result.rows.append(parsed)
        else:
            result.all_problems.extend(formulas)
    if not result.rows and not result.all_problems:
        result.all_problems.append(Problem(None, None, "The file has no entries below the headings"))
    if result.all_problems:
        result.all_problems.sort(key=lambda p: p.row or 0)
    return result


def _parse_row(
    number: int,
    values: dict[str, Any],
    agencies: Mapping[str, int],
    types: Mapping[str, str],
    letters: Mapping[str, str],
    epoch: dt.date,
    today: dt.date,
    formulas: list[Problem],
) -> ParsedRow | None:
    problems: list[Problem] = []
    formula_columns = {p.letter for p in formulas}

    def problem(key: str, message: str) -> None:
        problems.append(Problem(number, HEADING[key], message, letters[key]))

    def plain(key: str) -> Any:
        return None if letters[key] in formula_columns else values[key]

    precision = PRECISIONS.get(cell_text(plain("precision")).lower())
    if precision is None:
        if letters["precision"] not in formula_columns:
            problem("precision", "Enter exact, month or approximate")
        precision = "exact"
    parsed: dates.ParsedDate | None = None
    if cell_text(values["date"]) == "":
        problem("date", "Enter the date")
    elif letters["date"] not in formula_columns:
        try:
            parsed = dates.parse_date(values["date"], today=today, epoch=epoch)
        except dates.DateProblem as exc:
            problem("date", f"Enter a real date. {exc.message}")
        else:
            if precision == "exact" and parsed.precision != dates.EXACT:
                if cell_text(values["precision"]) == "":
                    precision = parsed.legacy_precision
                else:
                    problem(
                        "date",
                        "The date is not a single day: enter the day, or set Precision to month or "
                        "approximate",
                    )
            parsed = apply_precision(parsed, precision if precision != "exact" else None)
            future = dates.date_problem(parsed, today=today)
            if future:
                problem("date", future)
    time: dt.time | None = parsed.time if parsed is not None else None
    try:
        time = dates.parse_time(plain("time")) or time
    except dates.DateProblem:
        problem("time", "Enter a time like 14:30, or leave it blank")
    agency_name = cell_text(plain("agency"))
    agency_id = agencies.get(agency_name.lower())
    if letters["agency"] in formula_columns:
        pass
    elif not agency_name:
        problem("agency", "Enter the agency")
    elif agency_id is None:
        problem("agency", "This is not one of the partnership's agencies. Use the agency's name as listed")
    event_type = types.get(cell_text(plain("event_type")).lower())
    if event_type is None and letters["event_type"] not in formula_columns:
        problem("event_type", "Enter one of the event types listed in the template")
    what = cell_text(plain("what_happened"))
    if not what and letters["what_happened"] not in formula_columns:
        problem("what_happened", "Enter what happened")
    key = cell_text(plain("key_episode")).lower()
    if key not in YES | NO:
        problem("key_episode", "Enter yes or no, or leave it blank")
    texts = {name: cell_text(plain(name)) for name in TEXT_LIMITS}
    for name, limit in TEXT_LIMITS.items():
        if len(texts[name]) > limit:
            problem(name, f"Must be {limit:,} characters or fewer")
    who_seen = cell_text(plain("who_seen")) if "who_seen" in letters else ""
    if len(who_seen) > WHO_SEEN_MAX:
        problem("who_seen", f"Must be {WHO_SEEN_MAX} characters or fewer: initials or roles only")
    if problems or formulas:
        problems.extend(formulas)
        problems.sort(key=lambda p: p.letter or "")
        formulas[:] = problems
        return None
    assert parsed is not None and agency_id is not None and event_type is not None
    return ParsedRow(
        row=number,
        date=parsed.date_from,
        precision=precision,
        time=time,
        agency_id=agency_id,
        source_record=texts["source_record"],
        event_type=event_type,
        what_happened=texts["what_happened"],
        practitioner_role=texts["practitioner_role"],
        is_key_episode=key in YES,
        analysis=texts["analysis"],
        parsed_date=parsed,
        who_seen=who_seen,
    )


Window = tuple[dt.date | None, dt.date | None] | None


def window_warnings(rows: Iterable[ParsedRow], windows: Mapping[int, Window]) -> list[Problem]:
    """Each row whose date lies outside the period its agency was asked to cover (`windows`: agency id →
    (from, to) or None), at its row and the "Date" column: a warning the importer must accept, never a
    problem (the same rule as the mapping preview, dates.window_warning)."""
    found = []
    for row in rows:
        parsed = row.parsed_date or dates.ParsedDate(
            row.date, row.date, dates.EXACT, row.time, f"{row.date:%d/%m/%Y}"
        )
        warning = dates.window_warning(parsed, windows.get(row.agency_id))
        if warning:
            found.append(Problem(row.row, "Date", warning))
    return found
