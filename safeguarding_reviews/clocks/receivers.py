"""Running clocks follow the calendar: a change of bank holidays or closure days recomputes them. A new case
starts under the default rule set."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .selectors import default_rule_set
from .services import deadlines_recompute_for_calendar

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def recompute_after_calendar_change(
    sender: Any, *, actor: User, dates: Any, partnership_id: Any = None, **_: Any
) -> int:
    return deadlines_recompute_for_calendar(actor=actor, dates=set(dates), partnership_id=partnership_id)


def rule_set_for_new_case(sender: Any, **_: Any) -> dict[str, Any]:
    """A case keeps the rule set it started under, whatever becomes the default later."""
    return {"rule_set": default_rule_set()}
