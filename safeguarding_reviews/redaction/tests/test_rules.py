"""The redaction check's pure rules (rules.py), table-tested: the normalised key, the words around a
finding, what the next version's check does to the previous one's findings, a check's state and what a
decision needs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_reviews.redaction import rules
from safeguarding_reviews.redaction.rules import Earlier


@pytest.mark.parametrize(
    ("kind", "a", "b"),
    [
        ("name", "Jayden", "JAYDEN"),
        ("name", "Jayden's", "jayden"),
        ("name", "Jayden’s", "Jayden"),
        ("name", "Jones'", "jones"),
        ("name", "Ms  Smith", "ms smith"),
        ("name", "Jayden\nSmith", "Jayden Smith"),
        ("name", "Smith-Jones", "smith jones"),
        ("school", "St Mary's", "st mary"),
        ("postcode", "SW1A 1AA", "sw1a1aa"),
        ("postcode", "sw1a  1aa", "SW1A1AA"),
        ("nhs_number", "943 476 5919", "943-476-5919"),
        ("phone", "(01632) 960 001", "01632960001"),
        ("dob", "11/03/2019", "11.03.2019"),
        ("incident_date", "2 May 2024", "2 may 2024"),
        ("email", "A.Person@Example.org", "a person@example org"),
    ],
)
def test_the_same_identifier_however_it_is_written(kind, a, b):
    assert rules.normalised(kind, a) == rules.normalised(kind, b)


@pytest.mark.parametrize(
    ("kind", "a", "b"),
    [
        ("name", "Jayden", "Jaydon"),
        ("name", "Smith", "Smithson"),
        ("postcode", "SW1A 1AA", "SW1A 1AB"),
        ("nhs_number", "9434765919", "9434765918"),
    ],
)
def test_different_identifiers_stay_different(kind, a, b):
    assert rules.normalised(kind, a) != rules.normalised(kind, b)


def _around(text: str, word: str) -> tuple[str, str]:
    start = text.index(word)
    return rules.context(text, start, start + len(word))


@pytest.mark.parametrize(
    ("text", "word", "before", "after"),
    [
        ("Jayden was seen.", "Jayden", "", " was seen."),
        ("The visit to Jayden", "Jayden", "The visit to ", ""),
        ("A visit (Jayden) ended", "Jayden", "A visit (", ") ended"),
        ("seen at\nhome by Jayden's\nmother", "Jayden", "seen at home by ", "'s mother"),
        (
            "one two three four five six seven eight nine ten Jayden a b c d e f g h i j",
            "Jayden",
            "…three four five six seven eight nine ten ",
            " a b c d e f g h…",
        ),
    ],
)
def test_the_words_around_a_finding(text, word, before, after):
    assert _around(text, word) == (before, after)


def test_the_words_around_are_short_however_long_the_words():
    text = "x" * 1000 + " Jayden " + "y" * 1000
    before, after = _around(text, "Jayden")
    assert len(before) <= rules.CONTEXT_CHARS + 2 and before.startswith(rules.ELLIPSIS)
    assert len(after) <= rules.CONTEXT_CHARS + 2 and after.endswith(rules.ELLIPSIS)


@pytest.mark.parametrize(
    ("start", "end"),
    [(-5, 3), (3, 2), (100, 200), (0, 0)],
)
def test_the_words_around_never_fail_on_odd_offsets(start, end):
    before, after = rules.context("Short text.", start, end)
    assert isinstance(before, str) and isinstance(after, str)


NAME = ("name", "jayden")
POSTCODE = ("postcode", "sw1a1aa")
SCHOOL = ("school", "st mary")


@pytest.mark.parametrize(
    ("earlier", "found", "fixed", "carried"),
    [
        # Nothing before: nothing fixed or carried.
        ([], [NAME], set(), {}),
        # Gone in the new version: fixed, whatever its decision.
        ([Earlier(1, NAME, "open"), Earlier(2, POSTCODE, "accepted")], [], {1, 2}, {}),
        # Found again, open before: stays open (nothing carried), not fixed.
        ([Earlier(1, NAME, "open")], [NAME], set(), {}),
        # Found again, accepted before: the acceptance is carried.
        ([Earlier(1, NAME, "accepted")], [NAME, NAME], set(), {NAME: 1}),
        # Two earlier findings of one key, one accepted: the accepted one's reason is carried.
        ([Earlier(1, NAME, "open"), Earlier(2, NAME, "accepted")], [NAME], set(), {NAME: 2}),
        # The first accepted finding of a key gives the reason.
        ([Earlier(5, NAME, "accepted"), Earlier(3, NAME, "accepted")], [NAME], set(), {NAME: 3}),
        # A mix.
        (
            [Earlier(1, NAME, "accepted"), Earlier(2, POSTCODE, "open"), Earlier(3, SCHOOL, "accepted")],
            [NAME, ("name", "other")],
            {2, 3},
            {NAME: 1},
        ),
    ],
)
def test_what_the_next_version_does_to_the_previous_findings(earlier, found, fixed, carried):
    plan = rules.carry(earlier, found)
    assert plan.fixed == frozenset(fixed)
    assert plan.accepted_from == carried


@pytest.mark.parametrize(
    ("status", "open_count", "state"),
    [
        ("checked", 0, rules.STATE_PUBLISHABLE),
        ("checked", 3, rules.STATE_OPEN),
        ("not_checkable", 0, rules.STATE_NOT_CHECKABLE),
        ("not_checkable", 2, rules.STATE_NOT_CHECKABLE),
    ],
)
def test_a_checks_state(status, open_count, state):
    assert rules.check_state(status=status, open_count=open_count) == state


@pytest.mark.parametrize(
    ("decision", "fixed", "superseded", "accepting", "refusal"),
    [
        ("open", False, False, True, None),
        ("accepted", False, False, False, None),
        ("accepted", False, False, True, "already been accepted"),
        ("open", False, False, False, "not accepted"),
        ("open", True, False, True, "fixed in the next version"),
        ("open", False, True, True, "newer version"),
        ("accepted", False, True, False, "newer version"),
    ],
)
def test_when_a_decision_may_be_taken(decision, fixed, superseded, accepting, refusal):
    got = rules.decision_refusal(decision=decision, fixed=fixed, superseded=superseded, accepting=accepting)
    assert (got is None) if refusal is None else (refusal in (got or ""))


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("A public place name", None),
        ("", "Enter why"),
        ("   \n ", "Enter why"),
        ("x" * 1000, None),
        ("x" * 1001, "1000 characters or fewer"),
    ],
)
def test_a_reason_is_required(reason, error):
    got = rules.reason_error(reason)
    assert (got is None) if error is None else (error in (got or ""))


@pytest.mark.parametrize(
    ("label", "error"),
    [("final_report", None), ("Easy-read summary", None), ("", "Enter what the file is"), ("x" * 101, "100")],
)
def test_a_label(label, error):
    got = rules.label_error(label)
    assert (got is None) if error is None else (error in (got or ""))


def test_labels_and_kinds_in_words():
    assert rules.label_display("seven_minute_briefing") == "Seven-minute briefing"
    assert rules.label_display("Easy-read summary") == "Easy-read summary"
    assert rules.kind_label("nhs_number") == "NHS number"
    assert rules.kind_label("something_new") == "something_new"


@given(text=st.text(max_size=2000), start=st.integers(-10, 2100), length=st.integers(0, 50))
def test_the_words_around_any_text_are_short_and_never_fail(text, start, length):
    before, after = rules.context(text, start, start + length)
    assert len(before) <= rules.CONTEXT_CHARS + 2 and len(after) <= rules.CONTEXT_CHARS + 2
    assert "\n" not in before and "\n" not in after


@given(kind=st.sampled_from(sorted(rules.KIND_LABELS)), text=st.text(max_size=200))
def test_the_key_of_any_text_is_stable_under_case_and_spacing(kind, text):
    key = rules.normalised(kind, text)
    assert rules.normalised(kind, text.upper()) == rules.normalised(kind, text.lower()) or not text.isascii()
    assert rules.normalised(kind, f"  {text}\n") == key
