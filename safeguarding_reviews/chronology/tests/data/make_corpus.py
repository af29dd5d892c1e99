"""Make the synthetic corpus of agency chronology files the reader, layout and date tests run over.

    .venv/bin/python safeguarding_reviews/chronology/tests/data/make_corpus.py [DIRECTORY]

Writes into this directory by default (the generated files are committed). Everything is invented: "Child A",
"Mother", roles rather than names, fictional agencies. The layouts follow the styles agencies really use
(police, health, children's social care, school, GP, title rows, merged headings, date and time in one column,
month and approximate dates, BOM, CRLF, Windows-1252, line breaks in cells) and the hostile cases from the
issue (a hidden first sheet, formulas, an impossible date then a 2052 date, 12,000 rows, a zip bomb, a file
that is not a spreadsheet, an empty file).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula

HERE = Path(__file__).resolve().parent
FIXED = dt.datetime(2025, 1, 1, 9, 0)


def _csv_text(rows: list[list[str]], newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerows(rows)
    return buffer.getvalue()


def _workbook() -> Workbook:
    workbook = Workbook()
    workbook.properties.created = FIXED
    workbook.properties.modified = FIXED
    workbook.properties.creator = "Synthetic corpus"
    return workbook


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def police_datetime_csv() -> bytes:
    """Police style: Date/Time in one column, occurrence reference, a summary. UTF-8 with BOM, CRLF."""
    rows = [
        ["Date/Time", "Occurrence ref", "Occurrence type", "Summary", "Officer"],
        [
            "03/03/2024 14:30",
            "OCC-24-0001",
            "Domestic incident",
            "Call from neighbour; Child A present.",
            "PC",
        ],
        ["3/3/24 2.30pm", "OCC-24-0002", "Concern for welfare", "Officers attended. Mother spoken to.", "PS"],
        ["12/04/2024 09:05", "OCC-24-0107", "999 call", "- seen by officers, no injuries noted.", "PC"],
        [
            "2024-05-01T22:10:00",
            "OCC-24-0188",
            "Missing person",
            "Child A reported missing; found 23:40.",
            "PC",
        ],
    ]
    return b"\xef\xbb\xbf" + _csv_text(rows, "\r\n").encode("utf-8")


def health_xlsx() -> bytes:
    """Health style with title rows above the headings, Excel date and time cells."""
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["Alphashire Community Health (synthetic)"])
    sheet.append(["Chronology for Child A", None, None, "Prepared for the Rapid Review"])
    sheet.append([])
    sheet.append(
        ["Date of contact", "Time", "Type of contact", "Clinician", "Details of contact", "Outcome / plan"]
    )
    sheet.append(
        [
            dt.datetime(2024, 3, 4),
            dt.time(10, 15),
            "Home visit",
            "Health visitor",
            "New birth visit.",
            "Review 6 weeks",
        ]
    )
    sheet.append(
        [
            dt.datetime(2024, 4, 16),
            dt.time(14, 0),
            "DNA",
            "Health visitor",
            "Not brought to clinic.",
            "Letter sent",
        ]
    )
    sheet.append([dt.datetime(2024, 5, 2), None, "Telephone call", "School nurse", "Call with Mother.", None])
    sheet.append(
        [dt.datetime(2024, 6, 20), dt.time(9, 30), "A&E attendance", "ED nurse", "Minor head injury.", ""]
    )
    return _save(workbook)


def social_care_xlsx() -> bytes:
    """Children's social care: Date | Event | Worker | Narrative | Analysis; two sheets, the second hidden."""
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["Date", "Event", "Worker", "Narrative", "Analysis"])
    sheet.append(["March 2023", "Referral", "Duty social worker", "Referral from school about Child A.", ""])
    sheet.append(["c. 2023", "Contact", "Social worker", "Family known to service (approximate).", "Context"])
    sheet.append(
        [dt.datetime(2023, 6, 7), "Strategy discussion", "Team manager", "Strategy held.", "Threshold met"]
    )
    sheet.append(["14/07/2023", "Child and family assessment", "Social worker", "Assessment started.", ""])
    sheet.append(["Spring 2024", "Core group", "Social worker", "Core groups held (dates not recorded).", ""])
    hidden = workbook.create_sheet("Old version")
    hidden.append(["Date", "Event", "Worker", "Narrative", "Analysis"])
    hidden.append(["17/01/2052", "Referral", "x", "Stale draft that must never be read", "=1+1"])
    hidden.sheet_state = "hidden"
    return _save(workbook)


def school_cp1252_csv() -> bytes:
    """School style, saved by Excel on Windows: Windows-1252 with £ and curly quotes; dd.mm.yyyy dates."""
    rows = [
        ["Date", "Incident / concern", "Action taken", "Staff member"],
        [
            "05.09.2023",
            "Child A arrived without lunch; said “no money” at home.",
            "Free meal; £2.50 top-up",
            "DSL",
        ],
        [
            "18.10.2023",
            "Bruise on arm noticed in PE – Child A said ‘fell’.",
            "Logged; parent called",
            "Class teacher",
        ],
        ["02.11.2023", "Absent, no reason given.", "Welfare call", "Attendance officer"],
    ]
    return _csv_text(rows, "\r\n").encode("cp1252")


def linebreaks_csv() -> bytes:
    """Line breaks inside quoted cells, CRLF line ends, d Month yyyy dates with weekdays and ordinals."""
    rows = [
        ["Date of contact", "Summary", "Action taken / outcome", "Recorded by (role)"],
        [
            "Monday 4 March 2024",
            "Home visit.\r\nChild A seen and spoken to alone.\r\nHome conditions poor.",
            "Referral",
            "SW",
        ],
        [
            "3rd April 2024",
            "Phone call from Mother:\r\n- asked for help with housing",
            "Signposted",
            "Family support",
        ],
        ["16 Apr 2024", "Meeting with school.", "Plan agreed:\r\n1. attendance\r\n2. nurse", "SW"],
    ]
    return _csv_text(rows, "\r\n").encode("utf-8")


def month_and_approximate_csv() -> bytes:
    """Month, season, part-year, year and approximate dates, kept as written."""
    rows = [
        ["Event date", "Type of event", "What happened", "Key episode"],
        ["March 2024", "Health appointment", "Seen at clinic some time in March.", "no"],
        ["Mar-24", "Meeting", "Professionals meeting.", ""],
        ["03/2024", "Contact", "Letter sent.", "no"],
        ["2023", "Other", "Family moved into the area.", "yes"],
        ["early 2023", "Referral", "First referral.", "no"],
        ["mid 2023", "Assessment", "Assessment (dates unclear).", ""],
        ["Spring 2024", "Education", "Attendance fell.", ""],
        ["circa 2023", "Other", "Father left the household.", "yes"],
        ["approx March 2024", "Police incident", "Neighbour reported shouting.", ""],
        ["late 2024", "Contact", "Mother said she had moved.", ""],
    ]
    return _csv_text(rows).encode("utf-8")


def merged_headings_xlsx() -> bytes:
    """A title merged across the top, "Date" merged over two heading rows, a group heading over three."""
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "Agency chronology"
    sheet["A1"] = "Alphashire Early Help (synthetic) – chronology for Child A"
    sheet.merge_cells("A1:E1")
    sheet["A3"] = "Date"
    sheet.merge_cells("A3:A4")
    sheet["B3"] = "Contact"
    sheet.merge_cells("B3:D3")
    sheet["B4"], sheet["C4"], sheet["D4"] = "Type", "Summary", "Outcome"
    sheet["E3"] = "Analysis"
    sheet.merge_cells("E3:E4")
    sheet.append([dt.datetime(2024, 1, 9), "Home visit", "Family seen at home.", "Support plan", "Engaged"])
    sheet.append([dt.datetime(2024, 2, 13), "Meeting", "TAF meeting.", "Actions agreed", ""])
    sheet.append(["21/02/2024", "Telephone", "Mother called.", "", "Worry about rent"])
    return _save(workbook)


def date_time_one_column_xlsx() -> bytes:
    """Date and time in one column as Excel date-times, with a separate reference column."""
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "Incidents"
    sheet.append(["Date and time", "Incident number", "Incident type", "Description", "Officer role"])
    sheet.append(
        [dt.datetime(2024, 2, 1, 23, 15), "INC-1", "Domestic abuse", "DA incident, Child A asleep.", "PC"]
    )
    sheet.append([dt.datetime(2024, 2, 2, 0, 0), "INC-2", "Crime", "Criminal damage at the address.", "PC"])
    sheet.append(
        [dt.datetime(2024, 3, 9, 8, 45, 30), "INC-3", "Concern for welfare", "Welfare check.", "PCSO"]
    )
    return _save(workbook)


def serial_numbers_xlsx() -> bytes:
    """Excel serial numbers stored as plain numbers in the date column (the format was lost)."""
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["Entry date", "Source", "Summary of event", "Impact on child"])
    sheet.append([45292, "EMIS", "GP appointment for Child A.", "None noted"])  # 01/01/2024
    sheet.append([45323.5, "EMIS", "Repeat prescription for Mother.", ""])  # 01/02/2024 12:00
    sheet.append(
        ["45352", "EMIS", "Immunisations given.", ""]
    )  # the serial as text (as a CSV from Excel has it)
    return _save(workbook)


def gp_csv() -> bytes:
    """GP records: patient column, consultation notes, plan; d/m/yy dates and 12-hour times."""
    rows = [
        ["D.O.B: 01/01/2015", "", "", "", "", ""],
        ["Date", "Time", "Clinician", "Patient", "Consultation notes", "Plan"],
        ["4/3/24", "9.10am", "GP", "Child A", "Cough, otherwise well.", "Safety-net advice"],
        ["11/3/24", "2pm", "Practice nurse", "Mother", "Mood low; EPDS done.", "Refer to talking therapies"],
        ["20/3/24", "", "GP", "Child A", "Not brought to appointment.", "Letter to parent"],
    ]
    return _csv_text(rows).encode("utf-8")


def semicolon_csv() -> bytes:
    """Semicolon separated (a European Excel setting), dd-mm-yyyy dates, a Notes column, footer rows."""
    rows = [
        ["Datum / Date", "Category", "Notes", "Next steps"],
        ["01-02-2024", "Assessment", "Housing assessment, Child A present.", "Bidding"],
        ["15-02-2024", "Information shared", "Shared tenancy history with CSC.", ""],
        ["", "", "", ""],
        ["End of chronology", "", "", ""],
        ["Total: 2", "", "", ""],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def template_csv() -> bytes:
    """The app's own 10-column template (with its Agency column) still reads."""
    rows = [
        [
            "Date",
            "Precision",
            "Time",
            "Agency",
            "Source record",
            "Event type",
            "What happened",
            "Practitioner role",
            "Key episode",
            "Analysis",
        ],
        [
            "04/03/2025",
            "exact",
            "09:30",
            "Alphashire Police",
            "ED-1",
            "Home visit",
            "Seen at home",
            "PC",
            "yes",
            "",
        ],
        ["2025-03", "month", "", "Alphashire Police", "", "contact", "Call", "", "", ""],
    ]
    return _csv_text(rows).encode("utf-8")


def guidance_row_and_page_breaks_xlsx() -> bytes:
    """A partnership's own template: "label: value" lines above the headings, a guidance row under them, the
    headings repeated at a page break, and a "Total | n" footer."""
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "Agency chronology"
    sheet.append(["Agency: Alphashire Police (synthetic)"])
    sheet.append(["Date range: 2023-2024", None, "Subject: Child A"])
    heading = [
        "Date",
        "Time",
        "Source of information",
        "Type of contact",
        "Details of contact/event",
        "Agency response / action taken",
        "Outcome",
        "Analysis / impact on child",
        "Key practice episode? (Y/N)",
    ]
    sheet.append(heading)
    sheet.append(
        ["dd/mm/yyyy", "hh:mm", "e.g. case notes", "e.g. home visit", "Who was present", "", "", "", "Y/N"]
    )
    sheet.append(
        [
            dt.datetime(2023, 11, 2),
            "10:00",
            "Niche",
            "Concern for welfare",
            "Attended.",
            "Safeguarded",
            "",
            "",
            "N",
        ]
    )
    sheet.append(
        [
            dt.datetime(2023, 12, 24),
            "23:30",
            "Niche",
            "Domestic",
            "DA call.",
            "Arrest",
            "Charged",
            "High risk",
            "Y",
        ]
    )
    sheet.append(heading)
    sheet.append(
        [dt.datetime(2024, 1, 5), None, "PNC", "Information sharing", "Shared with CSC.", "", "", "", ""]
    )
    sheet.append(["Total", 3])
    return _save(workbook)


def dates_without_a_date_heading_csv() -> bytes:
    """The date column is headed "Contact" and the narrative "Entry": found from what the cells hold."""
    rows = [
        ["Contact", "Worker", "Notes / comments"],
        ["04/01/2024", "Family support worker", "Visited; Child A at nursery."],
        ["11/01/2024", "Family support worker", "Telephone call with Mother about housing."],
        ["1 February 2024", "Family support worker", "Closure visit."],
    ]
    return _csv_text(rows).encode("utf-8")


# Hostile cases -----------------------------------------------------------------------------------------


def hidden_first_sheet_xlsx() -> bytes:
    workbook = _workbook()
    hidden = workbook.active
    hidden.title = "Draft"
    hidden.append(["Date", "What happened"])
    hidden.append(["17/01/2052", "Hidden row that must never be imported"])
    hidden.append(["31/02/2024", "Another hidden row"])
    hidden.sheet_state = "hidden"
    very = workbook.create_sheet("Lookups")
    very.append(["Date", "What happened"])
    very.append(["01/01/2024", "Very hidden row"])
    very.sheet_state = "veryHidden"
    sheet = workbook.create_sheet("Chronology")
    sheet.append(["Date", "What happened", "Type"])
    sheet.append(["01/03/2024", "Visible row one.", "Contact"])
    sheet.append(["02/03/2024", "Visible row two.", "Home visit"])
    return _save(workbook)


def formulas_xlsx() -> bytes:
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["Date", "Summary", "Source"])
    sheet.append(["01/03/2024", '=HYPERLINK("http://evil.example","click")', "A"])  # row 2, B
    sheet.append(["02/03/2024", "=1+1", "B"])  # row 3, B
    sheet.append(["03/03/2024", "@SUM(1)", "C"])  # row 4, B: text that starts like a formula
    sheet.append(["=TODAY()", "Date from a formula.", "D"])  # row 5, A
    sheet.append(["05/03/2024", "Array formula in the source.", "E"])  # row 6, C
    sheet["C6"] = ArrayFormula("C6", "=SUM(A1:A2)")
    sheet.append(["06/03/2024", "- seen by GP (a dash is narrative, not a formula)", "+44 in the reference"])
    return _save(workbook)


def formulas_csv() -> bytes:
    rows = [
        ["Date", "Summary", "Source"],
        ["01/03/2024", '=HYPERLINK("http://evil.example","click")', "A"],
        ["02/03/2024", "=1+1", "B"],
        ["03/03/2024", "@SUM(1)", "C"],
        ["04/03/2024", "- seen by GP", "+44 reference"],
    ]
    return _csv_text(rows).encode("utf-8")


def impossible_then_future_csv() -> bytes:
    """The issue's file: an impossible date on row 8 and 17/01/2052 on row 17. Both are problems."""
    rows = [["Date", "Summary"]]
    for day in range(1, 17):
        rows.append([f"{day:02d}/01/2024", f"Entry {day}."])
    rows[7][0] = "30/02/2024"  # row 8
    rows[16][0] = "17/01/2052"  # row 17
    return _csv_text(rows).encode("utf-8")


def too_many_rows_csv() -> bytes:
    lines = ["Date,Summary"] + [f"1/1/24,r{n}" for n in range(12_000)]
    return ("\n".join(lines) + "\n").encode("ascii")


def zip_bomb_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in (("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")):
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            archive.writestr(info, text)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=(2025, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, b"\0" * (200 * 1024 * 1024))
    return buffer.getvalue()


def not_a_spreadsheet_xlsx() -> bytes:
    return b"%PDF-1.4\n% synthetic, not a spreadsheet\n1 0 obj << >> endobj\ntrailer\n%%EOF\n"


def not_a_spreadsheet_csv() -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    )


def empty_csv() -> bytes:
    return b""


FILES = {
    "police_datetime.csv": police_datetime_csv,
    "health_title_rows.xlsx": health_xlsx,
    "social_care_hidden_second_sheet.xlsx": social_care_xlsx,
    "school_cp1252.csv": school_cp1252_csv,
    "linebreaks_crlf.csv": linebreaks_csv,
    "month_and_approximate.csv": month_and_approximate_csv,
    "merged_headings.xlsx": merged_headings_xlsx,
    "date_time_one_column.xlsx": date_time_one_column_xlsx,
    "serial_numbers.xlsx": serial_numbers_xlsx,
    "gp_title_row.csv": gp_csv,
    "housing_semicolon_footer.csv": semicolon_csv,
    "app_template.csv": template_csv,
    "guidance_row_and_page_breaks.xlsx": guidance_row_and_page_breaks_xlsx,
    "dates_without_a_date_heading.csv": dates_without_a_date_heading_csv,
    "hostile_hidden_first_sheet.xlsx": hidden_first_sheet_xlsx,
    "hostile_formulas.xlsx": formulas_xlsx,
    "hostile_formulas.csv": formulas_csv,
    "hostile_impossible_then_future.csv": impossible_then_future_csv,
    "hostile_12000_rows.csv": too_many_rows_csv,
    "hostile_zip_bomb.xlsx": zip_bomb_xlsx,
    "hostile_not_a_spreadsheet.xlsx": not_a_spreadsheet_xlsx,
    "hostile_not_a_spreadsheet.csv": not_a_spreadsheet_csv,
    "hostile_empty.csv": empty_csv,
}


def make(directory: Path = HERE) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in FILES.items():
        path = directory / name
        path.write_bytes(build())
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for path in make(target):
        print(f"{path.stat().st_size:>9,}  {path.name}")
