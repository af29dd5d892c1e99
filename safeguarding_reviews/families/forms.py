"""Input shapes for the family's involvement (GOV.UK fields through the project's form renderer). Free-text
fields say to use relationships and roles, never names: only the identity fields hold names."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core import clock
from safeguarding_reviews.core.dates import DATE_HINT
from safeguarding_reviews.core.forms import (
    GovukDateField,
    VersionField,
    add_rule_errors,
    radios,
    set_choices,
)
from safeguarding_reviews.subjects.forms import address_fields, check_name, clean_postcode, name_fields

from . import rules
from .models import ApproachMethod, ContactKind, ContactMethod, ContactResult, DraftResponse, ExplainedHow
from .services import IDENTITY_FIELDS

OTHER = "other"
NO_NAMES = "Use relationships and roles, never names."


def _text(label: str, *, help_text: str = NO_NAMES, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=required,
        help_text=help_text,
        **kwargs,
    )


IDENTITY_HELP = "Kept with the identity details: only people who may see identity details see it."


class IdentityFields(forms.Form):
    """An added member's name and address in parts (subjects.forms), for those who may see identity
    details."""

    first_names, last_name, known_as, initials = name_fields()
    address_line_1, town, postcode = address_fields()

    def clean_postcode(self) -> str:
        return clean_postcode(self)

    def identity_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in IDENTITY_FIELDS}


class MemberForm(IdentityFields):
    subject = radios("Who is it?", [], "Select who the family member is")
    relationship = forms.CharField(
        label="Relationship to the child (if someone else)",
        max_length=100,
        required=False,
        help_text="For example grandparent, aunt, father's partner",
    )
    is_child = forms.BooleanField(label="They are a child (under 18)", required=False)
    age_years = forms.IntegerField(
        label="Age in years (for a child)", min_value=0, max_value=17, required=False
    )
    field_order = ["subject", "relationship", "is_child", "age_years", *IDENTITY_FIELDS]

    def __init__(self, *args: Any, subjects: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "subject", [*[(str(pk), label) for pk, label in subjects], (OTHER, "Someone else")])
        self.fields["first_names"].label = "First names (if someone else)"
        self.fields["first_names"].help_text = f"Their first names, their last name or both. {IDENTITY_HELP}"
        self.fields["last_name"].label = "Last name (if someone else)"
        self.fields[
            "address_line_1"
        ].help_text = "Kept with the identity details, for the information letter."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("subject") == OTHER:
            if not (data.get("relationship") or "").strip() and "relationship" not in self.errors:
                self.add_error("relationship", "Enter their relationship to the child")
            check_name(self, data)
            if data.get("age_years") is not None and not data.get("is_child"):
                self.add_error("age_years", "Enter an age only for a child")
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        if data["subject"] != OTHER:
            return {"subject_id": int(data["subject"])}
        return {
            "relationship": data["relationship"],
            "is_child": bool(data.get("is_child")),
            "age_years": data.get("age_years"),
            "identity": self.identity_values(),
        }


class MemberEditForm(IdentityFields):
    """An added member's details. The name and address fields only for those who may see identity details
    (`with_identity`): without it the form has no such fields and never sends them."""

    relationship = forms.CharField(
        label="Relationship to the child",
        max_length=100,
        help_text="For example grandparent, aunt, father's partner",
        error_messages={"required": "Enter their relationship to the child"},
    )
    is_child = forms.BooleanField(label="They are a child (under 18)", required=False)
    age_years = forms.IntegerField(
        label="Age in years (for a child)", min_value=0, max_value=17, required=False
    )
    version = VersionField()
    field_order = ["relationship", "is_child", "age_years", *IDENTITY_FIELDS]

    def __init__(self, *args: Any, with_identity: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_identity:
            for name in IDENTITY_FIELDS:
                del self.fields[name]
        else:
            self.fields[
                "first_names"
            ].help_text = f"Their first names, their last name or both. {IDENTITY_HELP}"
            self.fields[
                "address_line_1"
            ].help_text = "Kept with the identity details, for the information letter."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        errors = rules.member_errors(
            relationship=data.get("relationship", ""),
            is_child=bool(data.get("is_child")),
            age_years=data.get("age_years"),
            identity=None,
        )
        add_rule_errors(self, errors)
        check_name(self, data)
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            "relationship": data["relationship"],
            "is_child": bool(data.get("is_child")),
            "age_years": data.get("age_years"),
        }
        if "first_names" in self.fields:
            values["identity"] = self.identity_values()
        return values


class MemberRemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why are you removing this family member?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example, recorded in error or recorded twice. " + NO_NAMES,
        error_messages={"required": "Enter why you are removing this family member"},
    )
    version = VersionField()


class ApproachForm(forms.Form):
    approach = radios(
        "Will the review approach them?",
        [("yes", "Yes, approach them"), ("no", "No, do not approach them")],
        "Select whether to approach them",
    )
    approach_method = radios(
        "How will they be approached? (if approaching)",
        ApproachMethod.choices,
        "Select how they will be approached",
        required=False,
    )
    approach_reason = _text(
        "Reasons",
        help_text="Required when not approaching them, for example a criminal trial. " + NO_NAMES,
    )
    agreed_with = forms.CharField(
        label="Agreed with (optional)",
        max_length=200,
        required=False,
        help_text="By role, for example the senior investigating officer, police",
    )
    decided_on = GovukDateField(
        label="Date decided (optional)", required=False, help_text=f"Leave blank for today. {DATE_HINT}"
    )
    child_wishes = _text(
        "The child's wishes about taking part", help_text="Or why they could not be known. " + NO_NAMES
    )
    child_adaptation = _text(
        "How their involvement is adapted to their age and understanding",
        help_text="For example through a trusted adult, or with their social worker present. " + NO_NAMES,
    )
    version = VersionField()

    def __init__(self, *args: Any, is_child: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_child = is_child
        if not is_child:
            del self.fields["child_wishes"]
            del self.fields["child_adaptation"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_rule_errors(
            self,
            rules.approach_errors(
                approach=data.get("approach", ""),
                method=data.get("approach_method", ""),
                reason=data.get("approach_reason", ""),
                decided_on=data.get("decided_on"),
                is_child=self.is_child,
                wishes=data.get("child_wishes", ""),
                adaptation=data.get("child_adaptation", ""),
                today=clock.today(),
            )
            if "approach" in data
            else {},
        )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "approach": data["approach"],
            "approach_method": data.get("approach_method", ""),
            "approach_reason": data.get("approach_reason", ""),
            "agreed_with": data.get("agreed_with", ""),
            "decided_on": data.get("decided_on"),
            "child_wishes": data.get("child_wishes", ""),
            "child_adaptation": data.get("child_adaptation", ""),
        }


class ContactForm(forms.Form):
    kind = radios("Contact attempt or meeting?", ContactKind.choices, "Select a contact attempt or a meeting")
    on = GovukDateField(label="Date", error_name="The date")
    method = radios("Method", ContactMethod.choices, "Select the method")
    result = radios("Result", ContactResult.choices, "Select the result")
    attended_by = forms.CharField(
        label="Who attended (for a meeting)",
        max_length=300,
        required=False,
        help_text="By role, for example mother, independent reviewer, advocate",
    )
    place = forms.CharField(
        label="Where (for a meeting, optional)",
        max_length=200,
        required=False,
        help_text="For example the family home, a community centre",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_rule_errors(
            self,
            rules.contact_errors(
                kind=data.get("kind", ""),
                on=data.get("on"),
                result=data.get("result", ""),
                attended_by=data.get("attended_by", ""),
                today=clock.today(),
            ),
        )
        return data


class ExpectationsForm(forms.Form):
    expectations_on = GovukDateField(
        label="Date the expectations were explained", error_name="The date explained"
    )
    expectations_how = radios(
        "How were they explained?", ExplainedHow.choices, "Select how they were explained"
    )
    version = VersionField()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_rule_errors(
            self, rules.expectations_errors(explained_on=data.get("expectations_on"), today=clock.today())
        )
        return data


class ViewsForm(forms.Form):
    views_used = _text(
        "How their views were used in the report",
        required=True,
        help_text="As the report says it, with pseudonyms. " + NO_NAMES,
        error_messages={"required": "Enter how their views were used in the report"},
    )
    version = VersionField()


class DraftForm(forms.Form):
    draft_shared_on = GovukDateField(
        label="Date the draft was shared with them", error_name="The date shared"
    )
    draft = forms.TypedChoiceField(
        label="Which version of the draft (optional)",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Select a version of the draft from the list"},
    )
    draft_response = radios("Their response", DraftResponse.choices, "Select their response")
    draft_response_on = GovukDateField(
        label="Date of their response (optional)", error_name="The date of their response", required=False
    )
    version = VersionField()

    def __init__(self, *args: Any, drafts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "draft", [("", "Not recorded"), *drafts])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_rule_errors(
            self,
            rules.draft_errors(
                shared_on=data.get("draft_shared_on"),
                response=data.get("draft_response", ""),
                response_on=data.get("draft_response_on"),
                today=clock.today(),
            ),
        )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "draft_shared_on": data["draft_shared_on"],
            "draft_id": data.get("draft"),
            "draft_response": data["draft_response"],
            "draft_response_on": data.get("draft_response_on"),
        }
