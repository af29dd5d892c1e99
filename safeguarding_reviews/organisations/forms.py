"""Input shapes for the people, agency and platform pages. Business rules are in services."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation

from safeguarding_reviews.core.forms import VersionField, set_choices

from .models import Agency, AgencyType
from .roles import AGENCY_ROLES, Role

ROLES_HINT = "Agency representative and agency author act for the agency chosen below."


def _agency_choices(agencies: list[Agency]) -> list[tuple[str, str]]:
    return [("", "No agency"), *((str(a.pk), a.name) for a in agencies)]


class RolesFieldsMixin(forms.Form):
    """Roles as checkboxes plus the agency the agency roles act for."""

    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=ROLES_HINT,
        error_messages={
            "required": "Select at least one role",
            "invalid_choice": "Select roles from the list",
        },
    )
    agency = forms.TypedChoiceField(
        label="Agency",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Needed for agency representative and agency author.",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._agencies = {a.pk: a for a in agencies}
        set_choices(self, "agency", _agency_choices(agencies))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        roles = set(data.get("roles") or [])
        if roles & AGENCY_ROLES and data.get("agency") is None and "agency" not in self.errors:
            self.add_error("agency", "Select the agency the agency roles act for")
        return data

    @property
    def agency_object(self) -> Agency | None:
        agency_id = self.cleaned_data.get("agency")
        return self._agencies.get(agency_id) if agency_id is not None else None


class InviteForm(RolesFieldsMixin):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the person's full name"}
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="Their work email address. The invitation link is sent here.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )

    field_order = ["full_name", "email", "roles", "agency"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class RolesForm(RolesFieldsMixin):
    version = VersionField()


class AgencyForm(forms.Form):
    name = forms.CharField(
        label="Agency name", max_length=200, error_messages={"required": "Enter the agency's name"}
    )
    agency_type = forms.ChoiceField(
        label="Type of agency",
        choices=[("", "Choose a type"), *AgencyType.choices],
        error_messages={
            "required": "Select the type of agency",
            "invalid_choice": "Select the type of agency",
        },
    )
    safeguarding_lead_email = forms.EmailField(
        label="Safeguarding lead's email address (optional)",
        help_text="A shared mailbox is best. Told when the agency's rapid review return is overdue.",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )


class AcceptNewAccountForm(forms.Form):
    """A new person sets their name and password. Django's password validators apply."""

    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A few unrelated words together work well.",
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Confirm your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._email = email
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"

    def clean(self) -> dict[str, Any]:
        from django.contrib.auth import get_user_model

        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The passwords do not match")
        elif p1:
            probe = get_user_model()(email=self._email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, user=probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class PartnershipCreateForm(forms.Form):
    name = forms.CharField(
        label="Partnership name",
        max_length=200,
        help_text="For example, Northbridge Safeguarding Children Partnership",
        error_messages={"required": "Enter the partnership's name"},
    )
    slug = forms.CharField(
        label="Short web address name",
        max_length=60,
        help_text="Lower-case letters, numbers and hyphens, for example northbridge",
        error_messages={"required": "Enter a short web address name"},
    )
    local_authority_name = forms.CharField(
        label="Local authority",
        max_length=200,
        error_messages={"required": "Enter the local authority's name"},
    )
    case_reference_prefix = forms.CharField(
        label="Case reference prefix",
        max_length=10,
        help_text="2 to 10 capital letters, for example NSCP",
        error_messages={"required": "Enter a case reference prefix"},
    )
    manager_name = forms.CharField(
        label="First business manager's full name",
        max_length=200,
        error_messages={"required": "Enter the business manager's full name"},
    )
    manager_email = forms.EmailField(
        label="First business manager's email address",
        max_length=254,
        help_text="They are sent an invitation and then invite everyone else.",
        error_messages={
            "required": "Enter the business manager's email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip().lower()
        if not SLUG_RE.match(slug):
            raise forms.ValidationError("Use only lower-case letters, numbers and hyphens")
        return slug

    def clean_case_reference_prefix(self) -> str:
        prefix = self.cleaned_data["case_reference_prefix"].strip().upper()
        if not re.fullmatch(r"[A-Z]{2,10}", prefix):
            raise forms.ValidationError("Use 2 to 10 letters, for example NSCP")
        return prefix


class AccountSearchForm(forms.Form):
    q = forms.CharField(label="Search by email address", max_length=254, required=False)
