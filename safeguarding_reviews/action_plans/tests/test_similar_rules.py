"""Table tests of repeated recommendations' matching (action_plans/similar.py, pure)."""

from __future__ import annotations

import pytest

from safeguarding_reviews.action_plans import similar
from safeguarding_reviews.action_plans.similar import Candidate, Match

GP_TEXT = "The ICB should ensure GPs share information with children's social care when a parent is in crisis"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The GPs and the Families", ["gp", "family"]),
        ("Information-sharing; with  GPs!", ["information", "sharing", "gp"]),
        ("process address class", ["process", "address", "class"]),  # "ss" is not a plural
        ("", []),
    ],
)
def test_words(text, expected):
    assert similar.words(text) == expected


@pytest.mark.parametrize(
    ("a", "b", "at_least", "at_most"),
    [
        (GP_TEXT, GP_TEXT, 100, 100),
        # Word order and capitals do not matter.
        ("GPs share information with social care", "social care share information with GPs", 100, 100),
        # A short recommendation whose words are all in a longer one.
        ("GPs should share information", GP_TEXT, 100, 100),
        (GP_TEXT, "General practice must share information with children's social care in a crisis", 70, 99),
        (GP_TEXT, "Schools should record attendance concerns and follow up absence the same day", 0, 0),
        # One shared word is not enough.
        ("Supervision", "Supervision", 0, 0),
        ("", "", 0, 0),
    ],
)
def test_text_similarity(a, b, at_least, at_most):
    score = similar.text_similarity(a, b)
    assert at_least <= score <= at_most
    assert similar.text_similarity(b, a) == score  # symmetric


def _candidate(n, text="Unrelated words about school attendance", themes=(), closed=False, impact=""):
    return Candidate(id=n, text=text, theme_ids=frozenset(themes), closed=closed, impact=impact)


def test_find_similar_by_text_or_theme_best_first():
    candidates = [
        _candidate(1),
        _candidate(2, themes={5}),
        _candidate(3, text="GPs should share information with social care"),
        _candidate(4, text="GPs should share information with social care", themes={5, 6}),
        _candidate(5, themes={5, 6}),
    ]
    found = similar.find_similar(GP_TEXT, {5, 6}, candidates)
    assert [match.candidate.id for match in found] == [4, 3, 5, 2]
    assert found[0].reasons == ["similar wording", "same themes"]
    assert found[1].reasons == ["similar wording"]
    assert found[3].reasons == ["same theme"]


def test_find_similar_none():
    assert similar.find_similar(GP_TEXT, set(), [_candidate(1), _candidate(2, themes={9})]) == []


def _match(n, themes=(), closed=False, impact="", score=0):
    candidate = _candidate(n, themes=themes, closed=closed, impact=impact)
    return Match(candidate=candidate, text_score=score, shared_theme_ids=frozenset(themes))


LABELS = {5: "Information sharing and seeking", 6: "Supervision"}


@pytest.mark.parametrize(
    ("matches", "expected"),
    [
        ([], ""),
        (
            [
                _match(1, {5}, closed=True, impact="not_shown"),
                _match(2, {5}, closed=True),
                _match(3, {5, 6}),
            ],
            "3 earlier recommendations on information sharing and seeking, 2 closed, impact not shown for 1",
        ),
        (
            [_match(1, {5}, closed=True, impact="not_shown")],
            "1 earlier recommendation on information sharing and seeking, 1 closed, impact not shown",
        ),
        ([_match(1, score=90)], "1 earlier recommendation with similar wording, none closed"),
        (
            [_match(1, {5}), _match(2, {6})],
            "2 earlier recommendations on information sharing and seeking and supervision, none closed",
        ),
        (
            [
                _match(1, {5}, True, "shown"),
                _match(2, {5}, True, "partly"),
                _match(3, {5}, impact="not_shown"),
            ],
            "3 earlier recommendations on information sharing and seeking, 2 closed, impact not shown for 1, "
            "impact partly shown for 1, impact shown for 1",
        ),
    ],
)
def test_summary(matches, expected):
    assert similar.summary(matches, LABELS) == expected


@pytest.mark.parametrize(
    ("closed", "impacts", "expected"),
    [
        ([False, False], ["", ""], "2 linked recommendations, none closed"),
        (
            [True, False, True],
            ["not_shown", "", ""],
            "3 linked recommendations, 2 closed, impact not shown for 1",
        ),
        ([True, True], ["shown", "shown"], "2 linked recommendations, 2 closed, impact shown"),
        ([True], ["bogus"], "1 linked recommendation, 1 closed"),
    ],
)
def test_group_summary(closed, impacts, expected):
    assert similar.group_summary(closed, impacts) == expected
