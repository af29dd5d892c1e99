"""Input shapes for the register pages. Business rules come back from services as ValidationError."""

from __future__ import annotations

from django import forms

from safeguarding_reviews.core.forms import GovukDateField, VersionField

from .constraints import Block
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


class ConstraintForm(forms.Form):
    blocks = forms.ChoiceField(
        label="What does it block?",
        choices=Block.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the constraint blocks",
            "invalid_choice": "Select what the constraint blocks",
        },
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea,
        max_length=2_000,
        help_text='For example "No contact with the family until the verdict". ' + NO_NAMES,
        error_messages={"required": "Enter the reason for the constraint"},
    )


class LiftForm(forms.Form):
    lifted_on = GovukDateField(label="Date lifted", error_messages={"required": "Enter the date lifted"})
