"""The project's GOV.UK form renderer: Django forms rendered as GOV.UK Design System fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class VersionField(forms.IntegerField):
    """The version a user started editing from (core.versioning)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, **kwargs)


def error_targets(form: forms.BaseForm) -> list[tuple[str, str]]:
    """(anchor, message) pairs for the error summary; radios and checkboxes link to their first input."""
    targets: list[tuple[str, str]] = []
    for message in form.non_field_errors():
        targets.append(("", str(message)))
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        bound = form[name]
        widget = bound.field.widget
        anchor = bound.id_for_label or f"id_{bound.html_name}"
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            anchor = f"{bound.auto_id}_0"
        elif isinstance(widget, forms.HiddenInput):
            anchor = ""
        for message in errors:
            targets.append((anchor, str(message)))
    return targets
