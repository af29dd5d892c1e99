"""Input shapes for a person in a case (used by the case pages and the referral form)."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import GovukDateField, VersionField

from .models import Sex, SubjectKind
from .services import IDENTITY_FIELDS, SUBJECT_FIELDS

CHILD_ONLY = (
    "age_years",
    "is_unborn",
    "ethnicity",
    "disability",
    "expected_delivery_date",
    "school",
    "legal_status",
)


def nhs_number_valid(digits: str) -> bool:
    """The NHS number check digit (modulus 11)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


class SubjectForm(forms.Form):
    label = forms.CharField(
        label="Label",
        max_length=80,
        help_text='What every screen calls them, for example "Child A" or "Mother of Child A". Never a name.',
        error_messages={"required": "Enter a label, for example Child A"},
    )
    relationship = forms.CharField(
        label="Relationship to the child",
        max_length=100,
        help_text="For example mother, stepfather, mother's partner, half-sibling",
        error_messages={"required": "Enter their relationship to the child"},
    )
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )
    other_names = forms.CharField(label="Other names used (optional)", max_length=200, required=False)
    date_of_birth = GovukDateField(label="Date of birth (optional if not known)", required=False)
    is_unborn = forms.BooleanField(label="The child was unborn", required=False)
    expected_delivery_date = GovukDateField(label="Expected date of delivery (if unborn)", required=False)
    age_years = forms.IntegerField(
        label="Age in years at the incident",
        min_value=0,
        max_value=25,
        required=False,
        help_text="Leave blank if you gave the date of birth or the child was unborn",
        widget=forms.NumberInput(attrs={"width_class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the age as a whole number of years, for example 4",
            "min_value": "The age must be 0 or more",
            "max_value": "The age must be 25 or less",
        },
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, required=False)
    ethnicity = forms.CharField(label="Ethnicity (optional)", max_length=100, required=False)
    disability = forms.CharField(label="Disability (optional)", max_length=200, required=False)
    address = forms.CharField(
        label="Address (optional)", widget=forms.Textarea, max_length=1000, required=False
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        max_length=20,
        required=False,
        help_text="10 digits, for example 943 476 5919",
        widget=forms.TextInput(attrs={"width_class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    school = forms.CharField(label="School or early years setting (optional)", max_length=200, required=False)
    legal_status = forms.CharField(
        label="Legal status (optional)",
        max_length=200,
        required=False,
        help_text="For example child in need, child protection plan, looked after (section 20 or care order)",
    )

    def __init__(self, *args: Any, kind: str, with_label: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if not with_label:
            del self.fields["label"]
        if kind == SubjectKind.CHILD:
            del self.fields["relationship"]
            self.fields["sex"].required = True
            self.fields["sex"].error_messages["required"] = "Select the child's sex"
        else:
            for name in CHILD_ONLY:
                del self.fields[name]

    def clean_nhs_number(self) -> str:
        digits = "".join(self.cleaned_data.get("nhs_number", "").split())
        if digits and not nhs_number_valid(digits):
            raise forms.ValidationError("Enter a valid 10-digit NHS number, for example 943 476 5919")
        return digits

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = clock.today()
        dob = data.get("date_of_birth")
        if dob and dob > today:
            self.add_error("date_of_birth", "The date of birth must be today or in the past")
        if self.kind == SubjectKind.CHILD and not self.errors.get("age_years"):
            if data.get("is_unborn"):
                if dob:
                    self.add_error("date_of_birth", "An unborn child has no date of birth: leave it blank")
            elif data.get("age_years") is None and not dob:
                self.add_error("age_years", "Enter the child's age at the incident, or their date of birth")
        return data

    def subject_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in SUBJECT_FIELDS if name in data}
        values.setdefault("is_unborn", False)
        values.setdefault("age_years", None)
        return values

    def identity_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in IDENTITY_FIELDS if name in data}


class SubjectEditForm(SubjectForm):
    version = VersionField()


def initial_for(subject: Any, identity: Any) -> dict[str, Any]:
    initial = {name: getattr(subject, name) for name in SUBJECT_FIELDS}
    if identity is not None:
        initial |= {name: getattr(identity, name) for name in IDENTITY_FIELDS}
    initial["version"] = subject.version
    return initial
