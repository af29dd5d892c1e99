"""The routes, as tables: category × decision × Panel response (and what follows) → stage and clocks.
Pure: no database."""

from __future__ import annotations

import itertools

import pytest

from safeguarding_reviews.cases import routes
from safeguarding_reviews.cases.stages import Stage, may_move
from safeguarding_reviews.clocks.rule_data import RULE_SETS

# (s16C met, categories) → route
ROUTE_TABLE = [
    (True, (), routes.FULL),
    (True, (routes.CARE_LEAVER_DEATH,), routes.FULL),
    (True, (routes.LOOKED_AFTER_CHILD_DEATH,), routes.FULL),
    (False, (routes.CARE_LEAVER_DEATH,), routes.NOTIFY_ONLY),
    (False, (routes.LOOKED_AFTER_CHILD_DEATH,), routes.NOTIFY_ONLY),
    (False, (routes.LOOKED_AFTER_CHILD_DEATH, routes.CARE_LEAVER_DEATH), routes.NOTIFY_ONLY),
    # A decision to notify that the checklist does not support keeps every clock.
    (False, (), routes.FULL),
]


@pytest.mark.parametrize(("s16c_met", "categories", "expected"), ROUTE_TABLE)
def test_route_by_category(s16c_met, categories, expected):
    assert routes.route_for(s16c_met=s16c_met, categories=categories) == expected


CATEGORIES = {
    # category → (s16C met, categories met on the checklist)
    "serious incident": (True, ()),
    "care-leaver death": (False, (routes.CARE_LEAVER_DEATH,)),
    "care-leaver death, criteria also met": (True, (routes.CARE_LEAVER_DEATH,)),
    "looked-after child's death, no abuse or neglect": (False, (routes.LOOKED_AFTER_CHILD_DEATH,)),
    "looked-after child's death with abuse or neglect": (True, (routes.LOOKED_AFTER_CHILD_DEATH,)),
}
DECISIONS = ("lcspr", "other_learning_review", "no_further_review")
RESPONSES = (
    (routes.AGREES, ""),
    (routes.DISAGREES, routes.RECONSIDER),
    (routes.DISAGREES, routes.AWAIT_NATIONAL_REVIEW),
    (routes.NATIONAL_REVIEW, routes.RECONSIDER),
    (routes.NATIONAL_REVIEW, routes.AWAIT_NATIONAL_REVIEW),
)
NOTIFY_ONLY_CLOCKS = frozenset({"notification"})
FULL_CLOCKS = frozenset({"notification", "local_partners_told", "rapid_review", "agency_return"})


def _expected(category: str, decision: str, response: str, follow_up: str, open_actions: bool):
    s16c_met, _ = CATEGORIES[category]
    if not s16c_met:
        return Stage.CLOSED, NOTIFY_ONLY_CLOCKS
    clocks = FULL_CLOCKS | ({"lcspr_publication"} if decision == "lcspr" else set())
    if decision == "lcspr":
        # The LCSPR has started: the case stays there (reconsidering is only from "Decision").
        return Stage.LCSPR, clocks
    if follow_up == routes.RECONSIDER:
        return Stage.RAPID_REVIEW, clocks
    if follow_up == routes.AWAIT_NATIONAL_REVIEW:
        return Stage.DECISION, clocks
    return (Stage.ACTION_PLAN if open_actions else Stage.CLOSED), clocks


RULES = {
    spec["code"]: [(r["code"], r["start_event"], r.get("routes", "")) for r in spec["rules"]]
    for spec in RULE_SETS
}
COMBINATIONS = list(itertools.product(CATEGORIES, DECISIONS, RESPONSES, (True, False)))


@pytest.mark.parametrize("rule_set", sorted(RULES))
@pytest.mark.parametrize(("category", "decision", "response", "open_actions"), COMBINATIONS)
def test_every_combination(rule_set, category, decision, response, open_actions):
    s16c_met, categories = CATEGORIES[category]
    route = routes.route_for(s16c_met=s16c_met, categories=categories)
    result = routes.plan(
        route=route,
        decision=decision,
        response=response[0],
        follow_up=response[1],
        open_actions=open_actions,
        rules=RULES[rule_set],
    )
    stage, clocks = _expected(category, decision, response[0], response[1], open_actions)
    assert result == routes.Plan(stage, frozenset(clocks))


def test_no_rule_set_gives_a_notify_only_case_a_rapid_review_clock():
    for rules in RULES.values():
        started = {
            code for code, _, rule_routes in rules if routes.rule_runs(rule_routes, routes.NOTIFY_ONLY)
        }
        assert "rapid_review" not in started
        assert "notification" in started


@pytest.mark.parametrize(
    ("rule_routes", "route", "runs"),
    [
        ("", None, True),
        ("", routes.FULL, True),
        ("", routes.NOTIFY_ONLY, True),
        ("full", None, True),  # before the screening decision every clock runs
        ("full", routes.FULL, True),
        ("full", routes.NOTIFY_ONLY, False),
        ("full, notify_only", routes.NOTIFY_ONLY, True),
    ],
)
def test_rule_runs(rule_routes, route, runs):
    assert routes.rule_runs(rule_routes, route) is runs


@pytest.mark.parametrize(
    ("route", "stage"), [(routes.FULL, Stage.RAPID_REVIEW), (routes.NOTIFY_ONLY, Stage.CLOSED)]
)
def test_stage_after_notification_is_an_allowed_move(route, stage):
    assert routes.stage_after_notification(route) == stage
    assert may_move(Stage.NOTIFICATION, stage)


@pytest.mark.parametrize(
    ("decision", "step"),
    [
        ("lcspr", routes.Step(Stage.LCSPR, ("lcspr_initiated",))),
        ("other_learning_review", routes.Step(Stage.DECISION)),
        ("no_further_review", routes.Step(Stage.DECISION)),
        ("", routes.Step(Stage.DECISION)),
    ],
)
def test_after_rapid_review_sent(decision, step):
    assert routes.after_rapid_review_sent(decision) == step
    assert may_move(Stage.RAPID_REVIEW, step.stage)


@pytest.mark.parametrize(("open_actions", "stage"), [(True, Stage.ACTION_PLAN), (False, Stage.CLOSED)])
def test_after_learning_route(open_actions, stage):
    assert routes.stage_after_learning_route(open_actions=open_actions) == stage
    assert may_move(Stage.DECISION, stage)


@pytest.mark.parametrize("response", [routes.AGREES, routes.DISAGREES, routes.NATIONAL_REVIEW, ""])
@pytest.mark.parametrize("follow_up", [routes.RECONSIDER, routes.AWAIT_NATIONAL_REVIEW, "other"])
def test_follow_up_allowed(response, follow_up):
    expected = response in (routes.DISAGREES, routes.NATIONAL_REVIEW) and follow_up in (
        routes.RECONSIDER,
        routes.AWAIT_NATIONAL_REVIEW,
    )
    assert routes.follow_up_allowed(response, follow_up) is expected


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("follow_up", [routes.RECONSIDER, routes.AWAIT_NATIONAL_REVIEW])
def test_stage_after_follow_up(stage, follow_up):
    result = routes.stage_after_follow_up(stage=stage, follow_up=follow_up)
    if follow_up == routes.AWAIT_NATIONAL_REVIEW:
        assert result == stage
    elif stage == Stage.DECISION:
        assert result == Stage.RAPID_REVIEW
        assert may_move(stage, result)
    else:
        assert result is None


def test_the_module_is_pure():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(routes))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not any(name.startswith("django") for name in imported)
