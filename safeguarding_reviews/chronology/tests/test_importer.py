"""Table tests for reading a chronology spreadsheet: each bad input is reported by row and column."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from safeguarding_reviews.chronology import importer
from safeguarding_reviews.chronology.models import ChronologyEventType

HEAD = (
    "Date,Precision,Time,Agency,Source record,Event type,What happened,"
    "Practitioner role,Key episode,Analysis\n"
)
AGENCIES = {"Alphashire Test Hospital": 7, "Police": 8}


def _parse(name, data):
    return importer.parse(name, data, agencies=AGENCIES, event_types=ChronologyEventType.choices)


def _csv(*rows: str) -> bytes:
    return (HEAD + "".join(r + "\n" for r in rows)).encode()


GOOD = "04/03/2025,exact,09:30,Alphashire Test Hospital,ED-1,Home visit,Seen at home,Health visitor,yes,Fine"


def test_good_csv():
    result = _parse("c.csv", _csv(GOOD, "2025-03,month,,police,,contact,Call,,,"))
    assert result.ok, result.problems
    assert [r.agency_id for r in result.rows] == [7, 8]
    assert result.rows[1].date.day == 1 and result.rows[1].precision == "month"


@pytest.mark.parametrize(
    ("row", "column", "text"),
    [
        ("31/02/2025,exact,,Police,,Contact,x,,,", "Date", "real date"),
        (",exact,,Police,,Contact,x,,,", "Date", "Enter the date"),
        ("01/02/2025,exact,25:00,Police,,Contact,x,,,", "Time", "time"),
        ("01/02/2025,exact,,Nowhere Agency,,Contact,x,,,", "Agency", "not one of the partnership"),
        ("01/02/2025,sometime,,Police,,Contact,x,,,", "Precision", "exact, month or approximate"),
        ("01/02/2025,exact,,Police,,Party,x,,,", "Event type", "event types"),
        ("01/02/2025,exact,,Police,,Contact,,,,", "What happened", "Enter what happened"),
        ("01/02/2025,exact,,Police,,Contact,x,,maybe,", "Key episode", "yes or no"),
    ],
)
def test_bad_rows_are_reported_by_row_and_column(row, column, text):
    result = _parse("c.csv", _csv(GOOD, row))
    assert not result.ok
    assert [(p.row, p.column) for p in result.problems] == [(3, column)]
    assert text in result.problems[0].message
    assert str(result.problems[0]).startswith("Row 3, column")


def test_missing_column():
    data = HEAD.replace(",Event type", "").encode() + b"01/02/2025,exact,,Police,,x,,,\n"
    result = _parse("c.csv", data)
    assert [(p.row, p.column) for p in result.problems] == [(1, "Event type")]


def test_more_than_10000_rows():
    result = _parse("c.csv", _csv(*[GOOD] * 10_001))
    assert not result.ok and not result.rows
    assert "The file has 10,001 rows; the limit is 10,000" in result.problems[0].message


def test_exactly_10000_rows_is_fine():
    assert _parse("c.csv", _csv(*[GOOD] * 10_000)).ok


def test_non_spreadsheet_renamed_xlsx():
    result = _parse("c.xlsx", b"%PDF-1.4 not a spreadsheet")
    assert "not an XLSX spreadsheet" in result.problems[0].message


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "not an XLSX spreadsheet" in _parse("c.xlsx", buffer.getvalue()).problems[0].message


def test_xlsx_that_unpacks_to_hundreds_of_mb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 2 * 1024 * 1024
    result = _parse("c.xlsx", data)
    assert "too large once unpacked" in result.problems[0].message


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([h for h, _ in importer.COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_formulas_are_problems_and_leading_plus_or_minus_is_text():
    """A formula cell or text starting with = or @ is refused at its row and column (it was kept as text
    before); "+1" and "- seen by GP" are ordinary narrative."""

    evil = '=HYPERLINK("http://evil.example","click")'
    data = _xlsx(
        [
            [dt.datetime(2025, 3, 4), "exact", None, "Police", "+1", "Contact", evil, "@role", "no", "- x"],
            [
                dt.datetime(2025, 3, 5),
                "exact",
                None,
                "Police",
                "+1",
                "Contact",
                "- seen by GP",
                "",
                "no",
                "+x",
            ],
        ]
    )
    result = _parse("c.xlsx", data)
    assert not result.ok
    assert [(p.row, p.letter, p.column) for p in result.problems] == [
        (2, "G", "What happened"),
        (2, "H", "Practitioner role"),
    ]
    assert all("formula, not a value" in p.message for p in result.problems)
    assert [r.row for r in result.rows] == [3] and result.rows[0].what_happened == "- seen by GP"


def test_csv_that_is_not_text():
    assert "UTF-8" in _parse("c.csv", b"\xff\xfe\x00\x01binary").problems[0].message


def test_other_extension():
    assert "CSV or XLSX" in _parse("c.pdf", b"x").problems[0].message


@pytest.mark.parametrize(
    ("value", "escaped"),
    [("=1+1", "'=1+1"), ("+44", "'+44"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("ok", "ok"), (3, 3)],
)
def test_escape_cell(value, escaped):
    assert importer.escape_cell(value) == escaped


def test_every_problem_at_once_with_letters_and_a_future_date():
    result = importer.parse(
        "c.csv",
        _csv(
            GOOD,
            "30/02/2025,exact,,Police,,Contact,,,,",
            "17/01/2052,exact,,Nowhere,,Contact,x,,,",
        ),
        agencies=AGENCIES,
        event_types=ChronologyEventType.choices,
        today=dt.date(2026, 6, 1),
    )
    assert [(p.row, p.letter, p.column) for p in result.problems] == [
        (3, "A", "Date"),
        (3, "G", "What happened"),
        (4, "A", "Date"),
        (4, "D", "Agency"),
    ]
    assert "in the future" in result.problems[2].message
    assert result.problems[0].place == "A (Date)"


def test_title_rows_above_the_template_headings_and_a_hidden_first_sheet():
    workbook = Workbook()
    hidden = workbook.active
    hidden.title = "Old"
    hidden.append([h for h, _ in importer.COLUMNS])
    hidden.append(["=1+1"])
    hidden.sheet_state = "hidden"
    sheet = workbook.create_sheet("Chronology")
    sheet.append(["Alphashire Test Hospital chronology for Child A"])
    sheet.append([])
    sheet.append([h for h, _ in importer.COLUMNS])
    sheet.append([dt.datetime(2025, 3, 4, 9, 30), "", None, "Police", "", "Contact", "Seen.", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _parse("c.xlsx", buffer.getvalue())
    assert result.ok, result.problems
    [row] = result.rows
    assert row.row == 4 and row.time == dt.time(9, 30) and row.precision == "exact"
    assert "Hidden sheets were not read: “Old”" in result.warnings


def test_month_words_without_a_precision_are_read_as_the_month():
    result = _parse("c.csv", _csv("March 2025,,,Police,,Contact,x,,,", "c. 2024,,,Police,,Contact,y,,,"))
    assert result.ok, result.problems
    assert [(r.date, r.precision) for r in result.rows] == [
        (dt.date(2025, 3, 1), "month"),
        (dt.date(2024, 1, 1), "approximate"),
    ]
    refused = _parse("c.csv", _csv("March 2025,exact,,Police,,Contact,x,,,"))
    assert "not a single day" in refused.problems[0].message


def test_windows_1252_template():
    data = _csv("04/03/2025,exact,,Police,,Contact,Paid £5 for “lunch”,,,").decode().encode("cp1252")
    result = _parse("c.csv", data)
    assert result.ok and result.rows[0].what_happened == "Paid £5 for “lunch”"
    assert "The CSV file was read as Windows-1252 text" in result.warnings


def test_at_most_200_problems_are_listed_with_the_total():
    result = _parse("c.csv", _csv(*["31/02/2025,exact,,Police,,Contact,x,,,"] * 250))
    assert len(result.problems) == 200 and result.problem_count == 250 and not result.ok


def test_who_was_seen_is_read_when_present_and_too_long_is_a_problem_at_its_row_and_column():
    """The XLSX export writes "Who was seen" after the template's ten columns; imported again it is kept, and
    over 100 characters it is a problem like any over-long field, never cut short."""
    head = HEAD.rstrip("\n") + ",Agency entry number,Who was seen\n"
    rows = [GOOD + ',1,"Child Q, mother"', GOOD + ",2," + "M" * 101, GOOD + ",3," + "M" * 100]
    result = _parse("c.csv", (head + "".join(r + "\n" for r in rows)).encode())
    assert [(p.row, p.letter, p.column) for p in result.problems] == [(3, "L", "Who was seen")]
    assert "100 characters or fewer" in result.problems[0].message and not result.ok
    result = _parse("c.csv", (head + rows[0] + "\n" + rows[2] + "\n").encode())
    assert result.ok and [r.who_seen for r in result.rows] == ["Child Q, mother", "M" * 100]
    assert _parse("c.csv", _csv(GOOD)).rows[0].who_seen == ""  # the ten columns alone: none
