"""Finding the heading row and suggesting the mapping (chronology.layout): synonyms, keywords, value table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from safeguarding_reviews.chronology import layout
from safeguarding_reviews.chronology.models import ChronologyEventType
from safeguarding_reviews.chronology.reading import Grid

HEADINGS = [
    # (heading as agencies write it, field or None)
    ("Date", "date"),
    ("DATE OF CONTACT", "date"),
    ("Date of Contact:", "date"),
    ("Event date", "date"),
    ("Date/Time", "date"),
    ("Date & time", "date"),
    ("Date (dd/mm/yyyy)", "date"),
    ("Datum / Date", "date"),
    ("Date of event/contact", "date"),
    ("Time", "time"),
    ("Time (24hr)", "time"),
    ("Time of contact", "time"),
    ("Source", "source_record"),
    ("Record", "source_record"),
    ("System reference", "source_record"),
    ("Occurrence ref", "source_record"),
    ("Occurrence Ref.", "source_record"),
    ("Ref No.", "source_record"),
    ("Crime no", "source_record"),
    ("Event", "event_type"),
    ("Type of contact", "event_type"),
    ("Contact types", "event_type"),
    ("Category", "event_type"),
    ("Incident type", "event_type"),
    ("What happened", "what_happened"),
    ("Summary", "what_happened"),
    ("Details", "what_happened"),
    ("Details of contact", "what_happened"),
    ("Narrative", "what_happened"),
    ("Concern", "what_happened"),
    ("Incident / concern", "what_happened"),
    ("Significant event", "what_happened"),
    ("Brief desc", "what_happened"),
    ("Event details", "what_happened"),
    ("Consultation notes", "what_happened"),
    ("Action taken", "action_taken"),
    ("Actions taken", "action_taken"),
    ("Action taken / outcome", "action_taken"),
    ("Professional's response", "action_taken"),
    ("Outcome", "outcome"),
    ("Next steps", "outcome"),
    ("Outcome / plan", "outcome"),
    ("Outcome & plan", "outcome"),
    ("Analysis", "analysis"),
    ("Impact on the child", "analysis"),
    ("Comments", "analysis"),
    ("Practitioner", "practitioner_role"),
    ("Worker", "practitioner_role"),
    ("Clinician", "practitioner_role"),
    ("Recorded by (role)", "practitioner_role"),
    ("Staff member", "practitioner_role"),
    ("Seen by", "practitioner_role"),
    ("Who was seen", "who_was_seen"),
    ("Subject", "who_was_seen"),
    ("Patient", "who_was_seen"),
    ("Persons present", "who_was_seen"),
    ("Key episode", "key_episode"),
    ("Key practice episode (Y/N)", "key_episode"),
    ("Agency", "agency"),
    ("Precision", "precision"),
    ("D.O.B", "ignore"),
    ("Date of birth", "ignore"),
    ("Age at time of event", "ignore"),
    ("NHS No.", "ignore"),
    ("Location", None),
    ("", None),
    ("On 3 March the family were seen at home by the health visitor who noted concerns about", None),
]


@pytest.mark.parametrize(("heading", "field"), HEADINGS, ids=[h for h, _ in HEADINGS])
def test_heading_field(heading, field):
    match = layout.heading_field(heading)
    assert (match.field if match else None) == field


def test_normalising():
    assert layout.words("Outcome / Plans") == layout.words("plan & OUTCOMES")[::-1]
    assert layout.normalise("Ref No.") == "reference number"
    assert layout.normalise("D.O.B") == "dob"
    assert layout.normalise("Entries") == "entry"


def _grid(*rows, merged=()):
    return Grid(
        name="S", rows=[(n, tuple(r)) for n, r in rows if any(r)], row_count=len(rows), merged=list(merged)
    )


def test_heading_row_below_title_rows():
    grid = _grid(
        (1, ["Chronology for Child A"]),
        (2, ["Date prepared: 01/02/2025", None, "Completed by: manager"]),
        (4, ["Date", "Summary", "Worker"]),
        (5, ["01/01/2024", "Seen.", "SW"]),
    )
    found, errors = layout.build_layout(grid)
    assert found is not None
    assert not errors and found.header_row == 4
    assert found.heading_mapping() == {
        "Date": "date",
        "Summary": "what_happened",
        "Worker": "practitioner_role",
    }


def test_merged_heading_cells_are_filled():
    grid = _grid(
        (3, ["Date", "Contact", None, "Analysis"]),
        (4, [None, "Type", "Summary", None]),
        (5, ["01/01/2024", "Visit", "Seen.", "ok"]),
        merged=[(3, 1, 4, 1), (3, 2, 3, 3), (3, 4, 4, 4)],
    )
    found, _ = layout.build_layout(grid)
    assert found is not None
    assert found.header_row == 4
    assert found.heading_mapping() == {
        "Date": "date",
        "Type": "event_type",
        "Summary": "what_happened",
        "Analysis": "analysis",
    }


def test_repeated_headings_are_told_apart_and_several_columns_feed_one_field():
    grid = _grid((1, ["Date", "Details", "Details", "Notes"]), (2, ["1/1/24", "a", "b", "c"]))
    found, _ = layout.build_layout(grid)
    assert found is not None
    assert [c.heading for c in found.columns] == ["Date", "Details", "Details (column C)", "Notes"]
    assert [c.letter for c in found.columns_for("what_happened")] == ["B", "C", "D"]


def test_the_event_date_beats_the_date_typed_and_the_leftmost_wins_a_tie():
    grid = _grid((1, ["Date recorded", "Date of contact", "Summary", "Date"]), (2, ["1/1/24"]))
    found, _ = layout.build_layout(grid)
    assert found is not None
    assert [c.heading for c in found.columns_for("date")] == ["Date of contact"]


def test_a_mapping_overrides_the_suggestion():
    grid = _grid((1, ["When", "Info", "Misc"]), (2, ["1/1/24", "x", "y"]))
    found, errors = layout.build_layout(grid, mapping={"misc": "what_happened", "Info": "ignore"})
    assert found is not None
    assert not errors
    assert found.heading_mapping() == {"When": "date", "Misc": "what_happened"}
    _, errors = layout.build_layout(grid, mapping={"Nope": "date", "Misc": "colour"})
    assert len(errors) == 2


def test_no_heading_row():
    found, errors = layout.build_layout(_grid((1, ["01/01/2024", "x"]), (2, ["02/01/2024", "y"])))
    assert found is None and "No heading row" in errors[0]


VALUES = [
    ("Home visit", "home_visit", True),
    ("HOME VISITS", "home_visit", True),
    ("Unannounced home visit by SW", "home_visit", True),
    ("Telephone call", "contact", True),
    ("Tel. call to Mother", "contact", True),
    ("DNA", "missed_appointment", True),
    ("Was not brought", "missed_appointment", True),
    ("Missed appointment", "missed_appointment", True),
    ("A&E attendance", "hospital_attendance", True),
    ("Strategy meeting", "strategy_discussion", True),
    ("ICPC", "conference", True),
    ("Domestic incident", "police_incident", True),
    ("School", "education", True),
    ("Information shared", "information_shared", True),
    ("Multi-agency meeting", "meeting", True),
    ("Child protection conference or core group", "conference", True),  # the managed labels themselves
    ("Juggling", "other", False),
    ("", "other", False),
]


@pytest.mark.parametrize(("value", "code", "known"), VALUES, ids=[v for v, _, _ in VALUES])
def test_event_type_values(value, code, known):
    assert layout.event_type_for(value) == (code, known)


def test_the_value_table_can_be_overridden():
    assert layout.event_type_for("Juggling", {"juggling": "contact"}) == ("contact", True)


def test_codes_are_the_managed_event_types():
    assert set(layout.EVENT_TYPE_CODES) == set(ChronologyEventType.values)
    assert set(layout.EVENT_TYPE_VALUES.values()) <= set(ChronologyEventType.values)
    for code, label in ChronologyEventType.choices:
        assert layout.event_type_for(label)[0] == code
        assert layout.event_type_for(code.replace("_", " "))[0] == code


def test_the_documentation_lists_every_synonym():
    """docs/chronology.md holds the synonym table; it must list every field's headings from the code."""
    doc = (Path(__file__).resolve().parents[3] / "docs" / "chronology.md").read_text(encoding="utf-8")
    table = doc.split("<!-- synonyms:start -->")[1].split("<!-- synonyms:end -->")[0]
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(\w+)` \| [^|]* \| (.*) \|$", table, re.M)}
    assert set(rows) == set(layout.SYNONYMS)
    for name, phrases in layout.SYNONYMS.items():
        assert rows[name] == layout.synonym_cell(phrases), name


def test_a_cover_sheet_with_a_document_control_table_is_not_the_chronology():
    cover = Grid(name="Cover", rows=[(1, ("Version", "Date", "Author")), (2, ("1", "01/02/2025", "BU"))])
    chronology = Grid(name="Chronology", rows=[(1, ("Date", "Summary")), (2, ("01/01/2024", "Seen."))])
    grid, said = layout.choose_sheet([cover, chronology])
    assert grid is chronology and "“Chronology” was read" in said
    grid, _ = layout.choose_sheet([Grid(name="Notes", rows=[(1, ("Nothing here",))]), cover])
    assert grid is cover
