"""Input shapes for the report's drafts (GOV.UK fields through the project's form renderer)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import GovukDateField, VersionField, set_choices
from safeguarding_reviews.documents.forms import DocumentField
from safeguarding_reviews.documents.inspection import detect, max_size_label

from . import rules
from .models import FactualReply, Response


class DraftField(DocumentField):
    """A draft: a DOCX or PDF by its content (the document store checks again before storing)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", f"{rules.DRAFT_TYPES_LABEL}; up to {max_size_label()}")
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        uploaded = forms.FileField.clean(self, data, initial)
        if uploaded:
            error = rules.file_type_error(detect(uploaded).code)
            if error:
                raise ValidationError(error, code="type")
        return uploaded


class UploadForm(forms.Form):
    file = DraftField(label="The draft", error_messages={"required": "Select the draft to upload"})
    note = forms.CharField(
        label="What changed in this version (optional)",
        help_text="For example: sections 4 and 5 rewritten after the practitioner event. "
        "Use pseudonyms, never names.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _text_field(label: str, required: str, max_length: int, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, error_messages={"required": required}, **kwargs
    )


class CommentForm(forms.Form):
    reference = _text_field(
        "Paragraph or section",
        "Enter the paragraph or section the comment is about",
        rules.REFERENCE_MAX,
        help_text="For example: paragraph 4.2, or section 3 (Key practice episodes)",
    )
    text = _text_field("Comment", "Enter the comment", 10_000, widget=forms.Textarea(attrs={"rows": 5}))


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Do you accept the comment?",
        choices=[c for c in Response.choices if c[0] != Response.AWAITING],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you accept the comment",
            "invalid_choice": "Select whether you accept the comment",
        },
    )
    reason = forms.CharField(
        label="Reason for not accepting it (needed if not accepted)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = VersionField(error_messages={"required": "Reload the page and try again"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "response" in data:
            for name, message in rules.response_errors(
                response=data["response"], reason=data.get("reason", "")
            ).items():
                if name not in self.errors:
                    self.add_error(name, message)
        return data


class FactualRequestForm(forms.Form):
    recipient = forms.ChoiceField(
        label="Who should check it",
        help_text="A person with a role at an agency of the partnership. They see this request and the "
        "draft, nothing else of the case, until they reply.",
        error_messages={
            "required": "Select a person at an agency",
            "invalid_choice": "Select a person at an agency from the list",
        },
    )
    due_on = GovukDateField(label="Due date", help_text="A date after today")

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "recipient", [("", "Select a person"), *people])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "due_on" in data and (error := rules.due_on_error(data["due_on"], today=clock.today())):
            self.add_error("due_on", error)
        return data

    def values(self) -> dict[str, Any]:
        recipient_id, _, agency_id = self.cleaned_data["recipient"].partition(":")
        return {
            "recipient_id": int(recipient_id),
            "agency_id": int(agency_id),
            "due_on": self.cleaned_data["due_on"],
        }


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label="Your reply",
        choices=FactualReply.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you have factual corrections",
            "invalid_choice": "Select whether you have factual corrections",
        },
    )
    version = VersionField(error_messages={"required": "Reload the page and try again"})


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label="Withdraw this request: the person asked can no longer see it or the draft",
        error_messages={"required": "Confirm that you want to withdraw the request"},
    )
    version = VersionField(error_messages={"required": "Reload the page and try again"})
