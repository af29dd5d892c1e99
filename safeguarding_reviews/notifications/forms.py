"""Input shapes for the notification pages, in the national form's order and words."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import GovukDateField, VersionField, set_choices
from safeguarding_reviews.documents.forms import DocumentField
from safeguarding_reviews.screening.criteria import Answer

from .models import MAX_CHILDREN, NotificationCategory

PSEUDONYM_HINT = "Use pseudonyms (for example Child A): never names, addresses or dates of birth."


class NotificationForm(forms.Form):
    category = forms.ChoiceField(
        label="Category of notification",
        choices=NotificationCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the category"},
    )
    children = forms.TypedMultipleChoiceField(
        label="Children",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Select up to {MAX_CHILDREN}. Name any other children involved in the further "
        "information.",
    )
    incident_place = forms.CharField(
        label="Where the incident happened",
        max_length=300,
        required=False,
        help_text='The town or area and the kind of place, for example "family home, Northbridge".',
    )
    incident_date = GovukDateField(label="Date of the incident", required=False)
    incident_time = forms.TimeField(
        label="Time of the incident (if known)",
        required=False,
        input_formats=["%H:%M", "%H.%M"],
        help_text="24-hour clock, for example 14:30",
        widget=forms.TimeInput(format="%H:%M", attrs={"width_class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter a time such as 14:30"},
    )
    outline = forms.CharField(
        label="Case outline",
        widget=forms.Textarea,
        required=False,
        max_length=20000,
        help_text=PSEUDONYM_HINT,
    )
    further_information = forms.CharField(
        label="Further information, including other children involved",
        widget=forms.Textarea,
        required=False,
        max_length=20000,
        help_text=PSEUDONYM_HINT,
    )
    version = VersionField()

    def __init__(self, *args: Any, children: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "children", children)
        if not children:
            self.fields[
                "children"
            ].help_text = (
                "No children are recorded on this case yet: the business unit adds them to the case."
            )

    def clean_children(self) -> list[int]:
        chosen = self.cleaned_data.get("children") or []
        if len(chosen) > MAX_CHILDREN:
            raise forms.ValidationError(
                f"A notification names up to {MAX_CHILDREN} children. For more, name the other "
                "children in the further information"
            )
        return chosen

    def clean_incident_date(self) -> Any:
        value = self.cleaned_data.get("incident_date")
        if value and value > clock.today():
            raise forms.ValidationError("The date of the incident must be today or in the past")
        return value


def _answer(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes, no or not known"},
    )


class NotificationChildForm(forms.Form):
    looked_after = _answer("Looked after")
    placement_type = forms.CharField(label="Placement type (if looked after)", max_length=200, required=False)
    child_in_need_plan = _answer("Child in need plan")
    child_protection_plan = _answer("Child protection plan")
    known_to_agencies = _answer("Known to any agency")
    health = forms.CharField(
        label="Health", widget=forms.Textarea, required=False, max_length=5000, help_text=PSEUDONYM_HINT
    )
    home_area = forms.CharField(
        label="Local authority area where the child lives", max_length=200, required=False
    )
    version = VersionField()


class AttachmentForm(forms.Form):
    file = DocumentField(label="Attachment", error_messages={"required": "Select a file to attach"})


class SentForm(forms.Form):
    sent_on = GovukDateField(
        label="Date sent to the Panel",
        error_messages={
            "required": "Enter the date the notification was sent",
        },
    )
    panel_reference = forms.CharField(
        label="The Panel's reference",
        max_length=60,
        required=False,
        help_text="From the national system's confirmation. You can add it later.",
    )
    delay_reason = forms.CharField(
        label="Reason for the delay (if sent after the due date)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text="Needed when the notification was sent after its due date. Use the pseudonym.",
    )
    version = VersionField()


class PartnersToldForm(forms.Form):
    local_partners_told_on = GovukDateField(
        label="Date local safeguarding partners were told",
        error_messages={
            "required": "Enter the date local safeguarding partners were told",
        },
    )
    version = VersionField()
