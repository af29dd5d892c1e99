"""The reminder and the chase ladder for agency returns, as a pure rule (no database).

Before the due date, while the author can still work on the return, the author gets one reminder when the
request falls due soon: within the partnership's reminder lead (working days) of its due date, and not on
the day the request was sent or sent back (its own email has just gone).

A request is overdue the day after its due date while the author can still work on it (requested,
acknowledged, returned for more information). Then, one step at a time:

1. the author is chased on the first run after it became overdue;
2. the agency's safeguarding lead `interval` working days after step 1;
3. the partnership's business manager(s) `interval` working days after step 2.

Each step counts from the day the step before it was actually taken (so a worker that was down does not fire
all three at once), and each is taken once only (the caller records it under a unique constraint).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

DUE_SOON = "due_soon"
AUTHOR = "author"
SAFEGUARDING_LEAD = "safeguarding_lead"
BUSINESS_MANAGER = "business_manager"
LADDER = (AUTHOR, SAFEGUARDING_LEAD, BUSINESS_MANAGER)


def next_step(
    *,
    due_on: dt.date,
    today: dt.date,
    done: Mapping[str, dt.date],
    interval: int,
    add_working_days: Callable[[dt.date, int], dt.date],
    due_soon_days: int | None = None,
    started_on: dt.date | None = None,
) -> str | None:
    """The step to take today, or None. `done` maps steps already taken (this round) to the day they were
    taken. `due_soon_days` (the reminder lead) turns on the reminder before the due date; `started_on` is
    the day the round began (sent, or sent back)."""
    if today <= due_on:
        reminder_due = (
            due_soon_days is not None
            and DUE_SOON not in done
            and (started_on is None or today > started_on)
            and add_working_days(today, due_soon_days) >= due_on
        )
        return DUE_SOON if reminder_due else None
    previous: dt.date | None = None
    for step in LADDER:
        if step in done:
            previous = done[step]
            continue
        if previous is None or add_working_days(previous, interval) <= today:
            return step
        return None
    return None
