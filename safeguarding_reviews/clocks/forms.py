"""Input shapes for the clock pages. Rules are in services; forms only check shape."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import GovukDateField, VersionField, set_choices

from .models import AdjustmentKind, RapidReviewStart


class DelayReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why was this deadline missed?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text="Use the pseudonym. Do not include names or addresses.",
        error_messages={"required": "Enter the reason for the delay"},
    )
    version = VersionField()


class AdjustmentRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you need?",
        choices=AdjustmentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select pause or extension"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="For example, parallel criminal proceedings. Use the pseudonym.",
        error_messages={"required": "Enter the reason, for example parallel criminal proceedings"},
    )
    new_due_on = GovukDateField(label="New due date (extensions only)", required=False)
    # Only for a clock whose extension needs the Panel's agreement (the rapid review).
    panel_agreed_on = GovukDateField(label="Date the Panel agreed to the extension", required=False)
    panel_agreed_by = forms.CharField(
        label="Who at the Panel agreed",
        max_length=200,
        required=False,
        help_text="Their role, for example the Panel's secretariat lead",
    )
    panel_reference = forms.CharField(
        label="The Panel's reference for the agreement", max_length=60, required=False
    )

    def __init__(self, *args: Any, needs_panel: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_panel:
            for name in ("panel_agreed_on", "panel_agreed_by", "panel_reference"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("kind") == AdjustmentKind.EXTENSION
            and not data.get("new_due_on")
            and "new_due_on" not in self.errors
        ):
            self.add_error("new_due_on", "Enter the new due date")
        return data


class AdjustmentDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select approve or refuse"},
    )
    note = forms.CharField(
        label="Reason for refusing",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Needed if you refuse",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", "Enter why the request is refused")
        return data


class RebaseForm(forms.Form):
    rule_set = forms.TypedChoiceField(
        label="Rule set",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a rule set"},
    )
    reason = forms.CharField(
        label="Why are you re-basing this case?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why the case is re-based"},
    )

    def __init__(self, *args: Any, rule_sets: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "rule_set", rule_sets)


class ClockSettingsForm(forms.Form):
    rapid_review_start_event = forms.ChoiceField(
        label="When does the 15-working-day rapid review clock start?",
        choices=RapidReviewStart.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Sources disagree. The Panel's 2025 guidance counts from the notification; some "
        "partnerships count from when the local authority became aware.",
    )
    agency_return_working_days = forms.IntegerField(
        label="Working days agencies have for their rapid review returns",
        min_value=1,
        max_value=60,
        widget=forms.NumberInput(attrs={"width_class": "govuk-input--width-3"}),
        error_messages={"required": "Enter a number of working days, for example 10"},
    )
    reminder_lead_working_days = forms.IntegerField(
        label="Working days before a due date to send a reminder",
        min_value=0,
        max_value=20,
        widget=forms.NumberInput(attrs={"width_class": "govuk-input--width-3"}),
        help_text="Deadlines this close show as “due soon”. Overdue reminders are sent as well.",
        error_messages={"required": "Enter a number of working days, for example 2"},
    )
    chronology_silence_days = forms.IntegerField(
        label="Days without agency contact that the merged chronology shows as a silent period",
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"width_class": "govuk-input--width-3"}),
        help_text="Calendar days. Gaps longer than this, with no entry from any agency, are shown.",
        error_messages={"required": "Enter a number of days, for example 28"},
    )
    print_marking = forms.CharField(
        label="Protective marking printed at the top and bottom of every page",
        max_length=60,
        help_text="For example OFFICIAL-SENSITIVE. Printed case pages also show the case reference "
        "and the date.",
        error_messages={
            "required": "Enter the protective marking, for example OFFICIAL-SENSITIVE",
            "max_length": "Protective marking must be 60 characters or fewer",
        },
    )
    version = VersionField()
