"""Reading a chronology spreadsheet (CSV or XLSX): parse and validate every row, import nothing unless
the whole file is valid. Pure: no database. The caller passes the agencies it may use, by name.

Formula-like cells (starting with =, +, - or @) are kept as plain text: openpyxl never evaluates
formulas and CSV cells are only ever strings. Exports escape them (`escape_cell`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_ROWS = 10_000
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # the zip's declared sizes, checked before openpyxl opens it
MAX_ZIP_MEMBERS = 200
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
HEADING = dict((key, heading) for heading, key in COLUMNS)
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


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row number (the heading is row 1); None for the whole file
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column:
            where.append(f"column “{self.column}”")
        return f"{', '.join(where)}: {self.message}" if where else self.message


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


@dataclass
class ImportResult:
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # not errors: formula-like text kept as text

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


class FileRefused(Exception):
    pass


def escape_cell(value: Any) -> Any:
    """A spreadsheet export cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_date(value: Any, precision: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value)
    formats = ["%Y-%m-%d", "%d/%m/%Y"]
    if precision == "month":
        formats += ["%Y-%m", "%m/%Y", "%B %Y", "%b %Y"]
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError


def _parse_time(value: Any) -> dt.time | None:
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    text = _cell_text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", text):
        raise ValueError
    parts = [int(p) for p in text.split(":")] + [0]
    return dt.time(parts[0], parts[1], parts[2])


def _sniff_kind(name: str, data: bytes) -> str:
    lower = name.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(".xlsx"):
        return "xlsx"
    raise FileRefused("The file must be a CSV or XLSX spreadsheet (.csv or .xlsx)")


def _check_xlsx(data: bytes) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise FileRefused("The file is not an XLSX spreadsheet. Save it as .xlsx or .csv and try again")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
                raise FileRefused(
                    "The file is not an XLSX spreadsheet. Save it as .xlsx or .csv and try again"
                )
            if len(infos) > MAX_ZIP_MEMBERS or sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
                raise FileRefused("The spreadsheet is too large once unpacked (more than 50 MB). Split it up")
    except zipfile.BadZipFile as exc:
        raise FileRefused(
            "The file is not an XLSX spreadsheet. Save it as .xlsx or .csv and try again"
        ) from exc


def _xlsx_rows(data: bytes) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise FileRefused("The spreadsheet could not be read. Save it again as .xlsx and try again") from exc
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[tuple[Any, ...]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused("The CSV file must be saved as UTF-8 text") from exc
    if "\x00" in text:
        raise FileRefused("The file is not a CSV spreadsheet")
    for record in csv.reader(io.StringIO(text)):
        yield tuple(record)


def read_rows(name: str, data: bytes) -> Iterator[tuple[Any, ...]]:
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileRefused("The file must be smaller than 10 MB")
    kind = _sniff_kind(name, data)
    if kind == "xlsx":
        _check_xlsx(data)
        return _xlsx_rows(data)
    return _csv_rows(data)


def parse(
    name: str,
    data: bytes,
    *,
    agencies: Mapping[str, int],
    event_types: Iterable[tuple[str, str]],
) -> ImportResult:
    """Parse and validate a whole file. `agencies` maps agency name (any case) to id; `event_types` are
    (code, label) pairs. A result with any problem must not be imported."""
    result = ImportResult()
    agency_ids = {key.strip().lower(): value for key, value in agencies.items()}
    types: dict[str, str] = {}
    for code, label in event_types:
        types[code.lower()] = code
        types[label.lower()] = code
    try:
        rows = read_rows(name, data)
        header = next(rows, None)
    except FileRefused as exc:
        result.problems.append(Problem(None, None, str(exc)))
        return result
    if header is None:
        result.problems.append(Problem(None, None, "The file is empty"))
        return result
    positions: dict[str, int] = {}
    by_heading = {heading.lower(): key for heading, key in COLUMNS}
    for index, cell in enumerate(header):
        key = by_heading.get(_cell_text(cell).lower())
        if key and key not in positions:
            positions[key] = index
    missing = [heading for heading, key in COLUMNS if key not in positions]
    for heading in missing:
        result.problems.append(Problem(1, heading, "The column is missing. Use the template's headings"))
    if missing:
        return result
    count = 0
    try:
        for number, record in enumerate(rows, start=2):
            if all(_cell_text(cell) == "" for cell in record):
                continue
            count += 1
            if count > MAX_ROWS:
                result.problems = [
                    Problem(
                        None, None, f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files"
                    )
                ]
                result.rows = []
                return result
            values = {key: record[index] if index < len(record) else None for key, index in positions.items()}
            parsed = _parse_row(number, values, agency_ids, types, result)
            if parsed is not None:
                result.rows.append(parsed)
    except FileRefused as exc:
        result.problems.append(Problem(None, None, str(exc)))
        result.rows = []
        return result
    except Exception:  # a damaged xlsx part found while reading rows
        result.problems.append(
            Problem(None, None, "The spreadsheet could not be read. Save it again and retry")
        )
        result.rows = []
        return result
    if not result.rows and not result.problems:
        result.problems.append(Problem(None, None, "The file has no entries below the headings"))
    return result


def _parse_row(
    number: int,
    values: dict[str, Any],
    agencies: Mapping[str, int],
    types: Mapping[str, str],
    result: ImportResult,
) -> ParsedRow | None:
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(number, HEADING[key], message))

    precision = PRECISIONS.get(_cell_text(values["precision"]).lower())
    if precision is None:
        problem("precision", "Enter exact, month or approximate")
        precision = "exact"
    date: dt.date | None = None
    if _cell_text(values["date"]) == "":
        problem("date", "Enter the date")
    else:
        try:
            date = _parse_date(values["date"], precision)
        except ValueError:
            problem("date", "Enter a real date, for example 27/3/2026 (or 3/2026 for month precision)")
    time: dt.time | None = None
    try:
        time = _parse_time(values["time"])
    except ValueError:
        problem("time", "Enter a time like 14:30, or leave it blank")
    agency_name = _cell_text(values["agency"])
    agency_id = agencies.get(agency_name.lower())
    if not agency_name:
        problem("agency", "Enter the agency")
    elif agency_id is None:
        problem("agency", "This is not one of the partnership's agencies. Use the agency's name as listed")
    event_type = types.get(_cell_text(values["event_type"]).lower())
    if event_type is None:
        problem("event_type", "Enter one of the event types listed in the template")
    what = _cell_text(values["what_happened"])
    if not what:
        problem("what_happened", "Enter what happened")
    key = _cell_text(values["key_episode"]).lower()
    if key not in YES | NO:
        problem("key_episode", "Enter yes or no, or leave it blank")
    texts = {name: _cell_text(values[name]) for name in TEXT_LIMITS}
    for name, limit in TEXT_LIMITS.items():
        if len(texts[name]) > limit:
            problem(name, f"Must be {limit:,} characters or fewer")
    for name in ("source_record", "what_happened", "practitioner_role", "analysis"):
        if texts[name].startswith(FORMULA_PREFIXES[:4]):
            result.notes.append(
                Problem(number, HEADING[name], "Starts like a spreadsheet formula: kept as plain text")
            )
    if problems:
        result.problems.extend(problems)
        return None
    assert date is not None and agency_id is not None and event_type is not None
    return ParsedRow(
        row=number,
        date=date.replace(day=1) if precision == "month" else date,
        precision=precision,
        time=time,
        agency_id=agency_id,
        source_record=texts["source_record"],
        event_type=event_type,
        what_happened=texts["what_happened"],
        practitioner_role=texts["practitioner_role"],
        is_key_episode=key in YES,
        analysis=texts["analysis"],
    )
