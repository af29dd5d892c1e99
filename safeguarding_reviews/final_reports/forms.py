"""Input shapes for the final report record (GOV.UK fields through the project's form renderer). Each form
carries the record's version: every change makes a new version of the whole record."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import GovukDateField, VersionField, set_choices

from . import rules
from .models import AgencyScope, RecommendationSource

NO_NAMES = "Use the pseudonym and practitioners' roles; no names or addresses."
TEXT_LIMIT = 20_000


def _text(label: str, required: str = "", *, help_text: str = NO_NAMES, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=TEXT_LIMIT,
        required=bool(required),
        help_text=help_text,
        error_messages={"required": required} if required else {},
    )


OUT_OF_DATE = (
    "This page is out of date: the final report has been started since you opened it. Go back and try again"
)


class RecordForm(forms.Form):
    """A form that changes the record: its version is required once the record exists (`exists`), so a
    form that did not know of the record never saves over it."""

    version = VersionField(required=False)

    def __init__(self, *args: Any, exists: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if exists:
            field = self.fields["version"]
            field.required = True
            field.error_messages["required"] = OUT_OF_DATE


class SummaryForm(RecordForm):
    final_draft = forms.TypedChoiceField(
        label="Final draft of the report",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="The version of the reviewer's draft this record goes with (the latest by default)",
        error_messages={"invalid_choice": "Select a draft from the list"},
    )
    improvements_summary = _text("Summary of recommended improvements (optional until sign-off)")
    systemic_analysis = _text("Analysis of systemic or underlying reasons (optional until sign-off)")

    def __init__(self, *args: Any, drafts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "final_draft", [("", "No draft chosen"), *drafts])


class ResponseForm(RecordForm):
    partners_response = _text(
        "The partners' response (optional until sign-off)",
        help_text="The three partners' response to the findings, recorded by the business unit on their "
        "behalf. Needed before sign-off when the findings have no recommendations from the report. "
        + NO_NAMES,
        rows=8,
    )


class FindingForm(RecordForm):
    text = _text("Finding", "Enter the finding", rows=5)


class ConfirmForm(forms.Form):
    """Removing a finding or a recommendation, and submitting the record: the version read."""

    version = VersionField(error_messages={"required": "Reload the page and try again"})


class RecommendationForm(RecordForm):
    source = forms.ChoiceField(
        label="Where does the recommendation come from?",
        choices=RecommendationSource.choices,
        widget=forms.RadioSelect,
        initial=RecommendationSource.REPORT,
        error_messages={
            "required": "Select where the recommendation comes from",
            "invalid_choice": "Select where the recommendation comes from",
        },
    )
    finding = forms.TypedChoiceField(
        label="The finding it answers (optional)",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Select a finding from the list"},
    )
    required = _text("What is required", "Enter what is required", rows=4)
    agency_scope = forms.ChoiceField(
        label="Who is it for?",
        choices=AgencyScope.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select who the recommendation is for"},
    )
    agencies = forms.TypedMultipleChoiceField(
        label="Agencies (when named agencies)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each agency ticked is asked to act on its own",
        error_messages={"invalid_choice": "Select agencies from the list"},
    )
    due_on = GovukDateField(label="By when (optional until sign-off)", error_name="The date", required=False)
    expected_difference = _text("The expected difference for children (optional until sign-off)", rows=3)
    themes = forms.TypedMultipleChoiceField(
        label="Practice themes (at least one before sign-off)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select practice themes from the list"},
    )

    def __init__(
        self,
        *args: Any,
        findings: list[tuple[int, str]],
        agencies: list[tuple[int, str]],
        themes: list[tuple[int, str]],
        may_respond: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "finding", [("", "No particular finding"), *findings])
        set_choices(self, "agencies", agencies)
        set_choices(self, "themes", themes)
        if not may_respond:
            # The reviewer writes the report's recommendations; the partners' response's are the business
            # unit's.
            del self.fields["source"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, message in rules.recommendation_errors(
            required=data.get("required") or "x",  # its own "required" message covers a blank one
            agency_scope=data.get("agency_scope") or "",
            agency_count=len(data.get("agencies") or []),
        ).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def values(self) -> rules.RecommendationFields:
        data = self.cleaned_data
        return rules.RecommendationFields(
            required=data["required"],
            agency_scope=data.get("agency_scope") or "",
            agency_ids=tuple(data.get("agencies") or ()),
            due_on=data.get("due_on"),
            expected_difference=data.get("expected_difference") or "",
            theme_ids=tuple(data.get("themes") or ()),
            source=data.get("source") or RecommendationSource.REPORT,
            finding_id=data.get("finding"),
        )
