"""Input shapes for a person in a case (used by the case pages and the referral form)."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import (
    GovukDateField,
    VersionField,
    add_rule_errors,
    field_name_in_errors,
)

from .identity_parts import name_errors, normalise_postcode, postcode_error, split_lines, split_list
from .models import Sex, SubjectKind
from .services import IDENTITY_FIELDS, SUBJECT_FIELDS

CHILD_ONLY = (
    "age_years",
    "is_unborn",
    "ethnicity",
    "disability",
    "expected_delivery_date",
    "schools",
    "school_short_names",
    "legal_status",
)
# Someone else's name and address: the browser must not offer the signed-in person's own.
NOT_MINE = {"autocomplete": "off"}


def nhs_number_valid(digits: str) -> bool:
    """The NHS number check digit (modulus 11)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


class ListField(forms.CharField):
    """Several short entries typed in one box, cleaned to a list: separated by commas (and semicolons,
    slashes, "or", "and") or, with `one_per_line`, one a line (a school's name can hold a comma). A stored
    list is shown back joined the same way."""

    def __init__(self, *, one_per_line: bool = False, max_chars: int = 1000, **kwargs: Any) -> None:
        self.one_per_line = one_per_line
        self.max_chars = max_chars
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        if len(text) > self.max_chars:
            name = field_name_in_errors(str(self.label))
            raise forms.ValidationError(f"{name} must be {self.max_chars} characters or fewer")
        items = split_lines(text) if self.one_per_line else split_list(text)
        if any(len(item) > 200 for item in items):
            raise forms.ValidationError("Each entry must be 200 characters or fewer")
        return items

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ("\n" if self.one_per_line else ", ").join(str(item) for item in value)
        return value


def name_fields() -> tuple[forms.CharField, forms.CharField, ListField, ListField]:
    """A person's name in parts, as the redaction check needs it: first names and last name (at least one:
    `check_name`), the names they are known by and the initials the family uses. For the subject, family
    member and practitioner forms (the last takes the first two)."""
    return (
        forms.CharField(
            label="First names",
            max_length=200,
            required=False,
            help_text="Enter their first names, their last name or both",
            widget=forms.TextInput(attrs=NOT_MINE),
        ),
        forms.CharField(
            label="Last name", max_length=200, required=False, widget=forms.TextInput(attrs=NOT_MINE)
        ),
        ListField(
            label="Known as (optional)",
            help_text="Nicknames or other names they use or have used, separated by commas, for example "
            "Jay, JJ",
            widget=forms.TextInput(attrs=NOT_MINE),
        ),
        ListField(
            label="Initials the family uses (optional)",
            help_text="Only if the family or agencies write them, separated by commas, for example JS, J.S.",
            widget=forms.TextInput(attrs={"width_class": "govuk-input--width-20"} | NOT_MINE),
        ),
    )


def address_fields() -> tuple[forms.CharField, forms.CharField, forms.CharField]:
    """A UK address: line 1, town or city, postcode (`clean_postcode` normalises and checks it)."""
    return (
        forms.CharField(
            label="Address line 1 (optional)",
            max_length=300,
            required=False,
            help_text="The house number or building and the street, for example 14 Acacia Avenue",
            widget=forms.TextInput(attrs=NOT_MINE),
        ),
        forms.CharField(
            label="Town or city (optional)",
            max_length=100,
            required=False,
            widget=forms.TextInput(attrs={"width_class": "govuk-!-width-two-thirds"} | NOT_MINE),
        ),
        forms.CharField(
            label="Postcode (optional)",
            max_length=10,
            required=False,
            widget=forms.TextInput(attrs={"width_class": "govuk-input--width-10"} | NOT_MINE),
        ),
    )


def check_name(form: forms.Form, data: dict[str, Any]) -> None:
    """A field error on "First names" when neither part of the name is given."""
    if "first_names" in form.fields:
        add_rule_errors(form, name_errors(data.get("first_names", ""), data.get("last_name", "")))


def clean_postcode(form: forms.Form) -> str:
    """The typed postcode normalised ("sw1a1aa" is saved as "SW1A 1AA"); a field error if it is not shaped
    like a UK postcode."""
    text = form.cleaned_data.get("postcode", "")
    error = postcode_error(text)
    if error is not None:
        raise forms.ValidationError(error)
    return normalise_postcode(text) or ""


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
    first_names, last_name, known_as, initials = name_fields()
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
    address_line_1, town, postcode = address_fields()
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        max_length=20,
        required=False,
        help_text="10 digits, for example 943 476 5919",
        widget=forms.TextInput(attrs={"width_class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    schools = ListField(
        label="Schools or early years settings (optional)",
        one_per_line=True,
        help_text="Each on its own line, by its full name, for example St Mary's Church of England Primary "
        "School. Include earlier ones",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    school_short_names = ListField(
        label="Short forms of the school names (optional)",
        help_text="Names people also write for them, separated by commas, for example St Mary's, SMPS",
    )
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

    def clean_postcode(self) -> str:
        return clean_postcode(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_name(self, data)
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
