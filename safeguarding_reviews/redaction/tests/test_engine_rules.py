"""Table tests for each rule of the redaction engine (redaction/engine.py, redaction/shapes.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.redaction import engine, shapes
from safeguarding_reviews.redaction.engine import Finding, find_identifiers, identity_from_json

IDENTITY = identity_from_json(
    {
        "pseudonym": "Child H",
        "people": [
            {
                "role": "child",
                "first_names": "Hope Jayden",
                "last_name": "Okafor-Brown",
                "known_as": ["Bubs", "JJ"],
                "initials": ["HOB", "AM"],
                "date_of_birth": "2019-03-11",
                "nhs_number": "943 476 5919",
            },
            {"role": "mother", "first_names": "Rose", "last_name": "Brown", "date_of_birth": "1994-07-02"},
            {"role": "father", "first_names": "Will", "last_name": "Young", "known_as": "Billy"},
            {"role": "social worker", "first_names": "Zoë", "last_name": "Kowalska"},
            {"role": "independent reviewer", "first_names": "Helen", "last_name": "Brown"},
        ],
        "addresses": [
            {"line1": "14 Larch Close", "town": "Northbridge", "postcode": "NB1 4XY"},
            {"line1": "Flat 3, Wren House, 22 Mill Lane", "town": "Eastfield", "postcode": "EF2 9QP"},
        ],
        "schools": ["St Mary's Church of England Primary School", "Little Acorns Day Nursery"],
        "incident_date": "2023-06-04",
        "safe_terms": ["Northbridge Children's Services", "Eastshire Police"],
    }
)


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_identifiers(IDENTITY, text)]


def kinds_at(text: str, fragment: str) -> set[str]:
    """The kinds of the findings that overlap `fragment` in `text`."""
    start = text.index(fragment)
    end = start + len(fragment)
    return {f.kind for f in find_identifiers(IDENTITY, text) if f.start < end and start < f.end}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("She was born on 11/03/2019 at home.", "11/03/2019"),
        ("DOB 11.3.19 per the GP.", "11.3.19"),
        ("Born 11-03-2019.", "11-03-2019"),
        ("He was born on 11th March 2019.", "11th March 2019"),
        ("born on the eleventh of March 2019", "eleventh of March 2019"),
        ("born on March 11, 2019 in hospital", "March 11, 2019"),
        ("born March 11th 2019", "March 11th 2019"),
        ("record: 2019-03-11", "2019-03-11"),
        ("record: 2019/03/11", "2019/03/11"),
        ("born 11 Mar. 2019", "11 Mar. 2019"),
        ("born 11-Mar-2019", "11-Mar-2019"),
        ("born on 11 March '19", "11 March '19"),
        ("DOB 11032019", "11032019"),
        ("he was born in March 2019 in Northbridge", "March 2019"),
        ("a birthday on 11 March", "11 March"),
        ("Mother's date of birth: 2nd July 1994", "2nd July 1994"),
        ("born 03/11/2019 (US order)", "03/11/2019"),
    ],
)
def test_dates_of_birth_in_every_written_form(text: str, fragment: str) -> None:
    assert kinds_at(text, fragment) == {"dob"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("The incident on 4 June 2023 was reported.", "4 June 2023"),
        ("On 04/06/2023 he was admitted.", "04/06/2023"),
        ("On Sunday 4th June 2023 he was admitted.", "4th June 2023"),
        ("On June 4, 2023 he was admitted.", "June 4, 2023"),
        ("On 4 June the ambulance came.", "4 June"),
        ("Police log 2023-06-04.", "2023-06-04"),
    ],
)
def test_the_incident_date_in_every_form(text: str, fragment: str) -> None:
    assert kinds_at(text, fragment) == {"incident_date"}


@pytest.mark.parametrize(
    "text",
    [
        "The panel met on 14 November 2023.",
        "The report is dated 12/12/2023.",
        "In March 2019 the team changed.",  # a month, with nothing about a birth
        "The Children Act 1989 applies.",
        "The review covers 2019 to 2023.",
        "On 11 March 2021 a meeting was held.",  # the birthday in another year
    ],
)
def test_meeting_and_report_dates_are_not_findings(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("NB1 4XY", "NB14XY"),
        ("nb1 4xy", "NB14XY"),
        ("NB14XY", "NB14XY"),
        ("nb1  4xy", "NB14XY"),
        ("EC1A 1BB", "EC1A1BB"),
    ],
)
def test_postcode_normalisation(written: str, normal: str) -> None:
    assert shapes.normal_postcode(written) == normal
    spans = list(shapes.find_postcodes(engine.fold(written), written))
    assert [(start, end, code) for start, end, code in spans] == [(0, len(written), normal)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at NB1 4XY.", [("postcode", "NB1 4XY")]),
        ("at nb14xy.", [("postcode", "nb14xy")]),
        ("the clinic at SW1A 1AA", [("postcode", "SW1A 1AA")]),  # any postcode shape
        ("in sw1a1aa", [("postcode", "sw1a1aa")]),
        ("on the a1 2nd exit", []),  # an ordinal, not a postcode
        ("Covid19 2nd wave", []),
    ],
)
def test_postcodes(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("9434765919", True),
        ("4010232137", True),
        ("6402117293", True),
        ("4010232138", False),
        ("1234567890", False),
        ("943476591", False),
        ("94347659190", False),
    ],
)
def test_nhs_number_mod_11(digits: str, valid: bool) -> None:
    assert shapes.nhs_number_valid(digits) is valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NHS no. 943 476 5919.", [("nhs_number", "943 476 5919")]),
        ("NHS no. 943-476-5919.", [("nhs_number", "943-476-5919")]),
        ("NHS no. 9434765919.", [("nhs_number", "9434765919")]),
        ("NHS no. 943 476\n5919.", [("nhs_number", "943 476\n5919")]),
        ("another child's 401 023 2137", [("nhs_number", "401 023 2137")]),  # any valid NHS number
        ("case reference 4010232138", []),  # fails the check digit
        ("In 2019 943 476 5919 was written", [("nhs_number", "943 476 5919")]),
    ],
)
def test_nhs_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("call 07700 900123 now", "07700 900123"),
        ("call 07700-900-123 now", "07700-900-123"),
        ("call 01632 960 451", "01632 960 451"),
        ("call (01632) 960451", "01632) 960451"),
        ("call +44 7700 900123", "+44 7700 900123"),
        ("call +44 (0)7700 900123", "7700 900123"),
        ("call 020 7946 0018", "020 7946 0018"),
        ("email rose.brown@example.com today", "rose.brown@example.com"),
        ("email ROSE_B+1@Mail.Example.co.uk.", "ROSE_B+1@Mail.Example.co.uk"),
    ],
)
def test_phones_and_emails(text: str, fragment: str) -> None:
    assert kinds_at(text, fragment) & {"phone", "email"}


@pytest.mark.parametrize(
    "text",
    ["the figure was 12345 in 2019", "a@b", "email me @ the office", "version 1.2.3.4", "call 999 or 101"],
)
def test_numbers_and_at_signs_that_are_not_shapes(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jayden was seen.", [("name", "Jayden")]),
        ("jayden was seen.", [("name", "jayden")]),
        ("JAYDEN was seen.", [("name", "JAYDEN")]),
        ("Jayden's mother", [("name", "Jayden's")]),
        ("Jayden’s mother", [("name", "Jayden’s")]),
        ("Ms Kowalska said", [("name", "Ms Kowalska")]),
        ("Mrs. Kowalska said", [("name", "Mrs. Kowalska")]),
        ("Zoe Kowalska said", [("name", "Zoe Kowalska")]),  # no accent
        ("Z. Kowalska said", [("name", "Z. Kowalska")]),
        ("the Okafor-Browns moved", [("name", "Okafor-Browns")]),
        ("Okafor Brown was written", [("name", "Okafor Brown")]),
        ("Okafor-\nBrown was written", [("name", "Okafor-\nBrown")]),
        ("Jay-\nden was seen", [("name", "Jay-\nden")]),
        ("J A Y D E N was seen", [("name", "J A Y D E N")]),
        ("Jaydon was seen", [("name", "Jaydon")]),  # one letter wrong
        ("Kowalski said", [("name", "Kowalski")]),
        ("Bubs was crying", [("name", "Bubs")]),
        ("the log said HOB was hungry", [("name", "HOB")]),
        ("the log said hob was hot", []),  # listed initials that are a word count only in capitals
        ("the log said H.O.B. was hungry", [("name", "H.O.B.")]),
        ("it was 9 AM when", [("name", "AM")]),  # listed initials "AM": the check cannot tell
        ("the log said HB was hungry", []),  # initials not listed
        ("Billy was seen", [("name", "Billy")]),
    ],
)
def test_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rose told the nurse.", [("name", "Rose")]),
        ("Rose collected her.", [("name", "Rose")]),
        ("The nurse saw Rose.", [("name", "Rose")]),
        ("Rose's flat", [("name", "Rose's")]),
        ("Will was seen.", [("name", "Will")]),
        ("Ms Brown said", [("name", "Ms Brown")]),
        ("Mr Young said", [("name", "Mr Young")]),
        ("the Brown family", [("name", "Brown")]),
        ("Rose Brown said", [("name", "Rose Brown")]),
        ("ROSE BROWN", [("name", "ROSE BROWN")]),
        ("Prices rose sharply.", []),
        ("The family had hope.", []),
        ("Young people need help.", []),
        ("Young Minds helped.", []),
        ("Professionals will meet.", []),
        ("It may be late.", []),
        ("Will the agencies act?", []),
        ("brown paper", []),
        ("Rose Hill Family Centre", []),
        ("Dr Rose Patel", []),
        ("HOPE FOR THE FUTURE", []),
        ("In May 2022 the team changed.", []),
        ("Hope and resilience matter.", []),
    ],
)
def test_ordinary_words_that_are_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Research by Brown (2019) shows this.",
        "as shown (Brown et al., 2020)",
        "Brown et al. found",
        "(Young and Brown, 2018)",
        "(Young & Brown 2018)",
        "Brown, R. and Young, W. (2017) Neglect.",
        "Brown's (2019) study",
        "Kowalska (2020) found",
        "Okafor-Brown (2021) found",
        "the Munro Review",
        "the Kowalska Foundation",
        "St Mary's Hospital",
    ],
)
def test_citations_and_institutions_are_not_findings(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Child H was seen.",
        "Northbridge Children's Services visited.",
        "Eastshire Police attended.",
        "The reviewer, Helen Brown, thanks everyone.",  # the reviewer's entry is a safe term
        "Services in Northbridge were stretched.",  # a town not part of an address
        "The social worker and the health visitor met.",
    ],
)
def test_safe_terms_roles_and_towns_are_not_findings(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "fragment", "kind"),
    [
        ("at 14 Larch Close, Northbridge", "14 Larch Close", "address"),
        ("at 14 Larch Close, Northbridge", "Northbridge", "address"),
        ("on Larch Close", "Larch Close", "address"),
        ("on larch close", "larch close", "address"),
        ("at 14 Larch Cl.", "Larch Cl", "address"),
        ("at Wren House", "Wren House", "address"),
        ("Mill Lane, Eastfield EF2 9QP", "Eastfield", "address"),
        ("St Mary's Church of England Primary School", "St Mary's", "school"),
        ("at St Mary's", "St Mary's", "school"),
        ("at St. Mary's C of E", "St. Mary's", "school"),
        ("at Saint Marys Primary", "Saint Marys", "school"),
        ("at Little Acorns", "Little Acorns", "school"),
        ("at Little Acorns Nursery", "Little Acorns Nursery", "school"),
    ],
)
def test_addresses_and_schools(text: str, fragment: str, kind: str) -> None:
    assert kind in kinds_at(text, fragment)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("St Mary's Church of England Primary School", "st mary's"),
        ("Oakfield Community Primary School", "oakfield"),
        ("St Joseph's Roman Catholic Primary School", "st joseph's"),
        ("Little Acorns Day Nursery", "little acorns"),
        ("Busy Bees at Harrowgate Vale", "busy bees"),
        ("The Grove School (Northbridge)", "grove"),
        ("Holy Trinity C of E Junior and Infant School", "holy trinity"),
        ("Northbridge Academy", "northbridge"),
    ],
)
def test_school_short_forms(name: str, short: str) -> None:
    assert engine.school_short_form(name) == short


def test_a_school_short_form_that_is_the_town_is_not_used_alone() -> None:
    identity = identity_from_json(
        {"addresses": [{"line1": "1 High Street", "town": "Northbridge"}], "schools": ["Northbridge Academy"]}
    )
    assert [f.text for f in find_identifiers(identity, "Northbridge Academy is in Northbridge.")] == [
        "Northbridge Academy"
    ]


def test_findings_are_sorted_joined_and_carry_their_text() -> None:
    text = "Ms Rose Brown (born 11/03/2019) lives at 14 Larch Close."
    findings = find_identifiers(IDENTITY, text)
    assert findings == sorted(findings, key=lambda f: f.start)
    assert all(text[f.start : f.end] == f.text for f in findings)
    assert [f.as_json() for f in findings][0] == {
        "start": 0,
        "end": 13,
        "kind": "name",
        "text": "Ms Rose Brown",
    }


def test_identity_from_json_reads_missing_and_null_fields() -> None:
    identity = identity_from_json(
        {"people": [{"first_names": None, "last_name": "Smith", "known_as": "Smudge"}]}
    )
    assert identity.people[0].known_as == ("Smudge",)
    assert identity.incident_date is None
    assert identity_from_json({}).people == ()
    assert identity_from_json({"incident_date": "2023-06-04"}).incident_date == dt.date(2023, 6, 4)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"people": "Smith"}, "people must be a list"),
        ({"people": [{"date_of_birth": "11/03/2019"}]}, "not a date written YYYY-MM-DD"),
        ({"schools": [1]}, "schools must be a string or a list of strings"),
        ([], "The identity must be an object"),
    ],
)
def test_identity_from_json_says_what_is_wrong(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        identity_from_json(data)  # type: ignore[arg-type]


def test_fold_keeps_offsets() -> None:
    text = "Zoë’s İstanbul – ﬁne\u00a0day"
    assert len(engine.fold(text)) == len(text)
    assert engine.fold("Zoë’s") == "zoe's"


def test_finding_json_shape() -> None:
    assert Finding(1, 4, "name", "Ann").as_json() == {"start": 1, "end": 4, "kind": "name", "text": "Ann"}
