"""The protective marking base.html prints at the top and bottom of every printed page."""

from __future__ import annotations

from typing import Any

from django import template

from safeguarding_reviews.clocks.models import DEFAULT_PRINT_MARKING, ClockSettings
from safeguarding_reviews.core import clock

register = template.Library()


@register.simple_tag(takes_context=True)
def print_marking(context: template.Context) -> str:
    """The case's lead partnership's marking on case pages (one query); the default elsewhere, because a
    page outside a case (a dashboard, a user in several partnerships) has no single partnership."""
    case: Any = context.get("case")
    partnership_id = getattr(case, "lead_partnership_id", None)
    if partnership_id is None:
        return DEFAULT_PRINT_MARKING
    found = ClockSettings.objects.filter(partnership_id=partnership_id).values_list(
        "print_marking", flat=True
    )
    return found.first() or DEFAULT_PRINT_MARKING


@register.simple_tag
def printed_on() -> str:
    """Today's date for a printed case page, from core.clock like every other "today"."""
    return clock.today().strftime("%-d %B %Y")
