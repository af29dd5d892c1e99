"""Input shapes for the register pages. Business rules come back from services as ValidationError."""

from __future__ import annotations

from django import forms

from safeguarding_reviews.core.forms import GovukDateField, VersionField

from .models import ProcessKind, ProcessStatus

NO_NAMES = "Use the pseudonym and roles; no names or addresses."


def _date(label: str) -> GovukDateField:
    return GovukDateField(label=label, required=False)


class ProcessForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of process",
        choices=ProcessKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of process",
            "invalid_choice": "Select the kind of process",
        },
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ProcessStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status", "invalid_choice": "Select the status"},
    )
    led_by = forms.CharField(
        label="Led by (optional)",
        required=False,
        max_length=200,
        help_text="The body or team, for example Major crime team or HM Coroner for the area",
    )
    reference = forms.CharField(
        label="Reference (optional)", required=False, max_length=200, help_text="The other body's reference"
    )
    started_on = _date("Date started (optional)")
    next_date = _date("Next key date (optional)")
    concluded_on = _date("Date concluded (optional)")
    notes = forms.CharField(
        label="Notes (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=5_000,
        help_text="What it covers and how it affects the review, for example a hearing date. " + NO_NAMES,
    )


class ProcessEditForm(ProcessForm):
    version = VersionField()
