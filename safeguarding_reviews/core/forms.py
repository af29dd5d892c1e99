"""The project's GOV.UK form renderer: Django forms rendered as GOV.UK Design System fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.http import QueryDict


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


def set_choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    """Fill a choice field's options at run time (partnerships, agencies, people of this case)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


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


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, by the field it names or at the top, so business
    rules show in the GOV.UK error summary like any other input error."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


F = TypeVar("F", bound=forms.BaseForm)


def rebind_after_conflict(
    make_form: Callable[[QueryDict], F], post: QueryDict, *, version: int, message: str
) -> F:
    """After a stale save (core.versioning): the same form with what the user typed, carrying the current
    version so that saving again is a knowing choice, and the message saying what happened."""
    data = post.copy()
    data["version"] = str(version)
    form = make_form(data)
    form.is_valid()
    form.add_error(None, message)
    return form
