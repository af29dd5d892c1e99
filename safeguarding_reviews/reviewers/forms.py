"""Forms for the reviewer and committee pages. Invalid input gives field errors (400), never a 500."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import GovukDateField, VersionField, set_choices

from . import rules

YES_NO = [("yes", "Yes"), ("no", "No")]


class AppointForm(forms.Form):
    user = forms.TypedChoiceField(
        label="An independent reviewer of the partnership", coerce=int, required=False, empty_value=None
    )
    new_name = forms.CharField(label="Or invite a new reviewer: full name", max_length=200, required=False)
    new_email = forms.EmailField(
        label="Their work email address",
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "user", [("", "Choose a person"), *people])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("user") not in (None, "")
        new = bool((data.get("new_name") or "").strip() or (data.get("new_email") or "").strip())
        if "new_email" in self.errors:
            return data
        if chosen == new:
            self.add_error("user", "Choose a reviewer, or give a new reviewer's name and email address")
        elif new:
            if not (data.get("new_name") or "").strip():
                self.add_error("new_name", "Enter the reviewer's full name")
            if not (data.get("new_email") or "").strip():
                self.add_error("new_email", "Enter the reviewer's email address")
        return data


class DeclarationForm(forms.Form):
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, question in rules.QUESTIONS:
            self.fields[key] = forms.ChoiceField(
                label=question,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Select yes or no", "invalid_choice": "Select yes or no"},
            )
            self.fields[f"{key}_details"] = forms.CharField(
                label="If yes, give details", widget=forms.Textarea, max_length=4000, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pairs = {
            key: ({"yes": True, "no": False}.get(data.get(key) or ""), data.get(f"{key}_details") or "")
            for key, _q in rules.QUESTIONS
        }
        for field, message in rules.declaration_errors(pairs).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for key, _q in rules.QUESTIONS:
            out[key] = data[key] == "yes"
            out[f"{key}_details"] = data.get(f"{key}_details") or ""
        return out


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision on the declaration",
        choices=[
            ("accept", "Accept: the reviewer is independent enough to carry out the review"),
            ("refuse", "Refuse"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select accept or refuse", "invalid_choice": "Select accept or refuse"},
    )
    reason = forms.CharField(
        label="Reason (required when refusing)", widget=forms.Textarea, max_length=4000, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why the reviewer is refused")
        return data


class CommissionForm(forms.Form):
    start_date = GovukDateField(label="Start date")
    end_date = GovukDateField(label="End date")
    deliverables = forms.CharField(
        label="Agreed deliverables",
        widget=forms.Textarea,
        max_length=8000,
        error_messages={"required": "Enter the agreed deliverables"},
    )
    version = VersionField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in rules.commission_errors(data.get("start_date"), data.get("end_date")).items():
            self.add_error(field, message)
        return data


class IdentityGrantForm(forms.Form):
    reason = forms.CharField(
        label="Why the reviewer needs the identity details",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter why the reviewer needs the identity details"},
    )


class IdentityRevokeForm(forms.Form):
    reason = forms.CharField(
        label="Reason (optional)", widget=forms.Textarea, max_length=4000, required=False
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment on the review",
        widget=forms.Textarea,
        max_length=8000,
        error_messages={"required": "Enter your comment"},
    )
