"""Input shapes for the Panel submission page."""

from __future__ import annotations

from django import forms

from safeguarding_reviews.cases.forms import GovukDateField

from .models import PanelResponse

_DATE_ERRORS = {"required": "Enter the date", "invalid": "Enter a real date, for example 27/3/2026"}


class SubmissionForm(forms.Form):
    sent_on = GovukDateField(label="Date the report was sent to the Panel", error_messages=_DATE_ERRORS)


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="The Panel's response",
        choices=PanelResponse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the Panel's response"},
    )
    response_on = GovukDateField(label="Date of the Panel's response", error_messages=_DATE_ERRORS)
    notes = forms.CharField(
        label="The Panel's comments (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10_000,
        help_text="No names or addresses.",
    )
