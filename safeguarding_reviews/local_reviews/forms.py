"""Input shapes for the local review's pages. Business rules come back from services as ValidationError."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import GovukDateField, VersionField

from .models import Method

NO_NAMES = "Use the pseudonym and roles; no names or addresses."


def _from_version() -> forms.IntegerField:
    """The version the user started from; 0 when there is none yet (the first terms, the first method)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class StartLearningReviewForm(forms.Form):
    initiated_on = GovukDateField(label="Date the partnership decided to hold the review")


class TargetForm(forms.Form):
    due_on = GovukDateField(label="Target date")
    achieved_on = GovukDateField(label="Date achieved (optional)", required=False)
    version = VersionField()


class TermsForm(forms.Form):
    scope_from = GovukDateField(label="Scope period from")
    scope_to = GovukDateField(label="Scope period to")
    lines_of_enquiry = forms.CharField(
        label="Key lines of enquiry",
        widget=forms.Textarea,
        max_length=10_000,
        help_text="One line of enquiry on each line. " + NO_NAMES,
        error_messages={"required": "Enter at least one key line of enquiry"},
    )
    agency_ids = forms.TypedMultipleChoiceField(
        label="Agencies in scope",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the agencies in scope",
            "invalid_choice": "Select agencies of the partnership",
        },
    )
    child_perspective = forms.CharField(
        label="How the child's perspective will be addressed",
        widget=forms.Textarea,
        max_length=5_000,
        error_messages={"required": "Enter how the child's perspective will be addressed"},
    )
    family_context = forms.CharField(
        label="How the family context will be addressed",
        widget=forms.Textarea,
        max_length=5_000,
        error_messages={"required": "Enter how the family context will be addressed"},
    )
    proportionality = forms.CharField(
        label="How the review stays proportionate",
        widget=forms.Textarea,
        max_length=5_000,
        error_messages={"required": "Enter how the review stays proportionate"},
    )
    version = _from_version()

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency_ids"].choices = agencies  # type: ignore[attr-defined]

    def clean_lines_of_enquiry(self) -> list[str]:
        text: str = self.cleaned_data["lines_of_enquiry"]
        return [line.strip() for line in text.splitlines() if line.strip()]


class AgreementForm(forms.Form):
    agreed_on = GovukDateField(label="Date agreed")
    meeting = forms.CharField(
        label="Meeting",
        max_length=200,
        help_text="For example LCPC meeting, 12 March 2026",
        error_messages={"required": "Enter the meeting"},
    )
    members_present = forms.CharField(
        label="Members present",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        help_text="One name on each line",
        error_messages={"required": "Enter the members present"},
    )


class MethodologyAgreementForm(AgreementForm):
    version = VersionField()


class MethodologyForm(forms.Form):
    method = forms.ChoiceField(
        label="Methodology",
        choices=Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the methodology", "invalid_choice": "Select the methodology"},
    )
    other_description = forms.CharField(
        label="Description of the method (if other)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5_000,
    )
    analysis_rationale = forms.CharField(
        label="How frontline practice and organisational learning will be analysed",
        widget=forms.Textarea,
        max_length=10_000,
        help_text="The reviewer's rationale",
        error_messages={
            "required": "Enter how frontline practice and organisational learning will be analysed"
        },
    )
    participation_rationale = forms.CharField(
        label="How practitioners and the family will take part",
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Enter how practitioners and the family will take part"},
    )
    version = _from_version()


class ProgressReviewForm(forms.Form):
    held_on = GovukDateField(label="Date of the progress review")
    quality_comments = forms.CharField(
        label="Comments on quality",
        widget=forms.Textarea,
        max_length=10_000,
        help_text=NO_NAMES,
        error_messages={"required": "Enter the comments on quality"},
    )
    actions_agreed = forms.CharField(
        label="Actions agreed (optional)", widget=forms.Textarea, required=False, max_length=10_000
    )


class FamilyContactForm(forms.Form):
    contacted_on = GovukDateField(label="Date of contact")
    summary = forms.CharField(
        label="What the contact was for",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        help_text=NO_NAMES,
        error_messages={"required": "Enter what the contact was for"},
    )
