"""Checking a whole agency chronology file: read it (reading.py), find its layout (layout.py), read every
row's date (dates.py) and say every problem at once. Pure: no Django; `manage.py chronology_check` and, later,
the mapping pages call `check_file`. Nothing is importable unless the whole file is valid (warnings never
block).

Rows: a completely blank row is skipped. A row with a date but no text in any narrative column (what happened,
action taken, outcome, analysis), or text but no date, is a problem. A row holding text in one cell only and
no date, before the first dated row (an instruction) or after the last one (a footer such as "End of
chronology" or "Total: 12"), is ignored with a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import dates, layout
from .reading import MAX_ROWS, Formula, Grid, Problem, ReadResult, is_blank, read_file

MAX_LISTED_PROBLEMS = 200
MAX_LISTED_DATE_WARNINGS = 20  # in the JSON's warnings (the preview page lists up to MAX_LISTED_PROBLEMS)
FORMULA_MESSAGE = "A formula, not a value: paste values only"
TEXT_LIMITS = {
    "source_record": 200,
    "practitioner_role": 200,
    "who_was_seen": 1_000,
    "what_happened": 10_000,
    "action_taken": 10_000,
    "outcome": 10_000,
    "analysis": 10_000,
}
YES = {"yes", "y", "true", "1", "key", "key episode", "x", "✓", "✔"}
NO = {"", "no", "n", "false", "0", "-", "n/a", "na", "not applicable", "none"}
PRECISION_WORDS = {
    "": None,
    "exact": dates.EXACT,
    "month": dates.MONTH,
    "approximate": dates.APPROXIMATE,
    "approx": dates.APPROXIMATE,
}


@dataclass
class CandidateRow:
    """One valid row, ready for the import service (and, later, for the fields the model does not hold yet:
    action taken, outcome, who was seen, the date as written and its span)."""

    row: int
    date: dates.ParsedDate
    time: dt.time | None
    source_record: str = ""
    event_type: str = "other"  # a ChronologyEventType code
    event_type_as_written: str = ""
    what_happened: str = ""
    action_taken: str = ""
    outcome: str = ""
    analysis: str = ""
    practitioner_role: str = ""
    who_was_seen: str = ""
    is_key_episode: bool = False
    agency_as_written: str = ""

    @property
    def narrative(self) -> str:
        """What happened, or (when only the other narrative columns hold text) those, under their names."""
        if self.what_happened:
            return self.what_happened
        parts = [
            (label, text)
            for label, text in (
                ("Action taken", self.action_taken),
                ("Outcome", self.outcome),
                ("Analysis", self.analysis),
            )
            if text
        ]
        return "\n\n".join(f"{label}: {text}" for label, text in parts)


@dataclass
class CheckResult:
    sheet: str | None = None
    header_row: int | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # {"column heading": "field"}
    layout: layout.Layout | None = None
    rows: list[CandidateRow] = field(default_factory=list)
    row_count: int = 0  # data rows read (blank rows skipped)
    all_problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Dates outside the review window, at their row and column: warnings the importer must accept (the
    # mapping preview lists them like problems); as_json() adds them to `warnings` as text.
    date_warnings: list[Problem] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    visible_sheets: list[str] = field(default_factory=list)
    encoding: str | None = None
    # Every distinct type of event as written in the file, in the order first seen (for the value table).
    event_type_values: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """At most MAX_LISTED_PROBLEMS, in row order; `problem_count` is the total."""
        return self.all_problems[:MAX_LISTED_PROBLEMS]

    @property
    def problem_count(self) -> int:
        return len(self.all_problems)

    @property
    def would_import(self) -> int:
        return 0 if self.all_problems else len(self.rows)

    @property
    def ok(self) -> bool:
        return not self.all_problems and bool(self.rows)

    def as_json(self) -> dict[str, Any]:
        warnings = list(self.warnings)
        warnings.extend(f"Row {w.row}: {w.message}" for w in self.date_warnings[:MAX_LISTED_DATE_WARNINGS])
        if len(self.date_warnings) > MAX_LISTED_DATE_WARNINGS:
            warnings.append(f"{len(self.date_warnings)} rows in all are outside the review period")
        if self.problem_count > MAX_LISTED_PROBLEMS:
            warnings.append(
                f"{self.problem_count:,} problems in all; the first {MAX_LISTED_PROBLEMS} are listed"
            )
        return {
            "sheet": self.sheet,
            "header_row": self.header_row or 0,
            "mapping": dict(self.mapping),
            "rows": self.row_count,
            "would_import": self.would_import,
            "problems": [{"row": p.row, "column": p.place, "message": p.message} for p in self.problems],
            "skipped_sheets": list(self.skipped_sheets),
            "warnings": warnings,
        }


def hidden_warnings(grid: Grid) -> list[str]:
    """Hidden rows and columns inside the sheet are read like the others: say so, so nobody is surprised."""
    warnings = []
    if grid.hidden_rows:
        shown = ", ".join(str(n) for n in grid.hidden_rows[:10]) + (
            " …" if len(grid.hidden_rows) > 10 else ""
        )
        warnings.append(f"Hidden rows were read like the others: {shown}")
    if grid.hidden_columns:
        shown = ", ".join(grid.hidden_columns[:10]) + (" …" if len(grid.hidden_columns) > 10 else "")
        warnings.append(f"Hidden columns were read like the others: {shown}")
    return warnings


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a spurious ".0", dates as dd/mm/yyyy, line breaks kept."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != dt.time(0) else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    text = str(value)
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def is_formula(value: Any) -> bool:
    """A formula cell, or text typed to start like one ("=" or "@"). A leading "-" or "+" is ordinary
    narrative ("- seen by GP") and allowed; exports still escape it."""
    if isinstance(value, Formula):
        return True
    return isinstance(value, str) and value.lstrip().startswith(("=", "@"))


def too_many_rows(count: int) -> Problem:
    return Problem(
        None, None, f"The file has {count:,} rows; the limit is {MAX_ROWS:,}. Split it into smaller files"
    )


def data_rows(grid: Grid, header_row: int) -> list[tuple[int, tuple[Any, ...]]]:
    return [(number, cells) for number, cells in grid.rows if number > header_row]


def data_row_count(grid: Grid, header_row: int) -> int:
    above = sum(1 for number, _ in grid.rows if number <= header_row)
    return grid.row_count - above


def _cell(cells: Sequence[Any], index: int) -> Any:
    return cells[index] if index < len(cells) else None


def _yes_no(value: Any) -> bool | None:
    text = cell_text(value).lower().rstrip(".")
    first = text.split(maxsplit=1)[0].strip(".,;:-") if text else ""
    if text in YES or first in YES:
        return True
    if text in NO or first in NO:
        return False
    return None


def check_file(
    name: str,
    data: bytes,
    *,
    today: dt.date,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    window: tuple[dt.date | None, dt.date | None] | None = None,
    event_types: Mapping[str, str] | None = None,
) -> CheckResult:
    """Read, map and check a whole file without touching a database. `mapping` ({"column heading": "field"})
    overrides the suggested mapping for the headings it names; `event_types` overrides the value table
    (layout.EVENT_TYPE_VALUES); `window` (from, to) gives a warning for dates outside it."""
    read = read_file(name, data, sheet=sheet)
    return check_read(read, today=today, mapping=mapping, window=window, event_types=event_types)


def check_read(
    read: ReadResult,
    *,
    today: dt.date,
    mapping: Mapping[str, str] | None = None,
    window: tuple[dt.date | None, dt.date | None] | None = None,
    event_types: Mapping[str, str] | None = None,
) -> CheckResult:
    result = CheckResult(
        skipped_sheets=list(read.skipped_sheets),
        visible_sheets=list(read.visible_sheets),
        encoding=read.encoding,
        warnings=list(read.warnings),
    )
    if read.problems:
        result.all_problems.extend(read.problems)
        return result
    grid, said = layout.choose_sheet(read.sheets, mapping=mapping)
    if grid is None:
        result.all_problems.append(Problem(None, None, "The file is empty"))
        return result
    if said:
        result.warnings.append(said)
    result.warnings.extend(hidden_warnings(grid))
    result.sheet = grid.name
    if not grid.rows:
        result.all_problems.append(Problem(None, None, "The file is empty"))
        return result
    found, errors = layout.build_layout(grid, mapping=mapping, today=today)
    result.all_problems.extend(Problem(None, None, error) for error in errors)
    if found is None:
        return result
    result.layout = found
    result.header_row = found.header_row
    result.mapping = found.heading_mapping()
    result.warnings.extend(found.warnings)
    result.row_count = data_row_count(grid, found.header_row)
    if result.row_count > MAX_ROWS:
        result.all_problems.append(too_many_rows(result.row_count))
        return result
    if not found.columns_for("date"):
        result.all_problems.append(
            Problem(
                found.header_row,
                None,
                "No column holds the date. Name the date column (for example “Date”), or give a mapping",
            )
        )
    if not any(found.columns_for(name) for name in layout.NARRATIVE_FIELDS):
        result.all_problems.append(
            Problem(
                found.header_row,
                None,
                "No column holds what happened. Name it (for example "
                "“Summary” or “What happened”), or give a mapping",
            )
        )
    if result.all_problems:
        return result
    _check_rows(grid, found, result, read.epoch, today, window, event_types)
    if not result.rows and not result.all_problems:
        result.all_problems.append(Problem(None, None, "The file has no entries below the headings"))
    return result


def _outside_the_entries(
    number: int,
    cells: Sequence[Any],
    filled: list[int],
    first: int,
    last: int,
    date_index: int,
    narrative: set[int],
) -> bool:
    """Before the first dated row (guidance such as "dd/mm/yyyy | Role, not name": words in the date column)
    or after the last (a footer such as "End of chronology" or "Total | 12"): not an entry. A cell that looks
    like a date keeps the row an entry, so a bad first or last date is still a problem."""
    if first <= number <= last or not filled:
        return False
    texts = [cell_text(cells[index]) for index in filled]
    if any(layout.DATE_LIKE.search(text) for text in texts):
        return False
    if number < first:
        date_text = cell_text(_cell(cells, date_index))
        if len(filled) == 1:
            return filled[0] not in narrative  # text alone in a narrative column is an entry with no date
        return bool(date_text) and not any(ch.isdigit() for ch in date_text)
    return len(filled) == 1 or (len(filled) == 2 and any(text.replace(",", "").isdigit() for text in texts))


def _header_cells(grid: Grid, number: int) -> tuple[Any, ...]:
    for row_number, cells in grid.rows:
        if row_number == number:
            return cells
    return ()


def _reads_as_date(value: Any, today: dt.date, epoch: dt.date) -> bool:
    if is_blank(value) or is_formula(value):
        return False
    try:
        dates.parse_date(value, today=today, epoch=epoch)
    except dates.DateProblem:
        return False
    return True


def _joined(cells: Sequence[Any], columns: Sequence[layout.Column]) -> str:
    texts = [(column.heading, cell_text(_cell(cells, column.index))) for column in columns]
    if len(columns) == 1:
        return texts[0][1]
    return "\n\n".join(f"{heading}: {text}" for heading, text in texts if text)


def _check_rows(
    grid: Grid,
    found: layout.Layout,
    result: CheckResult,
    epoch: dt.date,
    today: dt.date,
    window: tuple[dt.date | None, dt.date | None] | None,
    event_types: Mapping[str, str] | None,
) -> None:
    [date_column] = found.columns_for("date")
    rows = data_rows(grid, found.header_row)
    dated = [
        number for number, cells in rows if _reads_as_date(_cell(cells, date_column.index), today, epoch)
    ]
    first_dated, last_dated = (dated[0], dated[-1]) if dated else (0, 0)
    unknown_types: list[str] = []
    seen_types: dict[str, None] = {}
    heading = [cell_text(c).lower() for c in _header_cells(grid, found.header_row)]
    narrative = {c.index for name in layout.NARRATIVE_FIELDS for c in found.columns_for(name)}
    keyed = layout.keyed_values(event_types if event_types is not None else layout.EVENT_TYPE_VALUES)
    for number, cells in rows:
        filled = [index for index, value in enumerate(cells) if not is_blank(value)]
        if len(filled) > 1 and [cell_text(c).lower() for c in cells] == heading[: len(cells)]:
            result.warnings.append(f"Row {number} repeats the headings: not imported")
            continue
        if _outside_the_entries(number, cells, filled, first_dated, last_dated, date_column.index, narrative):
            text = " | ".join(cell_text(cells[index]) for index in filled)[:80]
            where = "before the first" if number < first_dated else "after the last"
            result.warnings.append(
                f"Row {number} is {where} dated entry and holds only “{text}”: not imported"
            )
            continue
        candidate, problems, warning = _check_row(
            number, cells, found, epoch, today, window, keyed, unknown_types, seen_types
        )
        result.all_problems.extend(problems)
        if warning:
            result.date_warnings.append(Problem(number, date_column.heading, warning, date_column.letter))
        if candidate is not None and not problems:
            result.rows.append(candidate)
    result.event_type_values = list(seen_types)
    if unknown_types:
        examples = ", ".join(f"“{t}”" for t in sorted(set(unknown_types))[:5])
        rows_have = "1 row has" if len(unknown_types) == 1 else f"{len(unknown_types):,} rows have"
        result.warnings.append(
            f"{rows_have} a type of event that is not on the list: it will be “Other” with the words kept as "
            f"written ({examples})"
        )


def _check_row(
    number: int,
    cells: Sequence[Any],
    found: layout.Layout,
    epoch: dt.date,
    today: dt.date,
    window: tuple[dt.date | None, dt.date | None] | None,
    keyed: Mapping[frozenset[str], str],
    unknown_types: list[str],
    seen_types: dict[str, None] | None = None,
) -> tuple[CandidateRow | None, list[Problem], str | None]:
    problems: list[Problem] = []

    def problem(column: layout.Column | None, message: str) -> None:
        problems.append(
            Problem(number, column.heading if column else None, message, column.letter if column else None)
        )

    for index, value in enumerate(cells):
        if is_formula(value):
            problem(found.column(index), FORMULA_MESSAGE)
    if problems:
        formula_columns = {p.letter for p in problems}
    else:
        formula_columns = set()

    def usable(column: layout.Column) -> bool:
        return column.letter not in formula_columns

    [date_column] = found.columns_for("date")
    texts: dict[str, str] = {}
    for name in layout.TEXT_FIELDS:
        columns = [c for c in found.columns_for(name) if usable(c)]
        texts[name] = _joined(cells, columns) if columns else ""
    has_narrative = any(texts[name] for name in layout.NARRATIVE_FIELDS) or any(
        not usable(c) for name in layout.NARRATIVE_FIELDS for c in found.columns_for(name)
    )
    raw_date = _cell(cells, date_column.index)
    parsed: dates.ParsedDate | None = None
    warning = None
    if is_blank(raw_date):
        problem(date_column, "This row has text but no date. Enter the date")
    elif usable(date_column):
        try:
            parsed = dates.parse_date(raw_date, today=today, epoch=epoch)
        except dates.DateProblem as exc:
            problem(date_column, exc.message)
        else:
            precision_columns = found.columns_for("precision")
            if precision_columns:
                parsed = _with_precision(
                    parsed, _cell(cells, precision_columns[0].index), precision_columns[0], problem
                )
            future = dates.date_problem(parsed, today=today) if parsed else None
            if future:
                problem(date_column, future)
            elif parsed:
                warning = dates.window_warning(parsed, window)
    if not has_narrative and not is_blank(raw_date):
        narrative = [c.heading for name in layout.NARRATIVE_FIELDS for c in found.columns_for(name)]
        columns = found.columns_for("what_happened") or [
            c for name in layout.NARRATIVE_FIELDS for c in found.columns_for(name)
        ]
        problem(
            columns[0],
            "This row has a date but no text in "
            + ", ".join(f"“{h}”" for h in narrative)
            + ". Enter what happened",
        )
    time = parsed.time if parsed else None
    for column in found.columns_for("time"):
        if not usable(column):
            continue
        try:
            time = dates.parse_time(_cell(cells, column.index)) or time
        except dates.DateProblem as exc:
            problem(column, exc.message)
    if time is not None and parsed is not None and parsed.date_from != parsed.date_to:
        problem(date_column, "A time is given but the date is not a single day. Enter the day")
    event_code, event_written = "other", ""
    for column in found.columns_for("event_type"):
        if not usable(column):
            continue
        event_written = cell_text(_cell(cells, column.index))
        if event_written:
            if seen_types is not None and len(seen_types) < 500:
                seen_types[event_written] = None
            event_code, known = layout.event_type_for(event_written, keyed=keyed)
            if not known:
                unknown_types.append(event_written[:40])
    key = False
    for column in found.columns_for("key_episode"):
        if not usable(column):
            continue
        answer = _yes_no(_cell(cells, column.index))
        if answer is None:
            problem(column, "Enter yes or no, or leave it blank")
        key = bool(answer)
    for name, limit in TEXT_LIMITS.items():
        if len(texts.get(name, "")) > limit:
            problem(found.columns_for(name)[0], f"Must be {limit:,} characters or fewer")
    agency = ""
    for column in found.columns_for("agency"):
        if not usable(column):
            continue
        agency = cell_text(_cell(cells, column.index))
    if problems or parsed is None:
        return None, problems, None
    return (
        CandidateRow(
            row=number,
            date=parsed,
            time=time,
            source_record=texts["source_record"],
            event_type=event_code,
            event_type_as_written=event_written,
            what_happened=texts["what_happened"],
            action_taken=texts["action_taken"],
            outcome=texts["outcome"],
            analysis=texts["analysis"],
            practitioner_role=texts["practitioner_role"],
            who_was_seen=texts["who_was_seen"],
            is_key_episode=key,
            agency_as_written=agency,
        ),
        problems,
        warning,
    )


def _with_precision(
    parsed: dates.ParsedDate, value: Any, column: layout.Column, problem: Any
) -> dates.ParsedDate | None:
    """The app's own template: its Precision column (exact, month, approximate) says how to read the date."""
    word = cell_text(value).lower()
    if word not in PRECISION_WORDS:
        problem(column, "Enter exact, month or approximate")
        return None
    wanted = PRECISION_WORDS[word]
    return apply_precision(parsed, wanted)


def apply_precision(parsed: dates.ParsedDate, wanted: str | None) -> dates.ParsedDate:
    """A stated precision over what the date's own words say: month widens a day to its month;
    approximate marks it approximate; exact (or none) keeps the date's own reading."""
    if wanted == dates.MONTH and parsed.precision == dates.EXACT:
        start = parsed.date_from.replace(day=1)
        end = dates.month_end(start.year, start.month)
        return dates.ParsedDate(start, end, dates.MONTH, None, parsed.date_as_written)
    if wanted == dates.APPROXIMATE and parsed.precision != dates.APPROXIMATE:
        return dates.ParsedDate(
            parsed.date_from, parsed.date_to, dates.APPROXIMATE, parsed.time, parsed.date_as_written
        )
    return parsed
