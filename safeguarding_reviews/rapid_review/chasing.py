"""The chase ladder for overdue agency returns, as a pure rule (no database).

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
) -> str | None:
    """The step to take today, or None. `done` maps steps already taken to the day they were taken."""
    if today <= due_on:
        return None
    previous: dt.date | None = None
    for step in LADDER:
        if step in done:
            previous = done[step]
            continue
        if previous is None or add_working_days(previous, interval) <= today:
            return step
        return None
    return None
