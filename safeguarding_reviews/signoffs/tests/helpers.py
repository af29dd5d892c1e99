"""Shared test helpers for the sign-off tests (not a test module)."""

from __future__ import annotations

from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.reports.models import GeneratedReport
from safeguarding_reviews.signoffs.selectors import signoff_state


def report_to_sign(outcome: RapidReviewOutcome) -> GeneratedReport:
    """The current report a sign-off names. The test has generated it (signoff_state's report is None
    before)."""
    report = signoff_state(outcome).report
    assert report is not None, "no current report to sign off"
    return report
