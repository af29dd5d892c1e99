"""Input shapes for the redaction check (GOV.UK fields through the project's form renderer). The rules (what a
reason or a label needs) come from rules.py, and the services check them again."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import VersionField, add_rule_errors, set_choices

from . import rules

OTHER = "other"


class RunForm(forms.Form):
    # The free label is asked only under "Something else" (core.templatetags.govuk reveals).
    reveals = {"label": {OTHER: ["other_label"]}}

    document = forms.ChoiceField(
        label="File to check",
        help_text="A Word document (DOCX), PDF or text file of this case.",
        error_messages={
            "required": "Select the file to check",
            "invalid_choice": "Select the file to check from the list",
        },
    )
    label = forms.ChoiceField(
        label="What is the file?",
        choices=[*rules.LABELS.items(), (OTHER, "Something else")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the file is",
            "invalid_choice": "Select what the file is",
        },
    )
    other_label = forms.CharField(
        label="What the file is (if something else)",
        required=False,
        max_length=rules.LABEL_MAX,
    )
    previous = forms.ChoiceField(
        label="Is it a new version of a file checked before? (optional)",
        help_text="Choose that file's check: what it found and is gone now shows as fixed, and what was "
        "accepted there and is still here stays accepted, with its reason.",
        required=False,
        error_messages={"invalid_choice": "Select a check from the list"},
    )

    def __init__(
        self,
        *args: Any,
        documents: list[tuple[str, str]],
        previous: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "document", [("", "Select a file"), *documents])
        set_choices(self, "previous", [("", "No: its first check"), *[(str(k), v) for k, v in previous]])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("label") == OTHER:
            error = rules.label_error(data.get("other_label", ""))
            if error:
                add_rule_errors(self, {"other_label": error})
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        label = data["other_label"].strip() if data["label"] == OTHER else data["label"]
        return {
            "document_id": data["document"],
            "label": label,
            "previous_id": int(data["previous"]) if data.get("previous") else None,
        }


class AcceptForm(forms.Form):
    reason = forms.CharField(
        label="Why may this be published?",
        help_text="For example: a public place name, or the name of a national body.",
        max_length=rules.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why this may be published, for example: a public place name"},
    )
    version = VersionField(error_messages={"required": "Reload the page and try again"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "reason" in data and (error := rules.reason_error(data["reason"])):
            add_rule_errors(self, {"reason": error})
        return data


class UndoForm(forms.Form):
    confirm = forms.BooleanField(
        label="Undo the acceptance: the finding is open again until it is fixed or accepted",
        error_messages={"required": "Confirm that you want to undo the acceptance"},
    )
    version = VersionField(error_messages={"required": "Reload the page and try again"})
