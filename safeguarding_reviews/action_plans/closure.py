"""When a recommendation may close, when its impact check falls due, and what an impact check's result does,
as pure rules (no Django).

- **Closing.** A recommendation closes only when it has actions and every one is settled: evidence accepted,
  or withdrawn with the business manager's approval (actions.lifecycle.SETTLED_STATUSES; a superseded action
  does not count either way, its replacement does), and only with the committee's decision recorded (the
  meeting and the date, today or earlier).
- **The impact check** is scheduled at closure from the rule in force (rule data: `ImpactCheckRule`): it may
  be recorded from `earliest_months` after closure, is due `due_months` after and at the latest
  `latest_months` after (6, 9 and 12 in the first version). The committee may record it early when the
  evidence is in: the schedule says when it must be looked at, not when it may.
- **Its result.** "Impact shown" and "partly" leave the recommendation closed; "not shown" reopens it, with a
  new action (what, which agency, due date) so the plan has something to chase. Every result needs what
  changed for children, the evidence and a reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from safeguarding_reviews.actions.lifecycle import SETTLED_STATUSES, ActionStatus
from safeguarding_reviews.core.choices import TextChoices


class RecommendationStatus(TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ImpactResult(TextChoices):
    SHOWN = "shown", "Impact shown"
    NOT_SHOWN = "not_shown", "Impact not shown"
    PARTLY = "partly", "Impact partly shown"


def closure_blockers(
    statuses: Iterable[str], *, meeting: str, decided_on: dt.date | None, today: dt.date
) -> dict[str, str]:
    """Why the recommendation may not close now, by field ("" for the recommendation as a whole); empty when
    it may."""
    problems: dict[str, str] = {}
    counted = [status for status in statuses if status != ActionStatus.SUPERSEDED]
    if not counted:
        problems[""] = "A recommendation closes only once it has actions: add the agencies' actions first"
    else:
        unsettled = sum(1 for status in counted if status not in SETTLED_STATUSES)
        if unsettled:
            problems[""] = (
                f"{unsettled} action{'s are' if unsettled != 1 else ' is'} not yet evidence-accepted or "
                "withdrawn with approval"
            )
    if not meeting.strip():
        problems["meeting"] = "Enter the committee meeting that decided"
    if decided_on is None:
        problems["decided_on"] = "Enter the date of the decision"
    elif decided_on > today:
        problems["decided_on"] = "The date of the decision must be today or in the past"
    return problems


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (31 August + 6 months
    is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def impact_schedule(
    closed_on: dt.date, *, earliest_months: int, due_months: int, latest_months: int
) -> tuple[dt.date, dt.date, dt.date]:
    """The impact check's window after closure: (from, due, at the latest)."""
    if not earliest_months <= due_months <= latest_months:
        raise ValueError("The impact rule's months must be in order: earliest, due, latest")
    return (
        add_months(closed_on, earliest_months),
        add_months(closed_on, due_months),
        add_months(closed_on, latest_months),
    )


def impact_reopens(result: str) -> bool:
    return result == ImpactResult.NOT_SHOWN


def impact_problems(
    *, result: str, what_changed: str, evidence: str, reason: str, new_action_given: bool
) -> dict[str, str]:
    """What is missing from an impact check, by field."""
    problems: dict[str, str] = {}
    if result not in ImpactResult:
        problems["result"] = "Select whether the impact was shown"
    if not what_changed.strip():
        problems["what_changed"] = "Enter what changed for children"
    if not evidence.strip():
        problems["evidence"] = "Enter the evidence"
    if not reason.strip():
        problems["reason"] = "Enter the reason for your answer"
    if impact_reopens(result) and not new_action_given:
        problems["new_action"] = "Impact not shown reopens the recommendation: enter the new action"
    return problems


def check_state(
    *, result: str, today: dt.date, earliest_on: dt.date, due_on: dt.date, latest_on: dt.date
) -> str:
    """Where a scheduled impact check stands: "recorded"; "overdue" past the latest date; "due" from its due
    date; "open" from the earliest date (it may be looked at); "scheduled" before that."""
    if result:
        return "recorded"
    if today > latest_on:
        return "overdue"
    if today >= due_on:
        return "due"
    if today >= earliest_on:
        return "open"
    return "scheduled"
