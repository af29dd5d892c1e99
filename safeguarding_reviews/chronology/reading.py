"""Reading an uploaded chronology file safely: bytes in, a grid of cell values with their spreadsheet
positions out. Pure: no Django. Nothing is evaluated, fetched or guessed here; the layout (which row holds the
headings, which column is which) is chronology/layout.py and the rows' meaning is chronology/validation.py.

- Only CSV and XLSX. Size, row and zip limits are checked before anything is parsed, and the actual count is
  said when a limit is passed.
- XLSX: only visible sheets are read; hidden and very hidden sheets are skipped and named in `skipped_sheets`.
  Formula cells (cell type "f", array and data-table formulas) are returned as `Formula` values, never their
  cached results, so the caller reports them at their row and column. Merged ranges are returned so the layout
  can fill a merged heading across the cells it covers.
- CSV: UTF-8 with or without a byte order mark, UTF-16 with one, or Windows-1252 (Excel's "CSV" on an English
  Windows); the encoding used is reported. Comma, semicolon or tab separated. Line breaks inside quoted cells
  are kept (as "\\n"). Row numbers are records, as a spreadsheet program numbers them.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_ROWS = 10_000
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # the zip's declared sizes, checked before openpyxl opens it
MAX_ZIP_MEMBERS = 200
MAX_COLUMNS = 100  # columns after CV are not read
HEAD_ROWS = 30  # the heading row is looked for among the first 30 non-blank rows of a sheet
MAX_CELL_CHARS = 100_000

NOT_XLSX = "The file is not an XLSX spreadsheet. Save it as .xlsx or .csv and try again"
CSV_UNREADABLE = "The file is not a CSV spreadsheet we can read. Save it as CSV UTF-8 or .xlsx and try again"
NOT_READABLE = "The spreadsheet could not be read. Save it again as .xlsx and try again"


@dataclass(frozen=True)
class Problem:
    """Something that stops the file being imported, where a spreadsheet program shows it: `row` as numbered
    in the sheet (None for the whole file), `column` the heading text, `letter` the column letter."""

    row: int | None
    column: str | None
    message: str
    letter: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column:
            where.append(f"column “{self.column}”")
        elif self.letter:
            where.append(f"column {self.letter}")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    @property
    def place(self) -> str | None:
        """The column as one string: `C (Date of contact)`, or whichever half is known."""
        if self.letter and self.column:
            return f"{self.letter} ({self.column})"
        return self.letter or self.column


@dataclass(frozen=True)
class Formula:
    """A formula cell (or text typed to start like one): never evaluated, reported as a problem."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Grid:
    """One sheet's non-blank rows: (row number as the sheet shows it, cell values from column A)."""

    name: str | None  # the sheet's name; None for a CSV
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    row_count: int = 0  # every non-blank row, also those past the stored limit
    # Merged ranges: (min_row, min_col, max_row, max_col), 1-based.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)  # hidden inside a visible sheet: read, and said
    hidden_columns: list[str] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        return self.row_count > len(self.rows)


@dataclass
class ReadResult:
    kind: str | None = None  # "csv" or "xlsx"
    sheets: list[Grid] = field(
        default_factory=list
    )  # the visible sheets read (only the asked-for one if any)
    visible_sheets: list[str] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)  # hidden and very hidden sheets, never read
    encoding: str | None = None  # for a CSV
    epoch: dt.date = dt.date(1899, 12, 30)  # the workbook's date system, for serial numbers
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class FileRefused(Exception):
    pass


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def kind_of(name: str) -> str:
    lower = name.lower().rsplit("/", 1)[-1]
    if lower.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    if lower.endswith(".xlsx"):
        return "xlsx"
    if lower.endswith((".xls", ".xlsm", ".xlsb", ".ods")):
        raise FileRefused("Only .xlsx and .csv files can be read. Save it as .xlsx or .csv and try again")
    raise FileRefused("The file must be a CSV or XLSX spreadsheet (.csv or .xlsx)")


def read_file(name: str, data: bytes, *, sheet: str | None = None) -> ReadResult:
    """Read an upload. With `sheet`, only that visible sheet is read; otherwise every visible sheet is (a
    caller picks one: layout.choose_sheet). Never raises for anything in the file: problems are returned."""
    result = ReadResult()
    try:
        if len(data) > MAX_UPLOAD_BYTES:
            raise FileRefused(
                f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Split it into smaller files"
            )
        if not data:
            raise FileRefused("The file is empty")
        result.kind = kind_of(name)
        if result.kind == "xlsx" or data.startswith(b"PK\x03\x04"):
            if result.kind == "csv":
                raise FileRefused("The file is an XLSX spreadsheet named .csv. Rename it .xlsx and try again")
            _read_xlsx(data, sheet, result)
        else:
            _read_csv(data, result)
    except FileRefused as exc:
        result.problems.append(Problem(None, None, str(exc)))
        result.sheets = []
    except Exception:  # a damaged file can make any reader raise anything; it is the file's problem
        result.problems.append(Problem(None, None, NOT_READABLE))
        result.sheets = []
    return result


# CSV -----------------------------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding used."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8"), "UTF-8 (with byte order mark)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16")
        letters = [ch for ch in text[:20_000] if not ch.isspace()]
        if (
            letters
            and sum(1 for ch in letters if ord(ch) < 0x250 or 0x2000 <= ord(ch) < 0x2070) < len(letters) / 2
        ):
            raise FileRefused(CSV_UNREADABLE)  # not text in a Latin script: more likely random bytes
        return text, "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    return _decode(data, "cp1252"), "Windows-1252"


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise FileRefused(CSV_UNREADABLE) from None


def _looks_like_text(text: str) -> bool:
    sample = text[:20_000]
    if "\x00" in sample:
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return control <= max(2, len(sample) // 200)


def _delimiter(text: str) -> str:
    """The separator that splits the first records (quotes respected) into the most columns, consistently:
    comma unless another clearly does better (narrative text is full of commas inside quotes)."""
    sample = text[:65_536]
    best, best_score = ",", (False, 0.0)
    for candidate in (",", ";", "\t", "|"):
        try:
            records = list(
                itertools.islice(csv.reader(io.StringIO(sample, newline=""), delimiter=candidate), 40)
            )
        except csv.Error:
            continue
        counts = [len(record) for record in records if any(cell.strip() for cell in record)]
        if not counts:
            continue
        mode = max(set(counts), key=lambda count: (counts.count(count), count))
        consistency = counts.count(mode) / len(counts)
        score = (mode > 1 and consistency >= 0.5, mode * consistency)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_csv(data: bytes, result: ReadResult) -> None:
    text, encoding = decode_text(data)
    if not _looks_like_text(text):
        raise FileRefused(CSV_UNREADABLE)
    result.encoding = encoding
    result.warnings.append(f"The CSV file was read as {encoding} text")
    grid = Grid(name=None)
    limit = MAX_ROWS + HEAD_ROWS
    delimiter = _delimiter(text)
    sep = re.match(r"sep=(.)\r?\n", text)
    if sep:  # Excel's own hint line; Excel does not show it as a row
        delimiter, text = sep.group(1), text[sep.end() :]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS * 10)
    try:
        for number, record in enumerate(reader, start=1):
            if all(not cell.strip() for cell in record):
                continue
            grid.row_count += 1
            if len(grid.rows) < limit:
                cells = tuple(cell.replace("\r\n", "\n").replace("\r", "\n") for cell in record[:MAX_COLUMNS])
                grid.rows.append((number, _trim(cells)))
    except csv.Error:
        raise FileRefused("The CSV file could not be read: a cell is too long or badly quoted") from None
    finally:
        csv.field_size_limit(old_limit)
    result.sheets = [grid]


def _trim(cells: tuple[Any, ...]) -> tuple[Any, ...]:
    end = len(cells)
    while end and is_blank(cells[end - 1]):
        end -= 1
    return cells[:end]


# XLSX ----------------------------------------------------------------------------------------------------


def _check_zip(data: bytes) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise FileRefused(NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
                raise FileRefused(NOT_XLSX)
            unpacked = sum(info.file_size for info in infos)
            if len(infos) > MAX_ZIP_MEMBERS:
                raise FileRefused(
                    f"The spreadsheet holds {len(infos):,} parts; the limit is {MAX_ZIP_MEMBERS}. "
                    "Save it again with only the chronology"
                )
            if unpacked > MAX_UNPACKED_BYTES:
                raise FileRefused(
                    "The spreadsheet is too large once unpacked "
                    f"({unpacked / 1024 / 1024:,.0f} MB; the limit is"
                    f" {MAX_UNPACKED_BYTES // 1024 // 1024} MB). Split it up"
                )
    except zipfile.BadZipFile:
        raise FileRefused(NOT_XLSX) from None


MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})\"")


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


HIDDEN_ROW_RE = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"(\d{1,7})\"[^>]*?\bhidden=\"(?:1|true)\"")
HIDDEN_ROW_RE2 = re.compile(rb"<(?:\w+:)?row\s[^>]*?\bhidden=\"(?:1|true)\"[^>]*?\br=\"(\d{1,7})\"")
HIDDEN_COL_RE = re.compile(rb"<(?:\w+:)?col\s[^>]*?\bhidden=\"(?:1|true)\"[^>]*>")
COL_RANGE_RE = re.compile(rb"\bmin=\"(\d+)\"[^>]*?\bmax=\"(\d+)\"|\bmax=\"(\d+)\"[^>]*?\bmin=\"(\d+)\"")


def _sheet_xml(data: bytes, path: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            return archive.read(path.lstrip("/"))
        except KeyError:
            return b""


def _hidden_rows_and_columns(xml: bytes) -> tuple[list[int], list[str]]:
    """Rows and columns hidden inside a visible sheet: they are read (a spreadsheet program shows them when
    unhidden), and the caller says so."""
    rows = {int(m.group(1)) for m in HIDDEN_ROW_RE.finditer(xml)}
    rows |= {int(m.group(1)) for m in HIDDEN_ROW_RE2.finditer(xml)}
    columns: list[str] = []
    for match in HIDDEN_COL_RE.finditer(xml):
        span = COL_RANGE_RE.search(match.group(0))
        if span is None:
            continue
        low, high = (span.group(1), span.group(2)) if span.group(1) else (span.group(4), span.group(3))
        for number in range(int(low), min(int(high), MAX_COLUMNS) + 1):
            columns.append(column_letter(number - 1))
    return sorted(rows), columns


def _merged_ranges(xml: bytes) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a worksheet part, read from its XML (read-only openpyxl does not give them)."""
    ranges = []
    for match in MERGE_RE.finditer(xml):
        c1, r1, c2, r2 = match.groups()
        ranges.append((int(r1), _column_number(c1), int(r2), _column_number(c2)))
        if len(ranges) >= 10_000:
            break
    return ranges


def _cell_value(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "f" or type(value).__name__ in {
        "ArrayFormula",
        "DataTableFormula",
    }:
        text = getattr(value, "text", None) or str(value)
        return Formula(text if str(text).startswith("=") else f"={text}")
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("_x000D_", "")[:MAX_CELL_CHARS]
    return value


def _read_xlsx(data: bytes, wanted: str | None, result: ReadResult) -> None:
    _check_zip(data)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many types for a damaged file
        raise FileRefused(NOT_READABLE) from None
    try:
        result.epoch = workbook.epoch.date() if isinstance(workbook.epoch, dt.datetime) else workbook.epoch
        for sheet in workbook.worksheets:
            state = getattr(sheet, "sheet_state", "visible")
            if state != "visible":
                result.skipped_sheets.append(sheet.title)
            else:
                result.visible_sheets.append(sheet.title)
        if result.skipped_sheets:
            names = ", ".join(f"“{name}”" for name in result.skipped_sheets)
            result.warnings.append(f"Hidden sheets were not read: {names}")
        if not result.visible_sheets:
            raise FileRefused(
                "The spreadsheet has no visible sheet. Unhide the chronology's sheet and try again"
            )
        if wanted is not None and wanted not in result.visible_sheets:
            if wanted in result.skipped_sheets:
                raise FileRefused(f"The sheet “{wanted}” is hidden. Unhide it if it is the chronology")
            names = ", ".join(f"“{name}”" for name in result.visible_sheets)
            raise FileRefused(f"There is no sheet called “{wanted}”. The sheets are {names}")
        for sheet in workbook.worksheets:
            if sheet.title not in result.visible_sheets or (wanted is not None and sheet.title != wanted):
                continue
            result.sheets.append(_read_sheet(sheet, data))
    finally:
        workbook.close()


def _read_sheet(sheet: Any, data: bytes) -> Grid:
    grid = Grid(name=sheet.title)
    path = getattr(sheet, "_worksheet_path", None)
    if path:
        xml = _sheet_xml(data, path)
        grid.merged = _merged_ranges(xml)
        grid.hidden_rows, grid.hidden_columns = _hidden_rows_and_columns(xml)
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # the stored dimension may be stale; read every row there is
    limit = MAX_ROWS + HEAD_ROWS
    for number, cells in enumerate(_rows(sheet), start=1):
        values = _trim(tuple(_cell_value(cell) for cell in cells[:MAX_COLUMNS]))
        if not values or all(is_blank(value) for value in values):
            continue
        grid.row_count += 1
        if len(grid.rows) < limit:
            grid.rows.append((number, values))
    return grid


def _rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    yield from sheet.iter_rows(min_row=1)
