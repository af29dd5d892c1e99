"""Input shapes for the referral form, one per section. Rules that need the database are in services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import GovukDateField, VersionField, set_choices
from safeguarding_reviews.documents.forms import DocumentField

from .models import AbuseOrNeglect, Channel, Criterion, MediaInterest, ParallelProcess, YesNo

NAMES_HINT = (
    "Refer to people by their relationship (the child, the mother): their names go in the children and "
    "household sections, which are kept apart."
)


def _text(
    label: str, required_message: str, *, max_length: int = 10000, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        max_length=max_length,
        help_text=help_text,
        error_messages={"required": required_message},
    )


class SectionForm(forms.Form):
    version = VersionField()

    def values(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class ReferrerForm(SectionForm):
    referrer_name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    referrer_role = forms.CharField(
        label="Your role", max_length=200, error_messages={"required": "Enter your role"}
    )
    referrer_phone = forms.CharField(
        label="Phone number",
        max_length=40,
        widget=forms.TextInput(attrs={"width_class": "govuk-input--width-20", "autocomplete": "tel"}),
        error_messages={"required": "Enter a phone number"},
    )
    referrer_email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def clean_referrer_phone(self) -> str:
        phone = self.cleaned_data["referrer_phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if len(digits) < 10 or any(c not in "0123456789 +()-" for c in phone):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or +44 7700 900 982")
        return phone


class LeadForm(SectionForm):
    lead_agreed = forms.ChoiceField(
        label="Has your agency's safeguarding lead agreed to this referral?",
        choices=YesNo.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if your safeguarding lead has agreed to this referral"},
    )
    lead_name = forms.CharField(
        label="Safeguarding lead's name",
        max_length=200,
        required=False,
        help_text="Needed if they have agreed",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("lead_agreed") == YesNo.YES and not data.get("lead_name", "").strip():
            self.add_error("lead_name", "Enter the name of the safeguarding lead who agreed")
        return data


class IncidentForm(SectionForm):
    incident_date = GovukDateField(
        label="Date of the incident",
    )
    aware_date = GovukDateField(
        label="Date your agency became aware of it",
        error_messages={
            "required": "Enter the date your agency became aware of the incident",
        },
    )
    what_happened = _text("What happened", "Enter what happened", help_text=NAMES_HINT)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = clock.today()
        incident, aware = data.get("incident_date"), data.get("aware_date")
        if incident and incident > today:
            self.add_error("incident_date", "The date of the incident must be today or in the past")
        if aware and aware > today:
            self.add_error("aware_date", "The date your agency became aware must be today or in the past")
        if incident and aware and aware < incident:
            self.add_error("aware_date", "The date your agency became aware cannot be before the incident")
        return data


class AbuseForm(SectionForm):
    abuse_or_neglect = forms.ChoiceField(
        label="Is abuse or neglect known or suspected?",
        choices=AbuseOrNeglect.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether abuse or neglect is known or suspected"},
    )
    abuse_or_neglect_reason = _text(
        "Why do you think so?", "Enter why you think abuse or neglect is, or is not, known or suspected"
    )


class AgenciesForm(SectionForm):
    agencies_involved = forms.TypedMultipleChoiceField(
        label="Agencies involved with the child or family",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    agencies_other = forms.CharField(
        label="Other agencies (optional)",
        widget=forms.Textarea,
        max_length=2000,
        required=False,
        help_text="Agencies not in the list, for example a school or a service in another area",
    )

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "agencies_involved", agencies)


class ActionsForm(SectionForm):
    immediate_actions = _text(
        "What immediate safeguarding actions have been taken?",
        "Enter the immediate safeguarding actions taken, or say that none have been",
        help_text="For example, siblings' safety checked, strategy discussion held. " + NAMES_HINT,
    )


class ParallelForm(SectionForm):
    parallel_processes = forms.MultipleChoiceField(
        label="Are any of these under way or expected?",
        choices=ParallelProcess.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Leave all unticked if none.",
    )
    parallel_details = forms.CharField(
        label="Details (optional)",
        widget=forms.Textarea,
        max_length=2000,
        required=False,
        help_text="For example the investigating officer's team, or what the other process is",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if ParallelProcess.OTHER in data.get("parallel_processes", []) and not data.get("parallel_details"):
            self.add_error("parallel_details", "Enter what the other process is")
        return data


class MediaForm(SectionForm):
    media_interest = forms.ChoiceField(
        label="Is there media interest in the incident?",
        choices=MediaInterest.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether there is media interest"},
    )
    media_details = forms.CharField(
        label="Details (optional)", widget=forms.Textarea, max_length=2000, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("media_interest") == MediaInterest.YES and not data.get("media_details"):
            self.add_error("media_details", "Enter details of the media interest")
        return data


class CriteriaForm(SectionForm):
    criteria = forms.MultipleChoiceField(
        label="Which criteria do you believe are met?",
        choices=Criterion.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Abuse or neglect must be known or suspected for the first two. Select all that apply.",
        error_messages={"required": "Select the criteria you believe are met, or select Not sure"},
    )


class ContinueForm(SectionForm):
    """Children, household and attachments: the page lists what is there; continuing marks it done."""


class AttachmentForm(forms.Form):
    file = DocumentField(label="Upload a file")


SECTION_FORMS: dict[str, type[SectionForm]] = {
    "referrer": ReferrerForm,
    "safeguarding-lead": LeadForm,
    "incident": IncidentForm,
    "abuse-or-neglect": AbuseForm,
    "agencies": AgenciesForm,
    "actions": ActionsForm,
    "parallel-processes": ParallelForm,
    "media": MediaForm,
    "criteria": CriteriaForm,
}


class StartForm(forms.Form):
    agency = forms.TypedChoiceField(
        label="Which agency are you referring for?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the agency you are referring for"},
    )

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "agency", agencies)
        if len(agencies) == 1:  # nothing to choose: the one agency is used
            self.fields["agency"].required = False
            self.fields["agency"].widget = forms.HiddenInput()

    def clean_agency(self) -> int:
        value = self.cleaned_data.get("agency")
        if value in (None, ""):
            choices = self.fields["agency"].choices  # type: ignore[attr-defined]
            if len(choices) == 1:
                return choices[0][0]
            raise forms.ValidationError("Select the agency you are referring for")
        return value


def _time(value: str) -> dt.time | None:
    try:
        return dt.datetime.strptime(value.strip().lower().replace(".", ":"), "%H:%M").time()  # noqa: DTZ007
    except ValueError:
        return None


class ReceivedAtForm(forms.Form):
    received_on = GovukDateField(
        label="Date received",
        error_messages={
            "required": "Enter the date it was received",
        },
    )
    received_time = forms.CharField(
        label="Time received",
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30",
        widget=forms.TextInput(attrs={"width_class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the time it was received, for example 14:30"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, raw_time = data.get("received_on"), data.get("received_time")
        if raw_time and (parsed := _time(raw_time)) is None:
            self.add_error("received_time", "Enter a real time on the 24-hour clock, for example 14:30")
        elif day and raw_time and parsed is not None:
            received_at = dt.datetime.combine(day, parsed, tzinfo=clock.LONDON)
            if received_at > clock.now():
                self.add_error("received_on", "The date and time received must be in the past")
            data["received_at"] = received_at
        return data


class RecordForm(ReceivedAtForm):
    agency = forms.TypedChoiceField(
        label="Agency that made the referral", coerce=int, error_messages={"required": "Select the agency"}
    )
    channel = forms.ChoiceField(
        label="How was it received?",
        choices=[(Channel.PHONE, "Phone"), (Channel.EMAIL, "Email")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the referral was received"},
    )

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "agency", [("", "Choose an agency"), *agencies])
        self.order_fields(["agency", "channel", "received_on", "received_time"])


class SubmitForm(forms.Form):
    version = VersionField(required=False)
