"""The project's GOV.UK form renderer: Django forms rendered as GOV.UK Design System fields."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.http import QueryDict

from .dates import DATE_HINT, format_date, parse_date
from .versioning import StaleVersionError


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


class DateTextInput(forms.TextInput):
    """One text box for a date: a stored date is shown as the hint shows it (core.dates.format_date); what
    someone typed is shown back exactly as they typed it, so a mistake can be corrected, not retyped."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"width_class": "govuk-input--width-10", "autocomplete": "off"} | (attrs or {}))

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return format_date(value)
        return super().format_value(value)


def field_name_in_errors(label: str) -> str:
    """The label as error messages name the field: without a trailing "(optional)"-style aside."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", str(label)).strip()


class GovukDateField(forms.DateField):
    """The project's one date field (docs/forms.md): a single text input that reads what people type
    (core.dates.parse_date: 2/12/26, 02/12/2026, 1 December 2026, 2026-12-02), always day first, with
    errors that name the field: "Date of the incident must be a real date", "Enter the date of the
    incident". A form may still give its own "required" message when the label reads badly after "Enter"."""

    widget = DateTextInput

    def __init__(
        self,
        *,
        label: str,
        error_name: str = "",
        error_messages: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        """`error_name` is how errors name the field when the label alone reads badly in a sentence
        ("From" on a filter: "The from date must be a real date")."""
        kwargs.setdefault("help_text", DATE_HINT)
        name = error_name or field_name_in_errors(label)
        lowered = name[:1].lower() + name[1:]
        messages = {
            "required": f"Enter {lowered}" if lowered.startswith("the ") else f"Enter the {lowered}",
            "invalid": f"{name} must be a real date",
        }
        super().__init__(label=label, error_messages=messages | (error_messages or {}), **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


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


@dataclass
class SaveAttempt(Generic[F]):
    """What came of a save from a form: done, refused because someone else saved first (`status` 409 for the
    page shown again, `stale` says what they saved) or refused by the service's own rules (400, errors on
    the form)."""

    form: F
    status: int = 200
    stale: StaleVersionError | None = None

    @property
    def saved(self) -> bool:
        return self.status == 200


def rebound(
    make_form: Callable[[QueryDict], F], post: QueryDict, message: str
) -> Callable[[StaleVersionError], F]:
    """The usual answer to a stale save: the form rebound with what the user typed (rebind_after_conflict)."""
    return lambda exc: rebind_after_conflict(make_form, post, version=exc.current.version, message=message)


def save_or_conflict(
    save: Callable[[], object],
    *,
    form: F,
    on_conflict: Callable[[StaleVersionError], F],
    service_errors: bool = True,
) -> SaveAttempt[F]:
    """The one way a view runs a versioned save: nothing is silently overwritten, and the page that follows a
    conflict (status 409) keeps the user's input. With `service_errors`, a service's ValidationError goes
    onto the form (400); without it, the error propagates for the view to place itself."""
    try:
        save()
    except StaleVersionError as exc:
        return SaveAttempt(form=on_conflict(exc), status=409, stale=exc)
    except ValidationError as exc:
        if not service_errors:
            raise
        add_service_errors(form, exc)
        return SaveAttempt(form=form, status=400)
    return SaveAttempt(form=form)


def radios(label: str, choices: Any, message: str, **kwargs: Any) -> forms.ChoiceField:
    """A GOV.UK radios question whose one message serves both a missing and an unknown answer."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


def add_rule_errors(form: forms.BaseForm, errors: dict[str, str]) -> None:
    """Put a pure rule's errors (field -> message) on the form, except on fields already in error; a field
    the form does not have goes to the top."""
    for name, message in errors.items():
        if name not in form.errors:
            form.add_error(name if name in form.fields else None, message)


def check_choices(**fields: tuple[str, type[models.TextChoices]]) -> None:
    """For services: each value must be one of its choices (a form offers only those; this speaks to other
    callers). ValidationError by field otherwise."""
    errors = {
        name: "Choose an option from the list"
        for name, (value, choices) in fields.items()
        if value not in choices.values
    }
    if errors:
        raise ValidationError(errors)
