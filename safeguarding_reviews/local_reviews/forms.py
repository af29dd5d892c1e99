"""Input shapes for the local review's pages. Business rules come back from services as ValidationError."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import GovukDateField, VersionField

from .models import ReviewMethod

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
    """`methods`: what the review may choose (selectors.method_choices, read once by the view). The radios'
    values are the methods' ids; `cleaned_data["method"]` is the chosen ReviewMethod."""

    method = forms.ChoiceField(
        label="Methodology",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the methodology", "invalid_choice": "Select the methodology"},
    )
    other_description = forms.CharField(
        label="Description of the method",
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

    def __init__(self, *args: Any, methods: list[ReviewMethod], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.methods = {str(m.pk): m for m in methods}
        field = self.fields["method"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (key, m.label if m.is_active else f"{m.label} (retired)") for key, m in self.methods.items()
        ]
        needing = [m.label for m in methods if m.requires_description]
        if needing:
            self.fields["other_description"].help_text = "Needed for: " + ", ".join(needing)

    def clean_method(self) -> ReviewMethod:
        return self.methods[self.cleaned_data["method"]]


class ReviewMethodForm(forms.Form):
    """A method of the partnership's own on the review methods page."""

    label = forms.CharField(
        label="Name of the method",
        max_length=200,
        error_messages={"required": "Enter the name of the method"},
    )
    description = forms.CharField(
        label="What the method is",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        help_text="Shown to the business unit when they choose a review's methodology",
        error_messages={"required": "Describe the method"},
    )
    source = forms.CharField(
        label="Source",
        max_length=400,
        help_text="Where the method is described, for example a guide, a published model or the LCPC minute "
        "that agreed it",
        error_messages={"required": "Enter where the method is described"},
    )
    requires_description = forms.BooleanField(
        label="A review using this method must describe how it is used",
        required=False,
    )


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


# Written requests for information or drafts.


class InformationRequestForm(forms.Form):
    """Send a request. The people offered are those the service accepts (a person with a role at the
    agency chosen, or the case's independent reviewer); the service checks the pair again."""

    recipient_kind = forms.ChoiceField(
        label="Who is the request to?",
        widget=forms.RadioSelect,
        choices=[("agency", "A person at an agency"), ("reviewer", "The independent reviewer")],
        error_messages={"required": "Select who to send the request to"},
    )
    agency_id = forms.TypedChoiceField(
        label="Agency",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Select an agency of the case's partnership"},
    )
    recipient_id = forms.TypedChoiceField(
        label="Person",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="A person with a role at the agency, or the independent reviewer. Leave empty to invite a "
        "new person at the agency.",
        error_messages={"invalid_choice": "Select a person from the list"},
    )
    new_name = forms.CharField(label="New person's full name (optional)", required=False, max_length=200)
    new_email = forms.EmailField(
        label="New person's email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    asks_for = forms.ChoiceField(
        label="Asking for",
        widget=forms.RadioSelect,
        choices=[("information", "Information"), ("draft", "A draft")],
        error_messages={"required": "Select whether you are asking for information or for a draft"},
    )
    asked = forms.CharField(
        label="What is asked",
        widget=forms.Textarea,
        max_length=10_000,
        help_text=NO_NAMES,
        error_messages={"required": "Enter what is asked"},
    )
    due_on = GovukDateField(label="Due date")
    context = forms.CharField(
        label="Context (optional)", widget=forms.Textarea, required=False, max_length=10_000
    )

    def __init__(
        self, *args: Any, agencies: list[tuple[int, str]], people: list[tuple[int, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["agency_id"].choices = [("", "Choose an agency"), *agencies]  # type: ignore[attr-defined]
        self.fields["recipient_id"].choices = [("", "Choose a person"), *people]  # type: ignore[attr-defined]


class InformationAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        widget=forms.Textarea,
        max_length=50_000,
        error_messages={"required": "Enter your answer"},
    )
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any):
        from safeguarding_reviews.documents.forms import DocumentField

        super().__init__(*args, **kwargs)
        self.fields["document"] = DocumentField(label="Upload a document (optional)", required=False)
        # Keep the version last (hidden), the file field before it.
        self.fields["version"] = self.fields.pop("version")


class InformationDecisionForm(forms.Form):
    """The business unit's decision on a request: accept the answer, ask again (with a new due date) or
    withdraw it (with a reason)."""

    decision = forms.ChoiceField(
        label="What do you want to do?",
        widget=forms.RadioSelect,
        choices=[
            ("accept", "Accept the answer"),
            ("ask_again", "Ask again, with a new due date"),
            ("withdraw", "Withdraw the request"),
        ],
        error_messages={"required": "Select what you want to do"},
    )
    asked_again = forms.CharField(
        label="What is asked now (when asking again)",
        widget=forms.Textarea,
        required=False,
        max_length=10_000,
    )
    due_on = GovukDateField(label="New due date (when asking again)", required=False)
    reason = forms.CharField(
        label="Why are you withdrawing the request? (when withdrawing)",
        widget=forms.Textarea,
        required=False,
        max_length=2_000,
    )
    version = VersionField()
