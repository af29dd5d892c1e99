"""Pure rules of the final report record (no Django): table-tested in tests/test_rules.py.

Choice values are those of models.py, kept as plain strings here.

The partners' response (docs/local-review.md, "The final report record"): findings may stand without
recommendations of the report's own (SCIE Learning Together produces findings; the partners' response then
sets the recommendations). So when the record has findings and no recommendation from the report, the
partners' response is required before sign-off, and the recommendations it sets are marked as the partners'
response's. A recommendation marked so also needs the response written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

IN_PREPARATION = "in_preparation"
SUBMITTED = "submitted"
SCOPE_PARTNERS = "partners"
SCOPE_AGENCIES = "agencies"
SOURCE_REPORT = "report"
SOURCE_RESPONSE = "partners_response"


@dataclass(frozen=True)
class RecommendationFields:
    """What is written about one recommendation (services.recommendation_add and _update take it)."""

    required: str
    agency_scope: str = ""
    agency_ids: tuple[int, ...] = ()
    due_on: dt.date | None = None
    expected_difference: str = ""
    theme_ids: tuple[int, ...] = ()
    source: str = SOURCE_REPORT
    finding_id: int | None = None


def recommendation_gaps(
    *,
    agency_scope: str,
    agency_count: int,
    due_on: dt.date | None,
    expected_difference: str,
    theme_count: int,
) -> list[str]:
    """What a recommendation still lacks before sign-off: the agencies (all the partners collectively, or at
    least one named agency), the date, the expected difference for children and at least one theme."""
    gaps = []
    if agency_scope not in (SCOPE_PARTNERS, SCOPE_AGENCIES) or (
        agency_scope == SCOPE_AGENCIES and agency_count < 1
    ):
        gaps.append("the agencies")
    if due_on is None:
        gaps.append("the date")
    if not expected_difference.strip():
        gaps.append("the expected difference for children")
    if theme_count < 1:
        gaps.append("a practice theme")
    return gaps


def recommendation_errors(*, required: str, agency_scope: str, agency_count: int) -> dict[str, str]:
    """Why a recommendation cannot be saved at all, by field (the rest may be completed later): what is
    required must be written, and named agencies need at least one agency chosen."""
    errors: dict[str, str] = {}
    if not required.strip():
        errors["required"] = "Enter what is required"
    if agency_scope == SCOPE_AGENCIES and agency_count < 1:
        errors["agencies"] = "Select at least one agency, or choose all the safeguarding partners"
    elif agency_scope == SCOPE_PARTNERS and agency_count > 0:
        errors["agencies"] = "Leave the agencies unticked when the recommendation is for all the partners"
    return errors


def due_on_error(*, due_on: dt.date | None, kept: dt.date | None, today: dt.date) -> str | None:
    """A recommendation's "by when" is set today or later. A date already saved may stay once it has passed
    (the record is edited after that date); a new or changed date may not be in the past."""
    if due_on is None or due_on == kept or due_on >= today:
        return None
    return "The date must be today or in the future"


def response_needed(*, finding_count: int, report_recommendation_count: int) -> bool:
    """Findings without any recommendation from the report need the partners' response."""
    return finding_count > 0 and report_recommendation_count == 0


def join_words(words: list[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass(frozen=True)
class ReportFacts:
    """What readiness for sign-off depends on. `incomplete` is (number, gaps) for each recommendation that
    is not complete (recommendation_gaps)."""

    status: str
    has_final_draft: bool
    improvements_summary: str
    systemic_analysis: str
    partners_response: str
    finding_count: int
    report_recommendation_count: int
    response_recommendation_count: int
    incomplete: tuple[tuple[int, tuple[str, ...]], ...] = ()


def readiness_reasons(facts: ReportFacts) -> list[str]:
    """Why the record cannot go to the partners for sign-off: [] when it can."""
    if facts.status != IN_PREPARATION:
        return ["The final report has already been submitted for sign-off"]
    reasons = []
    if not facts.has_final_draft:
        reasons.append("Choose the final draft of the report")
    if not facts.improvements_summary.strip():
        reasons.append("Write the summary of recommended improvements")
    if not facts.systemic_analysis.strip():
        reasons.append("Write the analysis of systemic or underlying reasons")
    if facts.finding_count < 1:
        reasons.append("Record at least one finding")
    needs_response = response_needed(
        finding_count=facts.finding_count, report_recommendation_count=facts.report_recommendation_count
    )
    if not facts.partners_response.strip():
        if needs_response:
            reasons.append(
                "The findings have no recommendations from the report: the business unit records the "
                "partners' response"
            )
        elif facts.response_recommendation_count:
            reasons.append(
                "Some recommendations are the partners' response's: the business unit records that response"
            )
    for number, gaps in facts.incomplete:
        reasons.append(f"Recommendation {number} needs {join_words(list(gaps))}")
    return reasons


def shown_status(*, status: str, signed_off: bool, signoffs_complete: bool) -> tuple[str, str]:
    """(label, GOV.UK tag colour) of the record: signed off once all three partners have signed the current
    version in agreement; a complete set with a disagreement says so."""
    if status == SUBMITTED and signed_off:
        return "Signed off", "green"
    if status == SUBMITTED and signoffs_complete:
        return "Signed, with disagreement", "orange"
    if status == SUBMITTED:
        return "Submitted for sign-off", "blue"
    return "In preparation", "grey"


def change_refusal(*, signed_off: bool, case_closed: bool) -> str | None:
    """Why the record can no longer be changed, or None."""
    if case_closed:
        return "The case is closed: its final report can no longer be changed"
    if signed_off:
        return "The three partners have signed off this final report: it can no longer be changed"
    return None
