"""Table tests for the managed list of review methods (methods.py, pure)."""

from __future__ import annotations

import pytest

from safeguarding_reviews.local_reviews import methods
from safeguarding_reviews.local_reviews.methods import ListAction, MethodFacts

OURS, THEIRS = 1, 2


def _method(owner: int | None, *, active: bool = True, describe: bool = False) -> MethodFacts:
    return MethodFacts(partnership_id=owner, is_active=active, requires_description=describe, label="Hybrid")


@pytest.mark.parametrize(
    ("method", "current", "expected"),
    [
        # The national list, active: anyone may choose it.
        (_method(None), False, ""),
        # The national list, retired: not for a new choice, kept where it was chosen.
        (_method(None, active=False), False, methods.RETIRED),
        (_method(None, active=False), True, ""),
        # The partnership's own.
        (_method(OURS), False, ""),
        (_method(OURS, active=False), False, methods.RETIRED),
        (_method(OURS, active=False), True, ""),
        # Another partnership's: never, even if somehow current.
        (_method(THEIRS), False, methods.NOT_ON_LIST),
        (_method(THEIRS), True, methods.NOT_ON_LIST),
        (_method(THEIRS, active=False), False, methods.NOT_ON_LIST),
    ],
)
def test_which_methods_a_partnership_may_choose(method, current, expected):
    assert methods.choice_refusal(method, partnership_id=OURS, current=current) == expected


@pytest.mark.parametrize(
    ("describe", "description", "refused"),
    [
        (False, "", False),
        (False, "Some words", False),
        (True, "", True),
        (True, "   \n ", True),
        (True, "SILP events with a Learning Together analysis", False),
    ],
)
def test_a_description_is_required_when_the_method_requires_it(describe, description, refused):
    reason = methods.description_refusal(_method(None, describe=describe), description)
    assert bool(reason) is refused
    if refused:
        assert reason == "Describe how the method will be used: Hybrid needs a description"


@pytest.mark.parametrize(
    ("method", "action", "expected"),
    [
        (_method(None), ListAction.RETIRE, methods.NATIONAL_READ_ONLY),
        (_method(None, active=False), ListAction.REINSTATE, methods.NATIONAL_READ_ONLY),
        (_method(THEIRS), ListAction.RETIRE, methods.NOT_ON_LIST),
        (_method(OURS), ListAction.RETIRE, ""),
        (_method(OURS, active=False), ListAction.RETIRE, "This method is already retired"),
        (_method(OURS, active=False), ListAction.REINSTATE, ""),
        (
            _method(OURS),
            ListAction.REINSTATE,
            "This method is in use: only a retired method can be reinstated",
        ),
    ],
)
def test_what_the_business_manager_may_do_with_a_method(method, action, expected):
    assert methods.list_action_refusal(method, action, partnership_id=OURS) == expected


@pytest.mark.parametrize(
    ("label", "taken", "expected"),
    [
        ("Rapid learning workshop", ["SCIE Learning Together"], ""),
        ("  ", [], "Enter the name of the method"),
        ("--", [], "Enter the name of the method"),
        (
            "scie learning-together",
            ["SCIE Learning Together"],
            "There is already a method with this name on the list",
        ),
        (
            "Appréciative  Inquiry",
            ["Appreciative inquiry"],
            "There is already a method with this name on the list",
        ),
    ],
)
def test_a_new_methods_name_must_differ_from_the_list(label, taken, expected):
    assert methods.label_refusal(label, taken) == expected


@pytest.mark.parametrize(
    ("label", "taken", "expected"),
    [
        ("Rapid learning workshop", set(), "rapid-learning-workshop"),
        ("SILP", {"silp"}, "silp-2"),
        ("SILP", {"silp", "silp-2"}, "silp-3"),
        ("!!!", set(), "method"),
        ("x" * 80, set(), "x" * 50),
    ],
)
def test_a_new_methods_code(label, taken, expected):
    assert methods.code_for(label, taken) == expected
