"""Input shapes for chronology pages. Business rules come back from services as ValidationError."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.cases.forms import GovukDateField
from safeguarding_reviews.core.forms import set_choices
from safeguarding_reviews.organisations.roles import Role

from .models import ChronologyEventType, DatePrecision

TEXT_HINT = "Use the pseudonym and practitioners' roles; no names or addresses."


class EntryForm(forms.Form):
    agency = forms.TypedChoiceField(
        label="Agency", coerce=int, error_messages={"required": "Select the agency"}
    )
    date = GovukDateField(
        label="Date",
        help_text="For a month-only date enter the 1st, for example 1/3/2026",
        error_messages={"required": "Enter the date", "invalid": "Enter a real date, for example 27/3/2026"},
    )
    date_precision = forms.ChoiceField(
        label="How precise is the date?",
        choices=DatePrecision.choices,
        initial=DatePrecision.EXACT,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how precise the date is"},
    )
    time = forms.TimeField(
        label="Time (optional)",
        required=False,
        help_text="For example, 14:30",
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={"invalid": "Enter a time like 14:30"},
    )
    source_record = forms.CharField(label="Source record (optional)", max_length=200, required=False)
    event_type = forms.ChoiceField(
        label="Type of event",
        choices=[("", "Select the type of event"), *ChronologyEventType.choices],
        error_messages={"required": "Select the type of event"},
    )
    what_happened = forms.CharField(
        label="What happened",
        widget=forms.Textarea,
        max_length=10_000,
        help_text=TEXT_HINT,
        error_messages={"required": "Enter what happened"},
    )
    practitioner_role = forms.CharField(
        label="Practitioner role (optional)",
        max_length=200,
        required=False,
        help_text="The role, not the name, for example Health visitor",
    )
    is_key_episode = forms.BooleanField(label="This is a key practice episode", required=False)
    analysis = forms.CharField(
        label="Analysis (optional)", widget=forms.Textarea, required=False, max_length=10_000
    )
    restricted_to_roles = forms.MultipleChoiceField(
        label="Restrict this entry to these roles (optional)",
        help_text="For example police intelligence. Leave empty for everyone who may read the chronology",
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "agency", [("", "Select the agency"), *agencies])


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Chronology spreadsheet",
        help_text="A CSV or XLSX file made from the template, up to 10,000 rows",
        error_messages={"required": "Select a CSV or XLSX file", "empty": "The selected file is empty"},
    )


class FilterForm(forms.Form):
    agency = forms.TypedChoiceField(label="Agency", coerce=int, required=False, empty_value=None)
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)
    event_type = forms.ChoiceField(
        label="Type of event", choices=[("", "All types"), *ChronologyEventType.choices], required=False
    )
    key_only = forms.BooleanField(label="Key practice episodes only", required=False)
    duplicates_only = forms.BooleanField(label="Possible duplicates only", required=False)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "agency", [("", "All agencies"), *agencies])
