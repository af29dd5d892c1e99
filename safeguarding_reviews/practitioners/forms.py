"""Input shapes for the practitioners register (GOV.UK fields through the project's form renderer)."""

from __future__ import annotations

import datetime as dt
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
from safeguarding_reviews.subjects.forms import check_name, name_fields

from . import rules
from .models import (
    Attendance,
    ContactMethod,
    DraftComment,
    InvitationKind,
    InvitationResponse,
    StatementGivenBy,
)


class PractitionerForm(forms.Form):
    agency = forms.TypedChoiceField(
        label="Agency",
        coerce=int,
        error_messages={"required": "Select the agency", "invalid_choice": "Select an agency from the list"},
    )
    role = forms.CharField(
        label="Role or job title",
        max_length=200,
        help_text="For example health visitor, social worker, police constable, class teacher",
        error_messages={"required": "Enter their role or job title"},
    )
    team = forms.CharField(
        label="Team or service (optional)",
        max_length=200,
        required=False,
        help_text="For example 0 to 19 health visiting team, East locality",
    )
    involved_from = GovukDateField(label="Involved from (optional)", required=False)
    involved_to = GovukDateField(
        label="Involved until (optional)",
        required=False,
        help_text=f"Leave blank if they are still involved. {DATE_HINT}",
    )
    first_names, last_name = name_fields()[:2]
    work_email = forms.EmailField(
        label="Work email (optional)",
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter a work email address in the correct format, like name@example.org"},
    )

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "agency", [("", "Select an agency"), *agencies])
        self.fields["first_names"].help_text = (
            "Enter their first names, their last name or both. Kept with the identity details: only people "
            "who may see identity details see them. Never write them in the review's text."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_name(self, data)
        for name, message in rules.involvement_errors(
            data.get("involved_from"), data.get("involved_to"), today=clock.today()
        ).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def practitioner_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "agency_id": data["agency"],
            "role": data["role"],
            "team": data.get("team", ""),
            "involved_from": data.get("involved_from"),
            "involved_to": data.get("involved_to"),
        }

    def identity_values(self) -> dict[str, Any]:
        return {
            "first_names": self.cleaned_data["first_names"],
            "last_name": self.cleaned_data["last_name"],
            "work_email": self.cleaned_data.get("work_email", ""),
        }


class PractitionerEditForm(PractitionerForm):
    version = VersionField()


class PractitionerRemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why are you removing this practitioner?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example, recorded in error, or not involved with the family in the scope period",
        error_messages={"required": "Enter why you are removing this practitioner"},
    )
    version = VersionField()


def initial_for(practitioner: Any, identity: Any) -> dict[str, Any]:
    initial = {
        "agency": practitioner.agency_id,
        "role": practitioner.role,
        "team": practitioner.team,
        "involved_from": practitioner.involved_from,
        "involved_to": practitioner.involved_to,
        "version": practitioner.version,
    }
    if identity is not None:
        initial |= {
            "first_names": identity.first_names,
            "last_name": identity.last_name,
            "work_email": identity.work_email,
        }
    return initial


# Issue 14, item 1: involvement. No free text: dates and choices only, so no name can be typed into them.


class InvitationForm(forms.Form):
    kind = radios("What are they invited to?", InvitationKind.choices, "Select what they are invited to")
    invited_on = GovukDateField(label="Date invited")
    method = radios("How were they invited?", ContactMethod.choices, "Select how they were invited")
    event_on = GovukDateField(
        label="Date of the conversation or event (optional)",
        error_name="The date of the conversation or event",
        required=False,
        help_text=f"Leave blank if it is not arranged yet. {DATE_HINT}",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_rule_errors(
            self,
            rules.invitation_errors(
                invited_on=data.get("invited_on"),
                event_on=data.get("event_on"),
                response=InvitationResponse.AWAITING,
                attended=Attendance.NOT_YET,
                today=clock.today(),
            ),
        )
        return data


class InvitationResponseForm(forms.Form):
    response = radios("Their reply", InvitationResponse.choices, "Select their reply")
    event_on = GovukDateField(
        label="Date of the conversation or event (optional)",
        error_name="The date of the conversation or event",
        required=False,
        help_text=f"Needed to record attendance. {DATE_HINT}",
    )
    attended = radios("Did they attend?", Attendance.choices, "Select whether they attended")
    version = VersionField()

    def __init__(self, *args: Any, invited_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invited_on = invited_on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_rule_errors(
            self,
            rules.invitation_errors(
                invited_on=self.invited_on,
                event_on=data.get("event_on"),
                response=data.get("response", ""),
                attended=data.get("attended", ""),
                today=clock.today(),
            ),
        )
        return data


class StatementForm(forms.Form):
    given_on = GovukDateField(label="Date given")
    method = radios("How was it given?", ContactMethod.choices, "Select how it was given")
    given_by = radios("Who gave it?", StatementGivenBy.choices, "Select who gave it")
    version = VersionField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_rule_errors(self, rules.statement_errors(given_on=data.get("given_on"), today=clock.today()))
        return data


class DraftForm(forms.Form):
    shared_on = GovukDateField(label="Date the draft was shared with them")
    draft_id = forms.TypedChoiceField(
        label="Which version did they see? (optional)",
        help_text="The versions uploaded on the drafts of the report page",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Select a version from the list"},
    )
    commented = radios(
        "Did they comment on the draft?", DraftComment.choices, "Select whether they commented"
    )
    commented_on = GovukDateField(
        label="Date of their comments (optional)",
        error_name="The date of their comments",
        required=False,
    )
    version = VersionField(required=False)

    def __init__(self, *args: Any, versions: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "draft_id", [("", "Not recorded"), *(versions or [])])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_rule_errors(
            self,
            rules.draft_errors(
                shared_on=data.get("shared_on"),
                commented=data.get("commented", ""),
                commented_on=data.get("commented_on"),
                today=clock.today(),
            ),
        )
        return data
