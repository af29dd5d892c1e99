"""Template helpers for GOV.UK components that Django forms and pages share."""

from __future__ import annotations

from typing import Any

from django import forms, template

from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.core.forms import error_targets

register = template.Library()


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_: forms.BaseForm) -> dict[str, Any]:
    targets: list[tuple[str, str]] = []
    for form in forms_:
        if form is not None and form.is_bound:
            targets.extend(error_targets(form))
    return {"targets": targets}


@register.filter
def widget_type(bound_field: forms.BoundField) -> str:
    return bound_field.widget_type


@register.filter
def input_value(bound_field: forms.BoundField) -> str:
    """The value to put back in an <input>, formatted by the widget (dates as 27/3/2026, not "27 Mar 2026"),
    so a pre-filled form can be saved again unchanged."""
    value = bound_field.field.widget.format_value(bound_field.value())
    return "" if value is None else str(value)


@register.filter
def london_time(value: Any) -> str:
    if not value:
        return ""
    return value.astimezone(LONDON).strftime("%-d %B %Y at %H:%M")


@register.filter
def govuk_date(value: Any) -> str:
    if not value:
        return ""
    return value.strftime("%-d %B %Y")
