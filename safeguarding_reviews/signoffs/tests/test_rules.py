"""Who may sign off for which partner, and when: table tests of the pure rule."""

from __future__ import annotations

import pytest

from safeguarding_reviews.signoffs.rules import SendFacts, SignOffFacts, refusal, send_refusal, send_warnings

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


# --- may the report be sent to the Panel? (issue 11 item 5) -----------------------------------------------

READY = SendFacts(
    at_rapid_review=True,
    has_current_report=True,
    waiting_for=(),
    unresolved_dissents=(),
    record_is_current=True,
    open_challenges=0,
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, None),  # all three agree (or every dissent resolved), the record is there
        ({"open_challenges": 2}, None),  # a challenge warns; it does not stop the sending
        ({"at_rapid_review": False}, "already been sent"),
        ({"has_current_report": False}, "report has not been generated"),
        ({"waiting_for": ("police",)}, "All three partners"),
        (
            {"waiting_for": ("icb", "police"), "unresolved_dissents": ("local_authority",)},
            "All three partners",
        ),
        ({"unresolved_dissents": ("police",)}, "A partner disagrees"),
        ({"unresolved_dissents": ("icb", "police")}, "A partner disagrees"),
        ({"record_is_current": False}, "sign-off record is still being generated"),
        ({"unresolved_dissents": ("police",), "record_is_current": False}, "A partner disagrees"),
        ({"at_rapid_review": False, "waiting_for": ("police",)}, "already been sent"),
    ],
)
def test_send_refusal(changes, expected):
    reason = send_refusal(SendFacts(**{**READY.__dict__, **changes}))
    if expected is None:
        assert reason is None
    else:
        assert reason is not None and expected in reason


@pytest.mark.parametrize(
    ("open_challenges", "expected"),
    [
        (0, ()),
        (1, ("The Independent Chair has a challenge that has not been answered",)),
        (3, ("The Independent Chair has 3 challenges that have not been answered",)),
    ],
)
def test_send_warnings(open_challenges, expected):
    assert send_warnings(SendFacts(**{**READY.__dict__, "open_challenges": open_challenges})) == expected
