"""Input shapes for the monitoring view and repeated recommendations: the filters (a GET form, so they persist
in the URL and a filtered view can be bookmarked or sent), the export request and the link form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from safeguarding_reviews.actions.lifecycle import ActionStatus
from safeguarding_reviews.core.forms import GovukDateField, set_choices

from . import monitoring
from .models import ExportFormat
from .monitoring_selectors import MonitoringFilters


class MonitoringFilterForm(forms.Form):
    review = forms.ChoiceField(
        label="Review", required=False, error_messages={"invalid_choice": "Select a review from the list"}
    )
    agency = forms.TypedChoiceField(
        label="Agency",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    theme = forms.TypedChoiceField(
        label="Practice theme",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Select a practice theme from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), (monitoring.OVERDUE, "Overdue"), *ActionStatus.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    quarter = forms.ChoiceField(
        label="Due in the quarter",
        required=False,
        error_messages={"invalid_choice": "Select a quarter from the list"},
    )
    due_from = GovukDateField(label="Due from", required=False, error_name="The due from date")
    due_to = GovukDateField(label="Due by", required=False, error_name="The due by date")

    def __init__(
        self,
        *args: Any,
        reviews: list[tuple[str, str]],
        agencies: list[tuple[int, str]],
        themes: list[tuple[int, str]],
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "review", [("", "All reviews"), *reviews])
        set_choices(self, "agency", [("", "All agencies"), *agencies])
        set_choices(self, "theme", [("", "All practice themes"), *themes])
        set_choices(
            self,
            "quarter",
            [("", "Any due date")]
            + [(quarter.code, quarter.label) for quarter in monitoring.quarter_choices(today)],
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("due_from"), data.get("due_to")
        if start and end and end < start:
            self.add_error("due_to", "The due by date must be the same as or after the due from date")
        return data

    def filters(self) -> MonitoringFilters:
        """The filters chosen; none when the form is unbound or has errors."""
        if not self.is_bound or not self.is_valid():
            return MonitoringFilters()
        data = self.cleaned_data
        return MonitoringFilters(
            review=data["review"] or "",
            agency_id=data["agency"],
            theme_id=data["theme"],
            status=data["status"] or "",
            quarter=data["quarter"] or "",
            due_from=data["due_from"],
            due_to=data["due_to"],
        )


class ExportForm(forms.Form):
    """Which export (the filters travel beside it as hidden fields)."""

    format = forms.ChoiceField(choices=ExportFormat.choices)


class LinkForm(forms.Form):
    recommendations = forms.TypedMultipleChoiceField(
        label="Which of these does the new recommendation repeat?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the earlier recommendations to link",
            "invalid_choice": "Select recommendations from the list",
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "recommendations", choices)
