"""Reminders and the escalation ladder for an agency's actions, as a pure rule (no Django).

The rapid review's chase ladder (rapid_review/chasing.py) fits an action as it is: a reminder before the due
date, then, once overdue, one step at a time, each counted from the day the step before was actually taken:

1. the action's owner (the named account, or the owning agency's representatives when it has none);
2. the agency's safeguarding lead, `interval` working days later;
3. the partnership's business manager(s), `interval` working days after that.

Only an action whose agency still has the work to do is reminded or chased (actions.lifecycle.WORK_STATUSES:
not started, in progress); one completed and awaiting evidence is the assurance's business. Each step is
taken once per due date: the caller records it under a unique (action, due date, step), and a new due date
starts the ladder again (`done` holds only the steps taken for the current due date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from safeguarding_reviews.actions.lifecycle import WORK_STATUSES
from safeguarding_reviews.core.choices import TextChoices
from safeguarding_reviews.rapid_review import chasing


class EscalationStep(TextChoices):
    DUE_SOON = "due_soon", "Reminder before the due date"
    OWNER = "owner", "Owner"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Agency's safeguarding lead"
    BUSINESS_MANAGER = "business_manager", "Business manager"


# Past the owner: the steps that make an action "escalated" on the committee's agenda.
ESCALATED_STEPS = frozenset({EscalationStep.SAFEGUARDING_LEAD, EscalationStep.BUSINESS_MANAGER})

_TO_CHASING = {
    EscalationStep.DUE_SOON: chasing.DUE_SOON,
    EscalationStep.OWNER: chasing.AUTHOR,
    EscalationStep.SAFEGUARDING_LEAD: chasing.SAFEGUARDING_LEAD,
    EscalationStep.BUSINESS_MANAGER: chasing.BUSINESS_MANAGER,
}
_FROM_CHASING = {value: step for step, value in _TO_CHASING.items()}


def next_step(
    *,
    status: str,
    due_on: dt.date,
    today: dt.date,
    done: Mapping[str, dt.date],
    interval: int,
    add_working_days: Callable[[dt.date, int], dt.date],
    due_soon_days: int | None = None,
    started_on: dt.date | None = None,
) -> EscalationStep | None:
    """The step to take today for one action, or None. `done` maps the steps already taken for this due date
    to the day each was taken; `started_on` is the day the action was added (no reminder on that day)."""
    if status not in WORK_STATUSES:
        return None
    step = chasing.next_step(
        due_on=due_on,
        today=today,
        done={_TO_CHASING[EscalationStep(key)]: day for key, day in done.items() if key in EscalationStep},
        interval=interval,
        add_working_days=add_working_days,
        due_soon_days=due_soon_days,
        started_on=started_on,
    )
    return None if step is None else _FROM_CHASING[step]


def highest_step(steps: list[str]) -> EscalationStep | None:
    """How far up the ladder an action has gone (for the agenda): the last of the steps taken."""
    order = [EscalationStep.OWNER, EscalationStep.SAFEGUARDING_LEAD, EscalationStep.BUSINESS_MANAGER]
    taken = [step for step in order if step in steps]
    return taken[-1] if taken else None
