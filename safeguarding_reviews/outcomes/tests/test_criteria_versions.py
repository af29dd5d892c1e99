"""Criteria versions (outcomes.criteria, pure): each version names its source and asks its own criteria; an
outcome keeps the version it started on. Table tests, then the form and the service with the database."""

from __future__ import annotations

import pytest

from safeguarding_reviews.outcomes import criteria
from safeguarding_reviews.outcomes.criteria import CRITERIA_VERSION, CRITERIA_VERSION_REG11


@pytest.mark.parametrize(
    ("stored", "expected_version", "reg3_asked"),
    [
        (CRITERIA_VERSION, CRITERIA_VERSION, True),
        (CRITERIA_VERSION_REG11, CRITERIA_VERSION_REG11, False),
        ("", CRITERIA_VERSION_REG11, False),  # older rows with none answer the first version
        ("an-unknown-version", CRITERIA_VERSION_REG11, False),
    ],
)
def test_version_of_and_the_criteria_asked(stored, expected_version, reg3_asked):
    assert criteria.version_of(stored) == expected_version
    codes = {c.code for c in criteria.criteria_for(stored)}
    assert ({"reg3_a", "reg3_b", "reg3_c"} <= codes) is reg3_asked
    assert {"a", "b", "c", "d", "single_agency"} <= codes


def test_each_version_cites_its_source():
    assert "regulation 3" in criteria.criteria_source(CRITERIA_VERSION)
    assert "Working Together to Safeguard Children 2023" in criteria.criteria_source(CRITERIA_VERSION)
    assert "Panel's practice guidance" in criteria.criteria_source(CRITERIA_VERSION)
    assert "regulation 3" not in criteria.criteria_source(CRITERIA_VERSION_REG11)


def _all(answer: str = "yes", reason: str = "Synthetic reason.") -> dict[str, tuple[str, str]]:
    return {c.code: (answer, reason) for c in criteria.ALL_CRITERIA}


@pytest.mark.parametrize(
    ("version", "answers", "gaps"),
    [
        (CRITERIA_VERSION, _all(), []),
        (CRITERIA_VERSION, _all() | {"reg3_b": ("yes", " ")}, ["reg3_b"]),
        (CRITERIA_VERSION_REG11, _all() | {"reg3_b": ("", "")}, []),  # never asked: never a gap
        (CRITERIA_VERSION_REG11, _all() | {"d": ("no", "")}, ["d"]),
    ],
)
def test_assessment_gaps_follow_the_version(version, answers, gaps):
    assert criteria.assessment_gaps(answers, version) == gaps


@pytest.mark.django_db
def test_the_form_shows_the_national_review_criteria_only_on_the_current_version():
    from safeguarding_reviews.outcomes.forms import AssessmentForm

    new = AssessmentForm(criteria_version=CRITERIA_VERSION)
    old = AssessmentForm(criteria_version=CRITERIA_VERSION_REG11)
    assert "reg3_a" in new.fields and "reg3_a_reason" in new.fields
    assert "reg3_a" not in old.fields
    assert [heading for heading, _ in new.groups()][-1] == criteria.REG3_GROUP
    assert len(new.groups()) == 3 and len(old.groups()) == 2


@pytest.mark.django_db
def test_an_earlier_outcome_keeps_its_version_when_its_assessment_is_saved(world):
    from safeguarding_reviews.outcomes import services
    from safeguarding_reviews.outcomes.models import RapidReviewOutcome
    from tests.outcome_data import to_rapid_review

    to_rapid_review(world)
    officer = world.people["business_unit_officer"]
    outcome = services.outcome_start(actor=officer, case=world.case)
    assert outcome.criteria_version == CRITERIA_VERSION  # new outcomes start on the current version
    RapidReviewOutcome.objects.filter(pk=outcome.pk).update(criteria_version=CRITERIA_VERSION_REG11)
    outcome.refresh_from_db()
    outcome.case = world.case
    outcome = services.outcome_update(
        actor=officer,
        outcome=outcome,
        section="assessment",
        expected_version=outcome.version,
        changes={"reg11_a": "yes", "reg11_a_reason": "Synthetic."},
    )
    assert outcome.criteria_version == CRITERIA_VERSION_REG11


@pytest.mark.parametrize(
    ("stored", "says"),
    [
        ("2018-789-reg11/WT2023", "the local review criteria (regulation 11)"),
        (
            "2018-789-reg3-reg11/WT2023",
            "the national review criteria (regulation 3), the local review criteria",
        ),
        ("", "the local review criteria (regulation 11)"),  # older rows answer the first version
    ],
)
def test_criteria_in_words(stored, says):
    from safeguarding_reviews.outcomes.criteria import criteria_words

    words = criteria_words(stored)
    assert says in words and "2018-789" not in words
