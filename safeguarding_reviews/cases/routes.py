"""The routes a case takes: after screening (by category) and after the rapid review is sent (by the partners'
decision and the Panel's response). Pure: no database code; the services ask it and make the moves.

Categories (Working Together 2023, chapter 5; screening/criteria.py):
- a serious incident (the s16C criteria met: abuse or neglect known or suspected, a child who died or was
  seriously harmed, in the area) runs the full route: notification, local partners told, rapid review;
- the death of a care leaver (up to and including 24), and the death of a looked-after child without the
  s16C criteria, run the notify-only route: the Panel (and the Secretary of State and Ofsted) are notified
  within 5 working days, with no rapid review, and the case closes once notified. The s16C questions are
  about a child, so a "yes" to all of them means the serious-incident criteria are met for a child under 18.

Which clocks run on a route is data: each clock rule names the routes it runs on (clocks/rule_data.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .stages import Stage

# Categories of a notified case.
SERIOUS_INCIDENT = "serious_incident"
LOOKED_AFTER_CHILD_DEATH = "looked_after_child_death"
CARE_LEAVER_DEATH = "care_leaver_death"
NOTIFY_ONLY_CATEGORIES = frozenset({LOOKED_AFTER_CHILD_DEATH, CARE_LEAVER_DEATH})

# Routes.
FULL = "full"
NOTIFY_ONLY = "notify_only"
ROUTES = (FULL, NOTIFY_ONLY)

# The partners' decision in the rapid review outcome (outcomes.criteria.Decision values).
LCSPR = "lcspr"

# The Panel's response (panel.models.PanelResponse values) and what follows a disagreement.
AGREES = "agrees"
DISAGREES = "disagrees"
NATIONAL_REVIEW = "national_review"
RECONSIDER = "reconsider"
AWAIT_NATIONAL_REVIEW = "await_national_review"


def route_for(*, s16c_met: bool, categories: Iterable[str]) -> str:
    """The route of a case the delegate decided to notify. A notify-only category without the s16C criteria
    runs the notify-only route; everything else (including a decision to notify that the checklist does not
    support) runs the full route, so no statutory clock is lost by a checklist gap."""
    if not s16c_met and NOTIFY_ONLY_CATEGORIES & set(categories):
        return NOTIFY_ONLY
    return FULL


def rule_runs(rule_routes: str, route: str | None) -> bool:
    """Whether a clock rule runs on `route`. `rule_routes` is the rule's comma-separated routes, empty for
    every route. Before the screening decision (`route` None) every clock runs: the route is not known yet,
    and the decision withdraws those that do not apply."""
    if not rule_routes or route is None:
        return True
    return route in {part.strip() for part in rule_routes.split(",")}


def stage_after_notification(route: str) -> Stage:
    """Sending the notification: the rapid review, or (notify-only) the case closes."""
    return Stage.CLOSED if route == NOTIFY_ONLY else Stage.RAPID_REVIEW


@dataclass(frozen=True)
class Step:
    stage: Stage
    milestones: tuple[str, ...] = ()


def after_rapid_review_sent(decision: str) -> Step:
    """Sending the rapid review: with a decision to hold an LCSPR, the LCSPR starts (its milestone starts
    the 6-month publication clock); otherwise the case waits at "Decision" for the learning route."""
    if decision == LCSPR:
        return Step(Stage.LCSPR, ("lcspr_initiated",))
    return Step(Stage.DECISION)


def stage_after_learning_route(*, open_actions: bool) -> Stage:
    """The learning route recorded (no LCSPR): the action plan while any case action is open, else closed."""
    return Stage.ACTION_PLAN if open_actions else Stage.CLOSED


FOLLOW_UPS = {
    AGREES: frozenset(),
    DISAGREES: frozenset({RECONSIDER, AWAIT_NATIONAL_REVIEW}),
    NATIONAL_REVIEW: frozenset({RECONSIDER, AWAIT_NATIONAL_REVIEW}),
}
# Reconsidering sends the case back to the rapid review; only from "Decision" (the LCSPR has started
# otherwise, and a closed case is reopened first).
RECONSIDER_FROM = frozenset({Stage.DECISION})


def follow_up_allowed(response: str, follow_up: str) -> bool:
    return follow_up in FOLLOW_UPS.get(response, frozenset())


def stage_after_follow_up(*, stage: str, follow_up: str) -> Stage | None:
    """Where the case goes once the business unit records what follows the Panel's response: back to the
    rapid review to reconsider (None if the case is not where that can happen), or it stays where it is
    while it waits on the national review."""
    if follow_up == RECONSIDER:
        return Stage.RAPID_REVIEW if Stage(stage) in RECONSIDER_FROM else None
    return Stage(stage)


@dataclass(frozen=True)
class Plan:
    """Where a case ends up, and which clocks started, for one combination (the table tests read it)."""

    stage: Stage
    clocks: frozenset[str]


def plan(
    *,
    route: str,
    decision: str,
    response: str,
    follow_up: str,
    open_actions: bool,
    rules: Iterable[tuple[str, str, str]],
    start_events: Iterable[str] = ("la_became_aware", "notification_sent"),
) -> Plan:
    """The whole route from the notification to the Panel's response, for the table tests. `rules` are
    (code, start event, routes) of a rule set; `start_events` the milestones recorded before the rapid
    review is sent."""
    events = set(start_events)
    stage = stage_after_notification(route)
    if stage == Stage.RAPID_REVIEW:
        step = after_rapid_review_sent(decision)
        events |= {"agency_returns_requested", *step.milestones}
        stage = step.stage
        if follow_up_allowed(response, follow_up):
            stage = stage_after_follow_up(stage=stage, follow_up=follow_up) or stage
        elif stage == Stage.DECISION:
            stage = stage_after_learning_route(open_actions=open_actions)
    clocks = frozenset(code for code, start, routes in rules if start in events and rule_runs(routes, route))
    return Plan(stage, clocks)
