"""Table tests of the final report rules (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.final_reports import rules

DAY = dt.date(2027, 3, 1)


@pytest.mark.parametrize(
    ("scope", "agencies", "due_on", "difference", "themes", "gaps"),
    [
        ("partners", 0, DAY, "Safer sleep advice reaches every family", 1, []),
        ("agencies", 2, DAY, "Fewer missed health visits", 2, []),
        ("agencies", 0, DAY, "x", 1, ["the agencies"]),
        ("", 0, DAY, "x", 1, ["the agencies"]),
        ("partners", 0, None, "x", 1, ["the date"]),
        ("partners", 0, DAY, "   ", 1, ["the expected difference for children"]),
        ("partners", 0, DAY, "x", 0, ["a practice theme"]),
        (
            "",
            0,
            None,
            "",
            0,
            ["the agencies", "the date", "the expected difference for children", "a practice theme"],
        ),
    ],
)
def test_recommendation_gaps(scope, agencies, due_on, difference, themes, gaps):
    assert (
        rules.recommendation_gaps(
            agency_scope=scope,
            agency_count=agencies,
            due_on=due_on,
            expected_difference=difference,
            theme_count=themes,
        )
        == gaps
    )


@pytest.mark.parametrize(
    ("required", "scope", "agencies", "errors"),
    [
        ("Audit the referral pathway", "partners", 0, {}),
        ("Audit the referral pathway", "agencies", 1, {}),
        ("Audit the referral pathway", "", 0, {}),  # who it is for may come later
        ("  ", "partners", 0, {"required": "Enter what is required"}),
        (
            "Audit",
            "agencies",
            0,
            {"agencies": "Select at least one agency, or choose all the safeguarding partners"},
        ),
        (
            "Audit",
            "partners",
            2,
            {"agencies": "Leave the agencies unticked when the recommendation is for all the partners"},
        ),
    ],
)
def test_recommendation_errors(required, scope, agencies, errors):
    assert rules.recommendation_errors(required=required, agency_scope=scope, agency_count=agencies) == errors


@pytest.mark.parametrize(
    ("findings", "report_recommendations", "needed"),
    [(0, 0, False), (2, 0, True), (2, 1, False), (0, 1, False)],
)
def test_findings_without_recommendations_need_the_partners_response(
    findings, report_recommendations, needed
):
    assert (
        rules.response_needed(finding_count=findings, report_recommendation_count=report_recommendations)
        is needed
    )


READY = rules.ReportFacts(
    status="in_preparation",
    has_final_draft=True,
    improvements_summary="Improve information sharing",
    systemic_analysis="Thresholds were read differently across agencies",
    partners_response="",
    finding_count=2,
    report_recommendation_count=1,
    response_recommendation_count=0,
)


def _facts(**changes):
    return rules.ReportFacts(**(READY.__dict__ | changes))


@pytest.mark.parametrize(
    ("facts", "reasons"),
    [
        (READY, []),
        (_facts(status="submitted"), ["The final report has already been submitted for sign-off"]),
        (_facts(has_final_draft=False), ["Choose the final draft of the report"]),
        (_facts(improvements_summary=" "), ["Write the summary of recommended improvements"]),
        (_facts(systemic_analysis=""), ["Write the analysis of systemic or underlying reasons"]),
        (
            _facts(improvements_summary="", systemic_analysis=""),
            [
                "Write the summary of recommended improvements",
                "Write the analysis of systemic or underlying reasons",
            ],
        ),
        (_facts(finding_count=0, report_recommendation_count=0), ["Record at least one finding"]),
        # Learning Together: findings, no recommendations of the report's own: the partners' response.
        (
            _facts(report_recommendation_count=0),
            [
                "The findings have no recommendations from the report: the business unit records the "
                "partners' response"
            ],
        ),
        (_facts(report_recommendation_count=0, partners_response="The partners accept the findings"), []),
        (
            _facts(
                report_recommendation_count=0, response_recommendation_count=2, partners_response="Agreed"
            ),
            [],
        ),
        (
            _facts(response_recommendation_count=1),
            ["Some recommendations are the partners' response's: the business unit records that response"],
        ),
        (
            _facts(incomplete=((2, ("the agencies", "the date")),)),
            ["Recommendation 2 needs the agencies and the date"],
        ),
        (
            _facts(
                incomplete=(
                    (1, ("a practice theme",)),
                    (3, ("the agencies", "the date", "the expected difference for children")),
                )
            ),
            [
                "Recommendation 1 needs a practice theme",
                "Recommendation 3 needs the agencies, the date and the expected difference for children",
            ],
        ),
    ],
)
def test_readiness_for_signoff(facts, reasons):
    assert rules.readiness_reasons(facts) == reasons


@pytest.mark.parametrize(
    ("status", "signed_off", "complete", "shown"),
    [
        ("in_preparation", False, False, ("In preparation", "grey")),
        ("submitted", False, False, ("Submitted for sign-off", "blue")),
        ("submitted", False, True, ("Signed, with disagreement", "orange")),
        ("submitted", True, True, ("Signed off", "green")),
    ],
)
def test_shown_status(status, signed_off, complete, shown):
    assert rules.shown_status(status=status, signed_off=signed_off, signoffs_complete=complete) == shown


@pytest.mark.parametrize(
    ("signed_off", "closed", "refusal"),
    [
        (False, False, None),
        (True, False, "The three partners have signed off this final report: it can no longer be changed"),
        (False, True, "The case is closed: its final report can no longer be changed"),
    ],
)
def test_change_refusal(signed_off, closed, refusal):
    assert rules.change_refusal(signed_off=signed_off, case_closed=closed) == refusal


@pytest.mark.parametrize(
    ("words", "joined"), [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")]
)
def test_join_words(words, joined):
    assert rules.join_words(words) == joined


TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("due_on", "kept", "error"),
    [
        (None, None, None),
        (TODAY, None, None),
        (TODAY + dt.timedelta(days=90), None, None),
        (TODAY - dt.timedelta(days=1), None, "The date must be today or in the future"),
        # A saved date that has since passed may stay; changing it to another past date may not.
        (TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=30), None),
        (
            TODAY - dt.timedelta(days=10),
            TODAY - dt.timedelta(days=30),
            "The date must be today or in the future",
        ),
    ],
)
def test_a_recommendations_date_is_not_set_in_the_past(due_on, kept, error):
    assert rules.due_on_error(due_on=due_on, kept=kept, today=TODAY) == error
