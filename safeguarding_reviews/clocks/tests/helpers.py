"""Shared test helpers for the clocks app (not a test module)."""

from __future__ import annotations

import datetime as dt

import time_machine

from safeguarding_reviews.clocks.models import Deadline
from safeguarding_reviews.clocks.selectors import deadline_for
from safeguarding_reviews.clocks.services import milestone_record

# Friday 27 November 2026, midday in London.
NOW = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)


def at_now():
    return time_machine.travel(NOW, tick=False)


def record(world, event, on, at=None, actor=None):
    return milestone_record(
        actor=actor or world.people["business_unit_officer"],
        case=world.case,
        event=event,
        occurred_on=on,
        occurred_at=at,
    )


def started_deadline(case, rule_code: str) -> Deadline:
    """The case's deadline for `rule_code`, which the test has started (deadline_for is None before)."""
    deadline = deadline_for(case, rule_code)
    assert deadline is not None, f"the {rule_code} clock has not started"
    return deadline
