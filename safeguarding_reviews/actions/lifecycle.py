"""An action's status and the moves between them, as a pure rule (no Django): the one status enum of every
case action, whether the rapid review agreed it or it answers a recommendation in an action plan (issue 16).

Stored statuses: not started, in progress, completed (awaiting evidence), evidence accepted, withdrawn (only
once the business manager approved the withdrawal) and superseded (by the action that replaces it).
**Overdue is never stored**: it is read from the status, the due date and today (`is_overdue`), so it cannot
disagree with them and nothing has to flip it at midnight.

The moves (`MOVES`) say which status may follow which, and what kind of step it is (`Move`), so a service
checks who may take it and what it needs (a completion date, a reason, an approval, a replacing action):

- work: not started and in progress, either way;
- complete: the agency says it is done and gives the date it wants it considered complete; evidence follows;
- accept: the business unit or the monitoring committee accepts the evidence;
- return: the evidence is returned with questions, and the action is back in progress;
- withdraw: a withdrawal the business manager approved (the request and its reason come first);
- supersede: another action replaces it.

Evidence accepted, withdrawn and superseded are final: "impact not shown" adds a new action rather than
reopening an accepted one, so what was accepted stays on the record.
"""

from __future__ import annotations

import datetime as dt
import enum

from safeguarding_reviews.core.choices import TextChoices


class ActionStatus(TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_EVIDENCE = "awaiting_evidence", "Completed: awaiting evidence"
    EVIDENCE_ACCEPTED = "evidence_accepted", "Evidence accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SUPERSEDED = "superseded", "Superseded"


# Still owed: a case stays at "Action plan" while any is left (actions.selectors.case_has_open_actions).
OPEN_STATUSES = frozenset(
    {ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.AWAITING_EVIDENCE}
)
# What a new action may start as (an immediate action may already be done when the outcome is written; its
# evidence then follows like any other's). Accepted, withdrawn and superseded are reached only by their moves.
INITIAL_STATUSES_ORDERED = (
    ActionStatus.NOT_STARTED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.AWAITING_EVIDENCE,
)
INITIAL_STATUSES = frozenset(INITIAL_STATUSES_ORDERED)
# The agency still has the work to do: only these can be overdue, be reminded and be chased.
WORK_STATUSES = frozenset({ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS})
FINAL_STATUSES = frozenset({ActionStatus.EVIDENCE_ACCEPTED, ActionStatus.WITHDRAWN, ActionStatus.SUPERSEDED})
# What lets a recommendation close (action_plans/closure.py): accepted evidence, or an approved withdrawal.
SETTLED_STATUSES = frozenset({ActionStatus.EVIDENCE_ACCEPTED, ActionStatus.WITHDRAWN})


class Move(enum.Enum):
    WORK = "work"
    COMPLETE = "complete"
    ACCEPT = "accept"
    RETURN = "return"
    WITHDRAW = "withdraw"
    SUPERSEDE = "supersede"


_S = ActionStatus
MOVES: dict[tuple[ActionStatus, ActionStatus], Move] = {
    (_S.NOT_STARTED, _S.IN_PROGRESS): Move.WORK,
    (_S.IN_PROGRESS, _S.NOT_STARTED): Move.WORK,
    (_S.NOT_STARTED, _S.AWAITING_EVIDENCE): Move.COMPLETE,
    (_S.IN_PROGRESS, _S.AWAITING_EVIDENCE): Move.COMPLETE,
    (_S.AWAITING_EVIDENCE, _S.EVIDENCE_ACCEPTED): Move.ACCEPT,
    (_S.AWAITING_EVIDENCE, _S.IN_PROGRESS): Move.RETURN,
    **{(status, _S.WITHDRAWN): Move.WITHDRAW for status in OPEN_STATUSES},
    **{(status, _S.SUPERSEDED): Move.SUPERSEDE for status in OPEN_STATUSES},
}


def move(current: str, new: str) -> Move | None:
    """The kind of step from `current` to `new`, or None when that is not an allowed move."""
    return MOVES.get((ActionStatus(current), ActionStatus(new))) if current in _S and new in _S else None


def next_statuses(current: str, kinds: frozenset[Move] | None = None) -> list[ActionStatus]:
    """The statuses that may follow `current` (of the given kinds of move), in the enum's order."""
    return [
        status
        for status in ActionStatus
        if (found := move(current, status)) is not None and (kinds is None or found in kinds)
    ]


def is_overdue(status: str, due_on: dt.date | None, today: dt.date) -> bool:
    """Overdue, derived: the agency still has the work to do and the due date has passed. A completed action
    awaiting evidence is not overdue: the agency said it was done; the evidence is for the assurance."""
    return due_on is not None and status in WORK_STATUSES and today > due_on


def days_overdue(status: str, due_on: dt.date | None, today: dt.date) -> int:
    """Calendar days past the due date while overdue; 0 otherwise."""
    if due_on is None or not is_overdue(status, due_on, today):
        return 0
    return (today - due_on).days


def shown_status(status: str, due_on: dt.date | None, today: dt.date) -> str:
    """The status as a page says it: the stored status, or "Overdue" in front of it while overdue."""
    label = dict(ActionStatus.choices).get(status, status)
    return f"Overdue ({label.lower()})" if is_overdue(status, due_on, today) else label
