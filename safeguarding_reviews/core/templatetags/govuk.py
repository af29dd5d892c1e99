"""Template helpers for GOV.UK components that Django forms and pages share."""

from __future__ import annotations

from typing import Any

from django import forms, template

from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.core.forms import error_targets

register = template.Library()


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_: forms.BaseForm) -> dict[str, Any]:
    """The error summary: (link, message) pairs, each link to its field on this page (or none)."""
    targets: list[tuple[str, str]] = []
    for form in forms_:
        if form is not None and form.is_bound:
            for anchor, message in error_targets(form):
                targets.append((f"#{anchor}" if anchor else "", message))
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


# Conditional reveals (issue 18, item 9): a form's `reveals` maps a radio field to {choice value: [the fields
# shown under that choice]}, e.g. {"decision": {"other_learning_review": ["other_learning_review"]}}. They sit
# indented under that choice and stay visible: govuk-frontend's show/hide sets aria-expanded on the radio,
# which axe refuses (aria-allowed-attr), so the script is not wired to them.


def _reveals(form: forms.BaseForm) -> dict[str, dict[str, list[str]]]:
    return getattr(form, "reveals", None) or {}


@register.filter
def revealed_under(bound_field: forms.BoundField, value: Any) -> list[forms.BoundField]:
    """The fields shown under this choice of this radio field."""
    names = _reveals(bound_field.form).get(bound_field.name, {}).get(str(value), [])
    return [bound_field.form[name] for name in names]


@register.filter
def is_revealed(bound_field: forms.BoundField) -> bool:
    """Whether the field sits under another field's choice (so the form does not show it twice)."""
    return any(
        bound_field.name in names for by in _reveals(bound_field.form).values() for names in by.values()
    )
