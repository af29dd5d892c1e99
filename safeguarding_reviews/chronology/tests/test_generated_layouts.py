"""Generality: seeded random agency-style files (headings as agencies write them, in any order, with title
lines, guidance rows, cover sheets, hidden sheets, merged titles, footers, any of the date and time forms,
CSV in three encodings with four separators, or XLSX) are all found, mapped and read with no problem."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

import pytest
from openpyxl import Workbook

from safeguarding_reviews.chronology.validation import check_file

HEADINGS = {
    "date": [
        "Date",
        "DATE",
        "Date of contact",
        "Date of Contact/Event",
        "Event Date",
        "Date/Time",
        "Date & Time",
        "Date and time of contact",
        "Contact date",
        "Date (dd/mm/yyyy)",
        "Incident Date/Time",
        "When",
        "Date of involvement",
        "Date seen",
        "Appointment date",
    ],
    "time": ["Time", "TIME", "Time of contact", "Time (24hr)", "Start time"],
    "narrative": [
        "Summary",
        "Details",
        "Details of contact",
        "Narrative",
        "What happened",
        "Description",
        "Summary of contact/event",
        "Event details",
        "Brief description",
        "Information",
        "Case notes",
        "Concern",
        "Incident / concern",
        "Notes",
        "Significant event",
        "Chronology entry",
        "Brief summary of involvement",
        "Account of event",
        "Description of contact",
    ],
    "type": [
        "Type",
        "Type of contact",
        "Contact type",
        "Event",
        "Category",
        "Event type",
        "Incident type",
        "Nature of contact",
        "Type of event/contact",
        "Method of contact",
    ],
    "source": [
        "Source",
        "Source record",
        "System",
        "Ref",
        "Reference",
        "Occurrence ref",
        "Ref No.",
        "Source of information",
        "Record",
        "Crime no.",
        "Log number",
        "URN",
    ],
    "action": ["Action taken", "Actions", "Agency response", "Response/action", "Action taken / outcome"],
    "outcome": ["Outcome", "Next steps", "Outcome / plan", "Plan", "Decision", "Follow up"],
    "analysis": [
        "Analysis",
        "Impact on child",
        "Comments",
        "Analysis/impact",
        "Professional comment",
        "Why is this significant?",
    ],
    "practitioner": [
        "Practitioner",
        "Worker",
        "Clinician",
        "Recorded by",
        "Staff member",
        "Role",
        "Officer",
        "Completed by (role)",
        "Author",
        "Job title",
    ],
    "who": ["Who was seen", "Subject", "Patient", "Persons present", "Who was present"],
    "key": ["Key episode", "Key practice episode (Y/N)", "Key episode?", "Significant (Y/N)"],
}
OPTIONAL = [("time", 0.5), ("source", 0.5), ("type", 0.7), ("practitioner", 0.6), ("who", 0.3)]
AFTER = [("action", 0.5), ("outcome", 0.4), ("analysis", 0.4), ("key", 0.3)]
DATE_FORMATS = [
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A %d %B %Y",
    "%Y-%m-%d",
    "%d-%b-%y",
    "%d/%m/%Y %H:%M",
    "%d %b %Y %H:%M",
]
TYPES = [
    "Home visit",
    "Telephone call",
    "DNA",
    "Strategy discussion",
    "Referral",
    "School",
    "A&E attendance",
    "Meeting",
    "Domestic incident",
    "Letter",
    "Case note",
    "Welfare check",
]
WORDS = (
    "Child A seen at home with Mother and Sibling B; home conditions noted. - seen by GP, +1 follow-up. "
    "Said “not today”, £20 owed, café. Called, no answer; letter sent."
).split()


def _narrative(r: random.Random) -> str:
    text = " ".join(r.choice(WORDS) for _ in range(r.randint(3, 40)))
    if r.random() < 0.2:
        text += "\nSecond line, with detail."
    return text


def _value(kind: str, when: dt.datetime, r: random.Random, xlsx: bool, number: int):
    if kind == "date":
        return when if xlsx and r.random() < 0.3 else when.strftime(r.choice(DATE_FORMATS))
    if kind == "time":
        if xlsx and r.random() < 0.4:
            return r.choice([when.time(), "AM", "Morning", None])
        return r.choice([when.strftime("%H:%M"), when.strftime("%H.%M"), "", when.strftime("%H%M") + "hrs"])
    if kind == "narrative":
        return _narrative(r)
    if kind == "type":
        return r.choice(TYPES)
    if kind == "source":
        return r.choice(["EMIS", "Niche", "LCS", f"OCC-{number:05d}", 100000 + number if xlsx else "x"])
    if kind == "practitioner":
        return r.choice(["Social worker", "Health visitor", "PC", "DSL", "GP"])
    if kind == "who":
        return r.choice(["Child A", "Mother", "Child A and Mother", ""])
    if kind == "key":
        return r.choice(["Y", "N", "", "Yes", "No", "N/A"] + ([True, False] if xlsx else []))
    return _narrative(r) if r.random() < 0.6 else ""


def make(seed: int) -> tuple[str, bytes]:
    r = random.Random(seed)
    kinds = ["date"] + [k for k, p in OPTIONAL if r.random() < p] + ["narrative"]
    kinds += [k for k, p in AFTER if r.random() < p]
    if r.random() < 0.3:
        r.shuffle(kinds)
    heads = []
    for kind in kinds:
        heading = r.choice(HEADINGS[kind])
        heads.append(heading if r.random() < 0.7 else r.choice([heading.upper(), heading + ":"]))
    titles = [
        r.choice(
            [
                ["Chronology for Child A"],
                ["Agency: Alphashire Trust (synthetic)"],
                ["CONFIDENTIAL"],
                [],
                ["Prepared by: safeguarding lead", "", "Date: 01/02/2025"],
            ]
        )
        for _ in range(r.choice([0, 0, 1, 2, 3]))
    ]
    xlsx = r.random() < 0.5
    when = dt.datetime(2022, 1, 1)
    rows = []
    for number in range(r.randint(3, 30)):
        when += dt.timedelta(days=r.randint(0, 20), hours=r.randint(0, 23), minutes=r.choice([0, 15, 30, 45]))
        rows.append([_value(kind, when, r, xlsx, number) for kind in kinds])
    if kinds[0] == "date" and r.random() < 0.2:
        rows.insert(0, ["dd/mm/yyyy"] + ["e.g. " + h for h in heads[1:]])
    footer = r.choice([[], [["End of chronology"]], [["Total entries", str(len(rows))]]])
    if not xlsx:
        buffer = io.StringIO()
        writer = csv.writer(
            buffer, delimiter=r.choice([",", ",", ";", "\t"]), lineterminator=r.choice(["\n", "\r\n"])
        )
        writer.writerows(titles + [heads] + rows + footer)
        return "f.csv", buffer.getvalue().encode(r.choice(["utf-8", "utf-8-sig", "cp1252"]), errors="replace")
    workbook = Workbook()
    sheet = workbook.active
    if r.random() < 0.3:
        sheet.title = "Cover"
        sheet.append(["Version", "Date", "Author"])
        sheet.append(["1", "01/02/2025", "BU"])
        sheet = workbook.create_sheet("Chronology")
    for title in titles:
        sheet.append(title)
    if titles and r.random() < 0.5:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(2, len(heads)))
    for row in [heads] + rows + footer:
        sheet.append(row)
    if r.random() < 0.3:
        hidden = workbook.create_sheet("Old", 0)
        hidden.append(["Date", "Summary"])
        hidden.append(["31/02/2052", "=1+1"])
        hidden.sheet_state = "hidden"
    data = io.BytesIO()
    workbook.save(data)
    return "f.xlsx", data.getvalue()


@pytest.mark.parametrize("seed", range(60))
def test_generated_agency_layouts_read_with_no_problem(seed):
    name, data = make(seed)
    result = check_file(name, data, today=dt.date(2026, 6, 1))
    assert result.problems == [], (seed, result.mapping)
    assert "date" in result.mapping.values()
    assert set(result.mapping.values()) & {"what_happened", "action_taken", "outcome", "analysis"}
    assert result.would_import == len(result.rows) >= 3
