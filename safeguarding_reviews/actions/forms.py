"""Input shapes for the case action pages. Business rules come back from services as ValidationError."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import GovukDateField, VersionField, set_choices

from .models import ActionStatus

NO_NAMES = "Use the pseudonym and practitioners' roles; no names or addresses."


class ActionUpdateForm(forms.Form):
    version = VersionField()
    happened_on = GovukDateField(label="Date of the update")
    text = forms.CharField(
        label="Update",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        help_text="What has been done and what is left to do. " + NO_NAMES,
        error_messages={"required": "Enter the update"},
    )


class ActionStatusForm(forms.Form):
    version = VersionField()
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status", "invalid_choice": "Select the status"},
    )
    happened_on = GovukDateField(label="Date of the change")
    text = forms.CharField(
        label="Note (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5_000,
        help_text=NO_NAMES,
    )

    def __init__(self, *args: Any, statuses: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The statuses the action may move to from where it is (actions.lifecycle; services.list_statuses).
        if statuses is not None:
            set_choices(self, "status", statuses)
