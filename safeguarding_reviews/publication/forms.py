"""Input shapes for publication (GOV.UK fields through the project's form renderer). Business rules come
back from services as ValidationError on the fields they name."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import GovukDateField, VersionField, radios, set_choices
from safeguarding_reviews.documents.forms import DocumentField

from .rules import Decision

TEXT_LIMIT = 5000
RELOAD = "Reload the page and try again"
NO_NAMES = "No names: use the pseudonym and roles."


def _text(label: str, *, required: str = "", help_text: str = NO_NAMES, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=TEXT_LIMIT,
        required=bool(required),
        help_text=help_text,
        error_messages={"required": required} if required else {},
    )


class VersionedForm(forms.Form):
    """A form that changes a versioned record: its version is required once the record exists, so a form that
    did not know of the record never saves over it."""

    version = VersionField(required=False)

    def __init__(self, *args: Any, exists: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if exists:
            field = self.fields["version"]
            field.required = True
            field.error_messages["required"] = (
                "This page is out of date: the record has been started since you opened it. Reload the page"
            )


class UploadForm(forms.Form):
    file = DocumentField(
        label="The file",
        help_text="A Word document (DOCX) or a PDF with its text (a scanned PDF cannot be checked)",
        error_messages={"required": "Select the file to upload", "missing": "Select the file to upload"},
    )
    note = forms.CharField(
        label="What changed in this version (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the names the redaction check found are taken out. " + NO_NAMES,
    )


class BriefingGenerateForm(forms.Form):
    version = VersionField(error_messages={"required": RELOAD})


class BriefingAddForm(forms.Form):
    generation = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"required": RELOAD, "invalid": RELOAD}
    )


class DecisionForm(VersionedForm):
    decision = radios(
        "What did the partners decide to publish?",
        Decision.choices,
        "Select what the partners decided to publish",
    )
    reasons = _text(
        "The partners' reasons for publishing information about the improvements only",
        help_text="Needed when the report itself is not published. " + NO_NAMES,
    )
    reveals = {"decision": {Decision.IMPROVEMENTS_ONLY.value: ["reasons"]}}


class HoldForm(forms.Form):
    process = forms.TypedChoiceField(
        label="The parallel process holding publication (optional)",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Select a parallel process from the list"},
    )
    reason = _text(
        "Reason for the hold",
        required="Enter the reason publication is held, for example the criminal trial",
        help_text="For example: the criminal trial must end before the report is published. " + NO_NAMES,
    )
    agreed_by = forms.CharField(
        label="Who agreed the hold (their role)",
        max_length=200,
        help_text="For example: the senior investigating officer, the Crown Prosecution Service, the coroner",
        error_messages={"required": "Enter the role of the person who agreed the hold"},
    )
    review_on = GovukDateField(label="Review date", error_name="The review date")

    def __init__(self, *args: Any, processes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "process", [("", "None of them"), *processes])


class HoldDecisionForm(forms.Form):
    decision = radios(
        "Approve the hold?",
        [("approve", "Yes, approve it: the clock is paused from today"), ("refuse", "No, refuse it")],
        "Select whether to approve the hold",
    )
    note = _text("Why it is refused (needed if refused)", rows=3)
    reveals = {"decision": {"refuse": ["note"]}}


class HoldLiftForm(forms.Form):
    version = VersionField(error_messages={"required": RELOAD})
    note = _text(
        "Why it is lifted (optional)", help_text="For example: the trial has ended. " + NO_NAMES, rows=3
    )


class HoldReviewForm(forms.Form):
    version = VersionField(error_messages={"required": RELOAD})
    review_on = GovukDateField(label="Next review date", error_name="The review date")


class NoticeForm(forms.Form):
    sent_on = GovukDateField(label="Date the notice was sent", error_name="The date the notice was sent")
    planned_on = GovukDateField(label="Planned publication date", error_name="The planned publication date")


class RecordForm(VersionedForm):
    published_on = GovukDateField(label="Date published", error_name="The date published")
    public_url = forms.CharField(
        label="Public address",
        max_length=500,
        help_text="The web address where the review is published, like https://www.example.org/reviews/child-q",
        error_messages={"required": "Enter the public address of the published review"},
    )
    available_until = GovukDateField(label="Available until", error_name="The date it stays available until")
    late_reason = _text(
        "Reason it was published after the clock's due date (needed if late)",
        help_text="Kept on the LCSPR clock as the reason for the delay. " + NO_NAMES,
        rows=3,
    )
    panel_told_on = GovukDateField(
        label="Date the Panel was told of the publication (optional)",
        error_name="The date the Panel was told",
        required=False,
    )
