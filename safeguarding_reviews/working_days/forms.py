"""Input shapes for the calendar pages. Rules (is it already a holiday?) are in services."""

from __future__ import annotations

from django import forms

from safeguarding_reviews.core.forms import GovukDateField

from .models import OverrideKind


class OverrideForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you want to do?",
        choices=OverrideKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to add or remove a bank holiday"},
    )
    date = GovukDateField(label="Date")
    title = forms.CharField(
        label="Name of the bank holiday",
        required=False,
        max_length=200,
        help_text="Needed when adding a day, for example “Bank holiday for the coronation”",
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example, the proclamation or the GOV.UK announcement",
        error_messages={"required": "Enter the reason"},
    )


class ClosureDayForm(forms.Form):
    date = GovukDateField(label="Date the business unit is closed")
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="For example, office move. Closure days move local clocks only, never statutory ones.",
        error_messages={"required": "Enter the reason"},
    )
