"""Input shapes for audit pages."""

from __future__ import annotations

from django import forms

from .event_types import EventType


class CaseAccessFilterForm(forms.Form):
    """The visible filter (GET). Changing it starts again from the newest events."""

    event_type = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "All events"), *sorted(EventType.choices, key=lambda choice: choice[1])],
        error_messages={"invalid_choice": "Select a kind of event from the list"},
    )


class CaseAccessPageForm(forms.Form):
    """The keyset cursor from the "Older events" link: show events with a lower sequence number."""

    before = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,  # the largest sequence number either database holds (security finding 3)
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "The page link is not valid",
            "min_value": "The page link is not valid",
            "max_value": "The page link is not valid",
        },
    )
