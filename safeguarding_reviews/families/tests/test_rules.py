"""Table tests of the family's involvement rules (families/rules.py, pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.families import rules
from safeguarding_reviews.subjects.identity_parts import NAME_ERROR, POSTCODE_ERROR

TODAY = dt.date(2026, 3, 10)
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)


def _approach(**overrides):
    values = {
        "approach": "yes",
        "method": "letter",
        "reason": "",
        "decided_on": None,
        "is_child": False,
        "wishes": "",
        "adaptation": "",
        "today": TODAY,
    } | overrides
    return rules.approach_errors(**values)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, {}),
        ({"approach": ""}, {"approach": "Select whether to approach them"}),
        ({"approach": "maybe"}, {"approach": "Select whether to approach them"}),
        ({"method": ""}, {"approach_method": "Select how they will be approached"}),
        ({"approach": "no", "method": ""}, {"approach_reason": "Enter the reasons for not approaching them"}),
        (
            {"approach": "no", "reason": "   "},
            {"approach_reason": "Enter the reasons for not approaching them"},
        ),
        ({"approach": "no", "reason": "A criminal trial, agreed with the police"}, {}),
        ({"decided_on": YESTERDAY}, {}),
        ({"decided_on": TODAY}, {}),
        ({"decided_on": TOMORROW}, {"decided_on": "The date decided must be today or in the past"}),
        (
            {"is_child": True},
            {
                "child_wishes": "Enter the child's wishes about taking part, or that they could not be known",
                "child_adaptation": "Enter how their involvement is adapted to their age and understanding",
            },
        ),
        (
            {"is_child": True, "wishes": "Wants to talk with a trusted teacher present"},
            {"child_adaptation": "Enter how their involvement is adapted to their age and understanding"},
        ),
        ({"is_child": True, "wishes": "Wants to", "adaptation": "Through their teacher"}, {}),
        # Not approaching a child still records their wishes; no adaptation is needed.
        (
            {"is_child": True, "approach": "no", "reason": "Too young", "wishes": ""},
            {"child_wishes": "Enter the child's wishes about taking part, or that they could not be known"},
        ),
        ({"is_child": True, "approach": "no", "reason": "Too young", "wishes": "Not known: aged 2"}, {}),
    ],
)
def test_approach_errors(overrides, expected):
    assert _approach(**overrides) == expected


BLOCKED = {"family_contact": ("No contact until the verdict", "Agreed with the CPS")}


@pytest.mark.parametrize(
    ("approach", "blocks", "expected"),
    [
        ("yes", {}, None),
        ("no", {}, None),
        ("no", BLOCKED, None),
        (
            "yes",
            BLOCKED,
            "Contact with the family is blocked by a parallel process: No contact until the verdict; "
            "Agreed with the CPS",
        ),
        ("yes", {"practitioner_event": ("Other",)}, None),
        ("yes", {"family_contact": ()}, None),
    ],
)
def test_a_decision_to_approach_is_refused_while_contact_is_blocked(approach, blocks, expected):
    assert rules.approach_refusal(approach, blocks) == expected


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        ({}, None),
        ({"family_contact": ("Trial",)}, "Contact with the family is blocked by a parallel process: Trial"),
        ({"draft_sharing": ("Trial",)}, "Sharing the draft report is blocked by a parallel process: Trial"),
    ],
)
def test_draft_refusal(blocks, expected):
    assert rules.draft_refusal(blocks) == expected


@pytest.mark.parametrize(
    ("blocks", "approach", "expected"),
    [
        ({}, "", None),
        ({}, "yes", None),
        ({}, "no", rules.NOT_APPROACHED_DRAFT),
        (
            {"family_contact": ("Trial",)},
            "yes",
            "Contact with the family is blocked by a parallel process: Trial",
        ),
        (
            {"family_contact": ("Trial",)},
            "",
            "Contact with the family is blocked by a parallel process: Trial",
        ),
        (
            {"draft_sharing": ("Inquest",), "family_contact": ("Trial",)},
            "no",
            "Sharing the draft report is blocked by a parallel process: Inquest",
        ),
    ],
)
def test_the_draft_is_contact_and_not_for_someone_not_approached(blocks, approach, expected):
    assert rules.draft_refusal(blocks, approach=approach) == expected


@pytest.mark.parametrize(
    ("kind", "on", "result", "attended_by", "expected"),
    [
        ("attempt", YESTERDAY, "no_response", "", {}),
        ("attempt", TOMORROW, "spoke", "", {"on": "The date must be today or in the past"}),
        ("attempt", TODAY, "held", "", {"result": "Select the result of the contact attempt"}),
        ("meeting", TODAY, "agreed", "", {"result": "Select whether the meeting was held or cancelled"}),
        ("meeting", TODAY, "held", "", {"attended_by": "Enter who attended, by role"}),
        ("meeting", TODAY, "held", "Mother, independent reviewer", {}),
        ("meeting", TODAY, "cancelled", "", {}),
        ("meeting", None, "", "", {}),
    ],
)
def test_contact_errors(kind, on, result, attended_by, expected):
    assert (
        rules.contact_errors(kind=kind, on=on, result=result, attended_by=attended_by, today=TODAY)
        == expected
    )


@pytest.mark.parametrize(
    ("shared_on", "response", "response_on", "expected"),
    [
        (YESTERDAY, "not_yet", None, {}),
        (
            TOMORROW,
            "not_yet",
            None,
            {"draft_shared_on": "The date the draft was shared must be today or in the past"},
        ),
        (
            YESTERDAY,
            "not_yet",
            TODAY,
            {"draft_response_on": "Leave the date of their response blank until they respond"},
        ),
        (YESTERDAY, "commented", TODAY, {}),
        (
            YESTERDAY,
            "commented",
            TOMORROW,
            {"draft_response_on": "The date of their response must be today or in the past"},
        ),
        (
            TODAY,
            "content",
            YESTERDAY,
            {"draft_response_on": "The date of their response must be the same as or after the date shared"},
        ),
    ],
)
def test_draft_errors(shared_on, response, response_on, expected):
    assert (
        rules.draft_errors(shared_on=shared_on, response=response, response_on=response_on, today=TODAY)
        == expected
    )


@pytest.mark.parametrize(
    ("explained_on", "expected"),
    [
        (None, {}),
        (TODAY, {}),
        (TOMORROW, {"expectations_on": "The date explained must be today or in the past"}),
    ],
)
def test_expectations_errors(explained_on, expected):
    assert rules.expectations_errors(explained_on=explained_on, today=TODAY) == expected


@pytest.mark.parametrize(
    ("approach", "contacts", "expected"),
    [
        ("", [], rules.Status.NOT_DECIDED),
        ("", [("attempt", "agreed")], rules.Status.NOT_DECIDED),
        ("no", [], rules.Status.NOT_APPROACHED),
        ("yes", [], rules.Status.APPROACHED),
        ("yes", [("attempt", "no_response"), ("attempt", "spoke")], rules.Status.APPROACHED),
        ("yes", [("attempt", "agreed")], rules.Status.ENGAGED),
        ("yes", [("meeting", "held")], rules.Status.ENGAGED),
        ("yes", [("meeting", "cancelled")], rules.Status.APPROACHED),
        ("yes", [("attempt", "agreed"), ("attempt", "declined")], rules.Status.DECLINED),
        ("yes", [("attempt", "declined"), ("attempt", "agreed")], rules.Status.ENGAGED),
        ("yes", [("attempt", "declined"), ("attempt", "no_response")], rules.Status.DECLINED),
    ],
)
def test_member_status(approach, contacts, expected):
    assert rules.member_status(approach=approach, contacts=contacts) == expected


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], "None recorded"),
        (["approached"], "1 member: 1 approached, 0 not approached"),
        (
            ["approached", "not_approached", "engaged", "declined", "not_decided"],
            "5 members: 3 approached, 1 not approached, 1 not decided",
        ),
    ],
)
def test_summary(statuses, expected):
    assert rules.summary(statuses) == expected


@pytest.mark.parametrize(
    ("age", "expected"), [(None, "Not known"), (0, "0 years"), (1, "1 year"), (9, "9 years")]
)
def test_age_text(age, expected):
    assert rules.age_text(age) == expected


@pytest.mark.parametrize(
    ("relationship", "is_child", "age_years", "identity", "expected"),
    [
        ("aunt", False, None, {"first_names": "Synthetic", "last_name": "Auntname"}, {}),
        ("aunt", False, None, {"last_name": "Auntname", "postcode": "sw1a1aa"}, {}),
        ("aunt", False, None, {"first_names": "Synthetic"}, {}),
        ("aunt", False, None, None, {}),
        ("half-sibling", True, 7, None, {}),
        ("half-sibling", True, None, None, {"age_years": "Enter the child's age"}),
        ("half-sibling", True, 0, None, {}),
        ("  ", False, None, None, {"relationship": "Enter their relationship to the child"}),
        ("aunt", False, 40, None, {"age_years": "Enter an age only for a child"}),
        ("cousin", True, 18, None, {"age_years": "Enter an age from 0 to 17"}),
        ("cousin", True, -1, None, {"age_years": "Enter an age from 0 to 17"}),
        ("aunt", False, None, {"first_names": " "}, {"first_names": NAME_ERROR}),
        ("aunt", False, None, {"last_name": "Auntname", "postcode": "12345"}, {"postcode": POSTCODE_ERROR}),
        (
            "",
            False,
            3,
            {},
            {
                "relationship": "Enter their relationship to the child",
                "age_years": "Enter an age only for a child",
                "first_names": NAME_ERROR,
            },
        ),
    ],
)
def test_member_errors(relationship, is_child, age_years, identity, expected):
    assert (
        rules.member_errors(
            relationship=relationship, is_child=is_child, age_years=age_years, identity=identity
        )
        == expected
    )
