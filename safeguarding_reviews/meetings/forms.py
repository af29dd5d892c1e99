"""Input shapes for the meetings pages. Business rules come back from services as ValidationError."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import GovukDateField, VersionField, set_choices

from .models import MeetingState

NO_NAMES = "Use the pseudonym and practitioners' roles; no names or addresses."


class _MeetingFields(forms.Form):
    held_on = GovukDateField(
        label="Date of the meeting",
    )
    starts_at = forms.TimeField(
        label="Start time (optional)",
        required=False,
        help_text="For example, 14:30",
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"invalid": "Enter a time like 14:30"},
    )
    notes = forms.CharField(
        label="Notes (optional)", widget=forms.Textarea, required=False, max_length=20_000, help_text=NO_NAMES
    )


class MeetingForm(_MeetingFields):
    state = forms.ChoiceField(
        label="Has the meeting taken place?",
        choices=[
            (MeetingState.PLANNED, "No, it is planned: I will add who is invited"),
            (MeetingState.HELD, "Yes, it has been held: I will add who attended"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the meeting is planned or has been held"},
    )
    field_order = ["state", "held_on", "starts_at", "notes"]


class MeetingEditForm(_MeetingFields):
    version = VersionField()


class MeetingHeldForm(forms.Form):
    """Record a planned meeting as held: the date it took place and which invitees attended."""

    version = VersionField()
    held_on = GovukDateField(
        label="Date the meeting was held",
    )
    starts_at = forms.TimeField(
        label="Start time (optional)",
        required=False,
        help_text="For example, 14:30",
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"invalid": "Enter a time like 14:30"},
    )
    attended = forms.TypedMultipleChoiceField(
        label="Who attended",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select each invitee who attended. You can add other attendees afterwards.",
        error_messages={"invalid_choice": "Select invitees of this meeting"},
    )

    def __init__(self, *args: Any, invitees: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "attended", invitees)


class _AgencyChoiceForm(forms.Form):
    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.TypedChoiceField):
                set_choices(self, name, [("", "Select an agency"), *agencies])


class AttendeeForm(_AgencyChoiceForm):
    agency = forms.TypedChoiceField(
        label="Agency", coerce=int, error_messages={"required": "Select the agency"}
    )
    role = forms.CharField(
        label="Role",
        max_length=200,
        help_text="The attendee's role, not their name, for example Designated nurse",
        error_messages={"required": "Enter the attendee's role"},
    )


class InviteeForm(AttendeeForm):
    role = forms.CharField(
        label="Role",
        max_length=200,
        help_text="The invitee's role, not their name, for example Designated nurse",
        error_messages={"required": "Enter the invitee's role"},
    )


class ActionForm(_AgencyChoiceForm):
    description = forms.CharField(
        label="Action agreed",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        help_text=NO_NAMES,
        error_messages={"required": "Enter the action agreed"},
    )
    owner_role = forms.CharField(
        label="Owner's role (optional)",
        max_length=200,
        required=False,
        help_text="The role that owns the action in the agency, not a name, for example Head of service",
    )
    owner_agency = forms.TypedChoiceField(
        label="Agency that owns the action",
        coerce=int,
        error_messages={"required": "Select the agency that owns it"},
    )
    due_on = GovukDateField(
        label="Due date",
    )


class RemoveAttendeeForm(forms.Form):
    attendee_id = forms.IntegerField(widget=forms.HiddenInput)


class RemoveInviteeForm(forms.Form):
    invitee_id = forms.IntegerField(widget=forms.HiddenInput)
