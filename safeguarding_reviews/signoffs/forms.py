"""Input shapes for the sign-off page. Business rules come back from services as ValidationError."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import VersionField, set_choices

from .models import Resolution


class SignOffForm(forms.Form):
    version = VersionField()
    report_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    partner = forms.ChoiceField(
        label="Signing for", widget=forms.RadioSelect, error_messages={"required": "Select the partner"}
    )
    agrees = forms.TypedChoiceField(
        label="Does your partner agree with the rapid review outcome and report?",
        choices=[("yes", "Yes, we agree"), ("no", "No, we disagree")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether your partner agrees"},
    )
    comments = forms.CharField(
        label="Comments",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10_000,
        help_text="Needed if you disagree: your comments stay on the record. No names or addresses.",
    )

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "partner", partners)
        # One choice is no choice (issue 18, item 9): the page says "Signing for" in words and the value
        # travels hidden; the choices still validate it.
        self.signing_for = partners[0][1] if len(partners) == 1 else ""
        if len(partners) == 1:
            self.fields["partner"].widget = forms.HiddenInput()
            if not self.is_bound:
                self.initial.setdefault("partner", partners[0][0])


class ChallengeForm(forms.Form):
    text = forms.CharField(
        label="Your challenge or question",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        help_text="The business unit will answer it here. No names or addresses.",
        error_messages={"required": "Enter your challenge or question"},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="The business unit's answer",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        error_messages={"required": "Enter the business unit's answer"},
    )


class ResolutionForm(forms.Form):
    resolution = forms.ChoiceField(
        label="How did the disagreement end?",
        choices=Resolution.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the disagreement was resolved or stands"},
    )
    explanation = forms.CharField(
        label="How it was resolved, or why it stands",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text="This goes to the Panel in the sign-off record. No names or addresses.",
        error_messages={"required": "Say how the disagreement was resolved, or why it stands"},
    )


class DocumentSignOffForm(SignOffForm):
    """A partner's sign-off of one version of a registered signable document (signable.py): the version
    and checksum the delegate read travel hidden, so a new version made meanwhile signs nothing."""

    report_sha256 = None  # type: ignore[assignment]  # (the rapid review's report checksum: not here)
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(
        self, *args: Any, partners: list[tuple[str, str]], kind_label: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, partners=partners, **kwargs)
        what = (
            f"this version of the {kind_label[:1].lower()}{kind_label[1:]}" if kind_label else "this document"
        )
        self.fields["agrees"].label = f"Does your partner agree with {what}?"
