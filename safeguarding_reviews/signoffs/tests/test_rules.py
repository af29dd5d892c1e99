"""Who may sign off for which partner, and when: table tests of the pure rule."""

from __future__ import annotations

import pytest

from safeguarding_reviews.signoffs.rules import SignOffFacts, refusal

OK = SignOffFacts(
    partner="police",
    partners_of_user=frozenset({"police"}),
    drafted_it=False,
    partner_signed_by_someone_else=False,
    user_signed_for="",
    outcome_gaps=(),
    has_current_report=True,
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, None),
        ({"user_signed_for": "police"}, None),  # signing again for the same partner replaces their own
        ({"partners_of_user": frozenset({"icb"})}, "Only that partner's delegate"),
        ({"drafted_it": True}, "You wrote part of this outcome"),
        (
            {"partners_of_user": frozenset({"icb", "police"}), "user_signed_for": "icb"},
            "nobody signs for two",
        ),
        ({"partner_signed_by_someone_else": True}, "Another delegate has already"),
        ({"outcome_gaps": ("Decision and rationale",)}, "not complete: Decision and rationale"),
        ({"has_current_report": False}, "report has not been generated"),
    ],
)
def test_refusal(changes, expected):
    reason = refusal(SignOffFacts(**{**OK.__dict__, **changes}))
    if expected is None:
        assert reason is None
    else:
        assert reason is not None and expected in reason
