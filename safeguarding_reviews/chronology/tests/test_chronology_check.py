"""manage.py chronology_check: the same reader, mapping and checks; no database; JSON as documented."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import call_command

DATA = Path(__file__).resolve().parent / "data"
KEYS = ["sheet", "header_row", "mapping", "rows", "would_import", "problems", "skipped_sheets", "warnings"]


def _run(*args):
    out = io.StringIO()
    call_command("chronology_check", *[str(a) for a in args], "--today", "2026-06-01", stdout=out)
    return out.getvalue()


def test_json_for_a_health_workbook_with_title_rows_and_a_hidden_sheet():
    data = json.loads(_run(DATA / "social_care_hidden_second_sheet.xlsx", "--format", "json"))
    assert list(data) == KEYS
    assert data == {
        "sheet": "Chronology",
        "header_row": 1,
        "mapping": {
            "Date": "date",
            "Event": "event_type",
            "Worker": "practitioner_role",
            "Narrative": "what_happened",
            "Analysis": "analysis",
        },
        "rows": 5,
        "would_import": 5,
        "problems": [],
        "skipped_sheets": ["Old version"],
        "warnings": ["Hidden sheets were not read: “Old version”"],
    }


def test_json_for_the_impossible_then_future_file():
    data = json.loads(_run(DATA / "hostile_impossible_then_future.csv", "--format", "json"))
    assert list(data) == KEYS
    assert data["sheet"] is None and data["header_row"] == 1 and data["rows"] == 16
    assert data["would_import"] == 0
    assert [(p["row"], p["column"]) for p in data["problems"]] == [(8, "A (Date)"), (17, "A (Date)")]
    assert "in the future" in data["problems"][1]["message"]
    assert data["warnings"] == ["The CSV file was read as UTF-8 text"]


def test_a_mapping_file_overrides_the_suggestion(tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Worker": "ignore", "Analysis": "outcome"}), encoding="utf-8")
    data = json.loads(
        _run(DATA / "social_care_hidden_second_sheet.xlsx", "--mapping", mapping, "--format", "json")
    )
    assert data["mapping"] == {
        "Date": "date",
        "Event": "event_type",
        "Narrative": "what_happened",
        "Analysis": "outcome",
    }
    assert any("“Worker”" in w for w in data["warnings"])


def test_readable_summary():
    text = _run(DATA / "health_title_rows.xlsx")
    assert "Headings on row 4" in text and "Date of contact → date" in text
    assert "No problems: 4 entries would be imported" in text
    text = _run(DATA / "hostile_formulas.xlsx")
    assert "row 5, column A (Date): A formula, not a value: paste values only" in text
