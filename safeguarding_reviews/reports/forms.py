"""The template upload form. The file is checked by content and test-rendered by the service."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.documents.forms import DocumentField
from safeguarding_reviews.documents.inspection import max_size_label


class TemplateField(DocumentField):
    """A .docx upload. The content checks and the test-render happen in reports.services, whose reasons are
    more precise for a template than the general document message."""

    template_name = "reports/forms/template_field.html"

    def clean(self, data: Any, initial: Any = None) -> Any:
        return forms.FileField.clean(self, data, initial)


class TemplateUploadForm(forms.Form):
    file = TemplateField(
        label="Upload a new template",
        help_text=(
            f"A Word document (.docx), up to {max_size_label()}. It is checked and test-rendered first."
        ),
        error_messages={
            "required": "Select a Word document (.docx) to upload",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read: try again",
            "missing": "Select a Word document (.docx) to upload",
        },
    )
