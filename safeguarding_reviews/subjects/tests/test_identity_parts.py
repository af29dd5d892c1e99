"""Table tests of how names and addresses are kept in parts (subjects/identity_parts.py, pure): the
best-effort split of old free text the data migrations use, postcodes, and how parts are shown."""

from __future__ import annotations

import pytest

from safeguarding_reviews.subjects.identity_parts import (
    POSTCODE_ERROR,
    address_lines,
    display_name,
    name_errors,
    normalise_postcode,
    parts_from_recorded,
    postcode_error,
    recorded_from_parts,
    split_address,
    split_lines,
    split_list,
    split_name,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jayden Smith", ("Jayden", "Smith", [])),
        ("Jayden Lee Smith", ("Jayden Lee", "Smith", [])),
        ("  Jayden   Smith-Jones ", ("Jayden", "Smith-Jones", [])),
        ("SMITH, Jayden", ("Jayden", "SMITH", [])),
        ("Smith, Jayden Lee", ("Jayden Lee", "Smith", [])),
        ("Maria de la Cruz", ("Maria", "de la Cruz", [])),
        ("Anna van Dijk", ("Anna", "van Dijk", [])),
        ("Mrs Amara Okafor", ("Amara", "Okafor", [])),
        ("Dr. Patel", ("", "Patel", [])),
        ("Jayden (Jay) Smith", ("Jayden", "Smith", ["Jay"])),
        ('Jayden "JJ" Smith', ("Jayden", "Smith", ["JJ"])),
        ("Ann-Marie 'Annie' O'Neil", ("Ann-Marie", "O'Neil", ["Annie"])),
        ("Siobhan O'Brien", ("Siobhan", "O'Brien", [])),
        ("Baby Smith", ("Baby", "Smith", [])),
        ("Jayden", ("", "Jayden", [])),
        ("Mr", ("", "Mr", [])),
        ("", ("", "", [])),
        ("   ", ("", "", [])),
        ("(Jay)", ("", "", ["Jay"])),
    ],
)
def test_split_name(text, expected):
    assert split_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 Imaginary Row\nNorthbridge\nNB1 2AB", ("1 Imaginary Row", "Northbridge", "NB1 2AB")),
        ("1 Imaginary Row, Northbridge, nb12ab", ("1 Imaginary Row", "Northbridge", "NB1 2AB")),
        ("1 Imaginary Row\nNorthbridge NB1 2AB", ("1 Imaginary Row", "Northbridge", "NB1 2AB")),
        (
            "Flat 3\n10 Acacia Avenue\nNorthbridge\nNB1 2AB",
            ("Flat 3, 10 Acacia Avenue", "Northbridge", "NB1 2AB"),
        ),
        ("1 Imaginary Row, Northbridge", ("1 Imaginary Row", "Northbridge", "")),
        ("1 Imaginary Row", ("1 Imaginary Row", "", "")),
        ("SW1A 1AA", ("", "", "SW1A 1AA")),
        ("10 Acacia Avenue\r\n\r\nNorthbridge\r\n", ("10 Acacia Avenue", "Northbridge", "")),
        # Not a postcode: a house name that happens to end in letters and digits stays where it is.
        ("Rose Cottage\nLower Street\nA1 Road", ("Rose Cottage, Lower Street", "A1 Road", "")),
        ("", ("", "", "")),
        (",,\n ,", ("", "", "")),
    ],
)
def test_split_address(text, expected):
    assert split_address(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        (" SW1A   1AA ", "SW1A 1AA"),
        ("m1 1ae", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("SW1A 1A", None),
        ("12345", None),
        ("Northbridge", None),
        ("", None),
    ],
)
def test_normalise_postcode(text, expected):
    assert normalise_postcode(text) == expected


def test_postcode_error_allows_blank_and_names_the_fix():
    assert postcode_error("") is None
    assert postcode_error("sw1a 1aa") is None
    assert postcode_error("not a postcode") == POSTCODE_ERROR


@pytest.mark.parametrize(
    ("first", "last", "errors"),
    [
        ("Jayden", "Smith", {}),
        ("Jayden", "", {}),
        ("", "Smith", {}),
        (" ", " ", {"first_names": "Enter their first names or their last name"}),
    ],
)
def test_a_name_needs_a_first_name_or_a_last_name(first, last, errors):
    assert name_errors(first, last) == errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jay, JJ", ["Jay", "JJ"]),
        ("Jay; JJ / Jayjay", ["Jay", "JJ", "Jayjay"]),
        ("Jay or JJ", ["Jay", "JJ"]),
        ("aka Jay, known as JJ", ["Jay", "JJ"]),
        ("Jay, jay, JAY", ["Jay"]),
        ("", []),
    ],
)
def test_split_list(text, expected):
    assert split_list(text) == expected


def test_split_lines_keeps_commas_in_a_school_name():
    assert split_lines("St Mary's, Northbridge\n\nOakfield Nursery\n") == [
        "St Mary's, Northbridge",
        "Oakfield Nursery",
    ]


@pytest.mark.parametrize(
    ("first", "last", "known", "expected"),
    [
        ("Jayden", "Smith", ["Jay", "JJ"], "Jayden Smith (known as Jay, JJ)"),
        ("Jayden", "Smith", [], "Jayden Smith"),
        ("", "Smith", None, "Smith"),
        ("", "", ["Jay"], "Known as Jay"),
        ("", "", [], ""),
    ],
)
def test_display_name(first, last, known, expected):
    assert display_name(first, last, known) == expected


def test_address_lines_leave_out_what_is_not_recorded():
    assert address_lines("1 Imaginary Row", "", "NB1 2AB") == ["1 Imaginary Row", "NB1 2AB"]


def test_parts_from_recorded_and_back():
    parts = parts_from_recorded("Jayden (Jay) Smith", "JJ, Jayjay", "1 Imaginary Row\nNorthbridge\nnb1 2ab")
    assert parts == {
        "first_names": "Jayden",
        "last_name": "Smith",
        "known_as": ["Jay", "JJ", "Jayjay"],
        "address_line_1": "1 Imaginary Row",
        "town": "Northbridge",
        "postcode": "NB1 2AB",
    }
    assert recorded_from_parts("Jayden", "Smith", "1 Imaginary Row", "Northbridge", "NB1 2AB") == (
        "Jayden Smith",
        "1 Imaginary Row\nNorthbridge\nNB1 2AB",
    )


def test_parts_are_cut_to_the_columns():
    parts = parts_from_recorded("A" * 250 + " " + "B" * 250, "", "C" * 400 + "\n" + "D" * 150)
    assert len(parts["first_names"]) == 200 and len(parts["last_name"]) == 200
    assert len(parts["address_line_1"]) == 300 and len(parts["town"]) == 100
