"""An upload field for any form that takes a document: checked by content as the form is cleaned, so a bad
file is a field error on the page (and documents.services checks again before storing)."""

from __future__ import annotations

from typing import Any

from django import forms

from .inspection import allowed_labels, detect, max_size_label


class DocumentField(forms.FileField):
    template_name = "documents/forms/file_field.html"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Upload a file")
        kwargs.setdefault(
            "help_text", f"{allowed_labels()[0].upper()}{allowed_labels()[1:]}; up to {max_size_label()}"
        )
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Select a file",
                "empty": "The selected file is empty",
                "invalid": "The selected file could not be read: try again",
                "missing": "Select a file",
            },
        )
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        uploaded = super().clean(data, initial)
        if uploaded:
            detect(uploaded)
        return uploaded
