"""Who may sign off for which partner, and when: table tests of the pure rule."""

from __future__ import annotations

import pytest

from safeguarding_reviews.signoffs import signable
from safeguarding_reviews.signoffs.rules import (
    PARTNERS,
    RESOLUTIONS,
    SendFacts,
    SignerFacts,
    SignOffFacts,
    positions_state,
    refusal,
    resolution_input_errors,
    resolution_refusal,
    send_refusal,
    send_warnings,
    sign_input_errors,
    signer_refusal,
)

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


# --- the rules every signed document shares (issue 13 item 2) ---------------------------------------------

SIGNER = SignerFacts(
    partner="icb",
    partners_of_user=frozenset({"icb"}),
    drafted_it=False,
    partner_signed_by_someone_else=False,
    user_signed_for="",
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, None),
        ({"user_signed_for": "icb"}, None),  # signing again for the same partner replaces their own
        ({"partners_of_user": frozenset()}, "Only that partner's delegate"),
        ({"partners_of_user": frozenset({"police"})}, "Only that partner's delegate"),
        ({"drafted_it": True}, "You wrote part of this document"),
        ({"drafted_it": True, "document": "terms of reference"}, "part of this terms of reference"),
        (
            {"partners_of_user": frozenset({"icb", "police"}), "user_signed_for": "police"},
            "nobody signs for two",
        ),
        ({"partner_signed_by_someone_else": True}, "Another delegate has already"),
        # Not a delegate comes first, then drafting, whatever else is true.
        ({"partners_of_user": frozenset(), "drafted_it": True}, "Only that partner's delegate"),
        ({"drafted_it": True, "user_signed_for": "police"}, "You wrote part"),
    ],
)
def test_signer_refusal(changes, expected):
    reason = signer_refusal(SignerFacts(**{**SIGNER.__dict__, **changes}))
    if expected is None:
        assert reason is None
    else:
        assert reason is not None and expected in reason


@pytest.mark.parametrize(
    ("partner", "agrees", "comments", "expected"),
    [
        ("police", True, "", set()),
        ("police", False, "Synthetic reasons.", set()),
        ("police", False, "   ", {"comments"}),
        ("police", False, "", {"comments"}),
        ("", True, "", {"partner"}),
        ("fire", False, "", {"partner", "comments"}),
    ],
)
def test_sign_input_errors(partner, agrees, comments, expected):
    assert set(sign_input_errors(partner=partner, agrees=agrees, comments=comments)) == expected


@pytest.mark.parametrize(
    ("resolution", "explanation", "expected"),
    [
        ("resolved", "Synthetic.", set()),
        ("stands", "Synthetic.", set()),
        ("stands", " ", {"explanation"}),
        ("maybe", "Synthetic.", {"resolution"}),
        ("", "", {"resolution", "explanation"}),
    ],
)
def test_resolution_input_errors(resolution, explanation, expected):
    assert set(resolution_input_errors(resolution=resolution, explanation=explanation)) == expected


@pytest.mark.parametrize(
    ("standing", "resolved", "expected"),
    [
        (True, False, None),
        (False, False, "no longer standing on the current version"),
        (False, True, "no longer standing"),
        (True, True, "already been recorded"),
    ],
)
def test_resolution_refusal(standing, resolved, expected):
    reason = resolution_refusal(
        standing_dissent=standing, already_resolved=resolved, current="current version"
    )
    assert reason == expected or (reason is not None and expected is not None and expected in reason)


@pytest.mark.parametrize(
    ("agrees", "resolved", "outstanding", "complete", "signed_off", "settled"),
    [
        ({}, frozenset(), ("local_authority", "icb", "police"), False, False, False),
        ({"icb": True}, frozenset(), ("local_authority", "police"), False, False, False),
        ({"local_authority": True, "icb": True, "police": True}, frozenset(), (), True, True, True),
        ({"local_authority": True, "icb": True, "police": False}, frozenset(), (), True, False, False),
        (
            {"local_authority": True, "icb": True, "police": False},
            frozenset({"police"}),
            (),
            True,
            False,
            True,
        ),
        (
            {"local_authority": False, "icb": True},
            frozenset({"local_authority"}),
            ("police",),
            False,
            False,
            False,
        ),
    ],
)
def test_positions_state(agrees, resolved, outstanding, complete, signed_off, settled):
    positions = positions_state(agrees, resolved)
    assert positions.outstanding == outstanding
    assert (positions.complete, positions.signed_off, positions.settled) == (complete, signed_off, settled)


def test_the_pure_lists_match_the_models_choices():
    from safeguarding_reviews.signoffs.models import Partner, Resolution

    assert PARTNERS == tuple(Partner.values)
    assert RESOLUTIONS == tuple(Resolution.values)


# --- the registry of signable kinds ---------------------------------------------------------------------


def _kind(code="tor_test", label="Terms"):
    return signable.SignableKind(code=code, label=label, current=lambda case: None)


def test_a_kind_is_registered_once_and_found_by_its_code():
    kind = _kind()
    try:
        assert signable.register(kind) is kind
        assert signable.register(kind) is kind  # ready() running twice is harmless
        assert signable.get("tor_test") is kind and kind in signable.kinds()
        with pytest.raises(ValueError, match="already registered"):
            signable.register(_kind(label="Another"))
    finally:
        signable.unregister("tor_test")
    with pytest.raises(signable.UnknownKindError, match="tor_test"):
        signable.get("tor_test")


@pytest.mark.parametrize("code", ["", "Terms", "9lives", "with-dash", "a" * 41, "../x"])
def test_a_kind_code_must_fit_a_url_and_the_column(code):
    with pytest.raises(ValueError, match="code must match"):
        signable.register(_kind(code=code))
