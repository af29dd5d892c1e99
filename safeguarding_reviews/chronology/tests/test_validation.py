"""The row rules of chronology.validation: a table of small CSV files and what each row gives."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.chronology.validation import check_file

TODAY = dt.date(2026, 6, 1)


def _check(text, **options):
    return check_file("c.csv", text.encode("utf-8"), today=TODAY, **options)


ROWS = [
    # (why, heading, row, [(row, column letter, words)])
    ("a good row", "Date,Summary,Time", "04/03/2024,Seen.,14:30", []),
    ("a date but no text", "Date,Summary,Action taken", "04/03/2024,,", [(2, "B", "no text in “Summary”")]),
    ("text but no date", "Date,Summary", ",Seen.\n05/03/2024,Seen again.", [(2, "A", "no date")]),
    ("an impossible date", "Date,Summary", "31/02/2024,Seen.", [(2, "A", "not a real date")]),
    ("month first is never guessed", "Date,Summary", "12/25/2024,Seen.", [(2, "A", "no month 25")]),
    ("a future date", "Date,Summary", "17/01/2052,Seen.", [(2, "A", "in the future")]),
    ("a bad time", "Date,Summary,Time", "04/03/2024,Seen.,25:00", [(2, "C", "not a time")]),
    ("a time as words is no time", "Date,Summary,Time", "04/03/2024,Seen.,Morning", []),
    ("a time on a month", "Date,Summary,Time", "March 2024,Seen.,10:00", [(2, "A", "not a single day")]),
    (
        "a key episode that is not yes or no",
        "Date,Summary,Key episode",
        "04/03/2024,Seen.,maybe",
        [(2, "C", "yes or no")],
    ),
    (
        "a formula in the time column is said once",
        "Date,Summary,Time",
        "04/03/2024,Seen.,=NOW()",
        [(2, "C", "formula")],
    ),
    (
        "a formula in a column not imported",
        "Date,Summary,Extra",
        "04/03/2024,Seen.,@x",
        [(2, "C", "formula")],
    ),
    ("a dash and a plus are narrative", "Date,Summary,Source", "04/03/2024,- seen by GP,+44", []),
    ("only action taken holds text", "Date,Summary,Action taken", "04/03/2024,,Phoned.", []),
    ("too long", "Date,Summary,Source", "04/03/2024,Seen.," + "x" * 201, [(2, "C", "200 characters")]),
]


@pytest.mark.parametrize(("why", "heading", "rows", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_row_rules(why, heading, rows, expected):
    result = _check(heading + "\n" + rows + "\n")
    found = [(p.row, p.letter) for p in result.problems]
    assert found == [(row, letter) for row, letter, _ in expected], why
    for problem, (_, _, words) in zip(result.problems, expected, strict=True):
        assert words in problem.message
    assert result.would_import == (0 if expected else len(result.rows))


def test_several_columns_feed_one_field_under_their_headings():
    result = _check("Date,Incident,Details,Action\n04/03/2024,Shouting heard,Officers attended,Advice\n")
    [row] = result.rows
    assert row.what_happened == "Incident: Shouting heard\n\nDetails: Officers attended"
    assert row.action_taken == "Advice"


def test_narrative_falls_back_to_the_other_narrative_columns():
    [row] = _check("Date,Summary,Action taken,Outcome\n04/03/2024,,Phoned,Closed\n").rows
    assert row.what_happened == "" and row.narrative == "Action taken: Phoned\n\nOutcome: Closed"


def test_unknown_types_are_other_with_the_words_kept():
    result = _check("Date,Type,Summary\n04/03/2024,Juggling practice,Seen.\n05/03/2024,Home visit,Seen.\n")
    assert [(r.event_type, r.event_type_as_written) for r in result.rows] == [
        ("other", "Juggling practice"),
        ("home_visit", "Home visit"),
    ]
    assert any("1 row has a type of event that is not on the list" in w for w in result.warnings)
    overridden = _check(
        "Date,Type,Summary\n04/03/2024,Juggling practice,Seen.\n",
        event_types={"juggling practice": "contact"},
    )
    assert overridden.rows[0].event_type == "contact"


def test_the_date_and_time_column_and_a_time_column():
    [one, two] = _check("Date/Time,Time,Summary\n04/03/2024 09:00,,a\n04/03/2024 09:00,10:15,b\n").rows
    assert one.time == dt.time(9, 0) and two.time == dt.time(10, 15)


def test_an_empty_sheet_and_headings_only():
    assert "The file has no entries" in _check("Date,Summary\n").problems[0].message
    assert "No heading row" in _check("hello\nworld\n").problems[0].message


def test_no_date_column_is_said():
    result = _check("Summary,Worker\nSeen at home today.,SW\nPhoned mother.,SW\n")
    assert "No column holds the date" in result.problems[0].message
