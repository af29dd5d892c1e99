"""Input shapes for the Panel submission page."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.cases.forms import GovukDateField

from .models import PanelResponse

_DATE_ERRORS = {"required": "Enter the date", "invalid": "Enter a real date, for example 27/3/2026"}


class SubmissionForm(forms.Form):
    sent_on = GovukDateField(label="Date the report was sent to the Panel", error_messages=_DATE_ERRORS)
    # Shown only when signoffs.rules.send_warnings has something to confirm (an unanswered challenge).
    confirm = forms.BooleanField(
        label="I confirm the report is being sent with the Independent Chair's challenge unanswered",
        required=False,
    )

    def __init__(self, *args: Any, warnings: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not warnings:
            del self.fields["confirm"]


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
