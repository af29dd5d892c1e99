"""The synthetic corpus of agency files (tests/data, made by make_corpus.py) through the reader, the layout
and the checks: each layout found and mapped with no problem on a valid row; each hostile file refused with
the right reasons at the right rows and columns."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from safeguarding_reviews.chronology import reading
from safeguarding_reviews.chronology.validation import check_file

DATA = Path(__file__).resolve().parent / "data"
TODAY = dt.date(2026, 6, 1)


def _check(name, **options):
    return check_file(name, (DATA / name).read_bytes(), today=TODAY, **options)


LAYOUTS = [
    # (file, heading row, rows read, {heading: field} expected in the mapping)
    (
        "police_datetime.csv",
        1,
        4,
        {"Date/Time": "date", "Occurrence ref": "source_record", "Summary": "what_happened"},
    ),
    (
        "health_title_rows.xlsx",
        4,
        4,
        {
            "Date of contact": "date",
            "Time": "time",
            "Type of contact": "event_type",
            "Clinician": "practitioner_role",
            "Details of contact": "what_happened",
            "Outcome / plan": "outcome",
        },
    ),
    (
        "social_care_hidden_second_sheet.xlsx",
        1,
        5,
        {
            "Date": "date",
            "Event": "event_type",
            "Worker": "practitioner_role",
            "Narrative": "what_happened",
            "Analysis": "analysis",
        },
    ),
    (
        "school_cp1252.csv",
        1,
        3,
        {
            "Date": "date",
            "Incident / concern": "what_happened",
            "Action taken": "action_taken",
            "Staff member": "practitioner_role",
        },
    ),
    (
        "linebreaks_crlf.csv",
        1,
        3,
        {"Date of contact": "date", "Summary": "what_happened", "Action taken / outcome": "action_taken"},
    ),
    (
        "month_and_approximate.csv",
        1,
        10,
        {"Event date": "date", "Type of event": "event_type", "Key episode": "key_episode"},
    ),
    (
        "merged_headings.xlsx",
        4,
        3,
        {
            "Date": "date",
            "Type": "event_type",
            "Summary": "what_happened",
            "Outcome": "outcome",
            "Analysis": "analysis",
        },
    ),
    (
        "date_time_one_column.xlsx",
        1,
        3,
        {"Date and time": "date", "Incident number": "source_record", "Description": "what_happened"},
    ),
    ("serial_numbers.xlsx", 1, 3, {"Entry date": "date", "Summary of event": "what_happened"}),
    (
        "gp_title_row.csv",
        2,
        3,
        {"Date": "date", "Patient": "who_was_seen", "Consultation notes": "what_happened", "Plan": "outcome"},
    ),
    ("housing_semicolon_footer.csv", 1, 4, {"Datum / Date": "date", "Notes": "what_happened"}),
    ("app_template.csv", 1, 2, {"Date": "date", "Agency": "agency", "Precision": "precision"}),
    ("hostile_hidden_first_sheet.xlsx", 1, 2, {"Date": "date", "What happened": "what_happened"}),
    (
        "guidance_row_and_page_breaks.xlsx",
        3,
        6,
        {
            "Date": "date",
            "Source of information": "source_record",
            "Details of contact/event": "what_happened",
            "Agency response / action taken": "action_taken",
            "Analysis / impact on child": "analysis",
            "Key practice episode? (Y/N)": "key_episode",
        },
    ),
    ("dates_without_a_date_heading.csv", 1, 3, {"Contact": "date", "Notes / comments": "what_happened"}),
]


@pytest.mark.parametrize(("name", "header_row", "rows", "mapped"), LAYOUTS, ids=[row[0] for row in LAYOUTS])
def test_each_layout_is_found_and_every_valid_row_passes(name, header_row, rows, mapped):
    result = _check(name)
    assert result.problems == []
    assert result.header_row == header_row
    assert result.row_count == rows
    assert mapped.items() <= result.mapping.items()
    assert result.would_import == len(result.rows) > 0


def test_the_police_file_reads_date_and_time_from_one_column():
    rows = _check("police_datetime.csv").rows
    assert [(r.date.date_from, r.time) for r in rows[:2]] == [(dt.date(2024, 3, 3), dt.time(14, 30))] * 2
    assert rows[2].what_happened == "- seen by officers, no injuries noted."  # a dash is narrative
    assert rows[0].event_type == "police_incident" and rows[0].source_record == "OCC-24-0001"


def test_the_health_file_skips_title_rows_and_maps_types():
    result = _check("health_title_rows.xlsx")
    assert result.sheet == "Chronology"
    assert [(r.row, r.event_type) for r in result.rows] == [
        (5, "home_visit"),
        (6, "missed_appointment"),
        (7, "contact"),
        (8, "hospital_attendance"),
    ]
    assert result.rows[0].time == dt.time(10, 15) and result.rows[0].outcome == "Review 6 weeks"


def test_windows_1252_is_read_with_pounds_and_curly_quotes():
    result = _check("school_cp1252.csv")
    assert "The CSV file was read as Windows-1252 text" in result.warnings
    assert "“no money”" in result.rows[0].what_happened and "£2.50" in result.rows[0].action_taken
    assert "‘fell’" in result.rows[1].what_happened and "–" in result.rows[1].what_happened


def test_bom_and_line_breaks_in_cells():
    assert (
        "The CSV file was read as UTF-8 (with byte order mark) text" in _check("police_datetime.csv").warnings
    )
    rows = _check("linebreaks_crlf.csv").rows
    assert rows[0].what_happened == "Home visit.\nChild A seen and spoken to alone.\nHome conditions poor."
    assert rows[2].action_taken == "Plan agreed:\n1. attendance\n2. nurse"
    assert rows[0].date.date_from == dt.date(2024, 3, 4)


def test_month_and_approximate_dates_keep_their_words():
    rows = _check("month_and_approximate.csv").rows
    assert [(r.date.precision, r.date.date_as_written) for r in rows] == [
        ("month", "March 2024"),
        ("month", "Mar-24"),
        ("month", "03/2024"),
        ("year", "2023"),
        ("part_year", "early 2023"),
        ("part_year", "mid 2023"),
        ("season", "Spring 2024"),
        ("approximate", "circa 2023"),
        ("approximate", "approx March 2024"),
        ("part_year", "late 2024"),
    ]
    assert [r.is_key_episode for r in rows][3:5] == [True, False]


def test_hidden_sheets_are_never_read_and_are_named():
    result = _check("hostile_hidden_first_sheet.xlsx")
    assert result.skipped_sheets == ["Draft", "Lookups"]
    assert [r.what_happened for r in result.rows] == ["Visible row one.", "Visible row two."]
    assert any("Hidden sheets were not read" in w for w in result.warnings)
    refused = _check("hostile_hidden_first_sheet.xlsx", sheet="Draft")
    assert "is hidden" in refused.problems[0].message and not refused.rows
    assert _check("social_care_hidden_second_sheet.xlsx").skipped_sheets == ["Old version"]


def test_footer_rows_are_ignored_with_a_warning():
    result = _check("housing_semicolon_footer.csv")
    assert len(result.rows) == 2
    assert any("Row 5" in w and "End of chronology" in w for w in result.warnings)
    assert any("Row 6" in w and "Total: 2" in w for w in result.warnings)


def test_guidance_rows_repeated_headings_and_totals_are_not_entries():
    result = _check("guidance_row_and_page_breaks.xlsx")
    assert [r.row for r in result.rows] == [5, 6, 8]
    assert [w.split(" ", 2)[:2] for w in result.warnings if w.startswith("Row ")] == [
        ["Row", "4"],
        ["Row", "7"],
        ["Row", "9"],
    ]
    assert [r.is_key_episode for r in result.rows] == [False, True, False]


def test_a_date_column_without_a_date_heading_is_found_from_its_cells():
    result = _check("dates_without_a_date_heading.csv")
    assert "“Contact” holds dates, so it is read as the date" in result.warnings
    assert result.rows[2].date.date_from == dt.date(2024, 2, 1)


def test_formulas_are_problems_at_their_cells():
    result = _check("hostile_formulas.xlsx")
    assert [(p.row, p.letter, p.column) for p in result.problems] == [
        (2, "B", "Summary"),
        (3, "B", "Summary"),
        (4, "B", "Summary"),
        (5, "A", "Date"),
        (6, "C", "Source"),
    ]
    assert {p.message for p in result.problems} == {"A formula, not a value: paste values only"}
    assert result.would_import == 0
    csv_result = _check("hostile_formulas.csv")
    assert [(p.row, p.letter) for p in csv_result.problems] == [(2, "B"), (3, "B"), (4, "B")]


def test_an_impossible_date_and_a_future_date_are_both_reported():
    result = _check("hostile_impossible_then_future.csv")
    assert [(p.row, p.column) for p in result.problems] == [(8, "Date"), (17, "Date")]
    assert "not a real date" in result.problems[0].message
    assert "in the future" in result.problems[1].message
    assert result.would_import == 0 and len(result.rows) == 14


def test_too_many_rows_says_the_count():
    result = _check("hostile_12000_rows.csv")
    assert [p.message for p in result.problems] == [
        "The file has 12,000 rows; the limit is 10,000. Split it into smaller files"
    ]
    assert result.row_count == 12_000 and result.would_import == 0


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("hostile_zip_bomb.xlsx", "too large once unpacked (200 MB; the limit is 50 MB)"),
        ("hostile_not_a_spreadsheet.xlsx", "not an XLSX spreadsheet"),
        ("hostile_not_a_spreadsheet.csv", "not a CSV spreadsheet"),
        ("hostile_empty.csv", "The file is empty"),
    ],
)
def test_files_that_are_refused_whole(name, words):
    result = _check(name)
    assert len(result.problems) == 1 and words in result.problems[0].message
    assert result.problems[0].row is None and result.would_import == 0


def test_a_window_only_warns():
    result = _check("month_and_approximate.csv", window=(dt.date(2024, 1, 1), None))
    assert result.problems == [] and result.would_import == 10
    assert all(w.row and w.letter and w.column for w in result.date_warnings)  # where the date is
    assert len(result.date_warnings) == 4
    assert all("before the review period" in w.message for w in result.date_warnings)
    assert sum("before the review period" in w for w in result.as_json()["warnings"]) == 4


def test_at_most_200_problems_are_listed_with_the_total():
    lines = ["Date,Summary"] + [f"31/02/2024,x{n}" for n in range(250)]
    result = check_file("c.csv", "\n".join(lines).encode(), today=TODAY)
    assert len(result.problems) == 200 and result.problem_count == 250
    assert "250 problems in all; the first 200 are listed" in result.as_json()["warnings"]


def test_the_corpus_script_makes_the_committed_files(tmp_path):
    spec = importlib.util.spec_from_file_location("make_corpus", DATA / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = {path.name for path in module.make(tmp_path)}
    assert made == {
        path.name for path in DATA.iterdir() if path.suffix != ".py" and path.name != "__pycache__"
    }
    for name in ("police_datetime.csv", "school_cp1252.csv", "hostile_12000_rows.csv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes()
    for name in ("health_title_rows.xlsx", "merged_headings.xlsx"):
        again = check_file(name, (tmp_path / name).read_bytes(), today=TODAY).as_json()
        assert again == _check(name).as_json()


def test_reader_grid_positions():
    read = reading.read_file("m.xlsx", (DATA / "merged_headings.xlsx").read_bytes())
    [grid] = read.sheets
    assert grid.name == "Agency chronology"
    assert [number for number, _ in grid.rows] == [1, 3, 4, 5, 6, 7]
    assert (3, 1, 4, 1) in grid.merged and (1, 1, 1, 5) in grid.merged
    assert reading.column_letter(0) == "A" and reading.column_letter(27) == "AB"


def test_hidden_rows_and_columns_in_a_visible_sheet_are_read_and_said():
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Summary", "Worker"])
    sheet.append(["01/01/2024", "Seen.", "SW"])
    sheet.append(["02/01/2024", "Seen again.", "SW"])
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["C"].hidden = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = check_file("c.xlsx", buffer.getvalue(), today=TODAY)
    assert result.would_import == 2
    assert "Hidden rows were read like the others: 3" in result.warnings
    assert "Hidden columns were read like the others: C" in result.warnings


@pytest.mark.parametrize("name", ["c.xls", "c.xlsm", "c.ods"])
def test_other_spreadsheet_formats_are_refused_with_what_to_do(name):
    result = check_file(name, b"anything", today=TODAY)
    assert "Save it as .xlsx or .csv" in result.problems[0].message
