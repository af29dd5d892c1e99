"""Input shapes for case pages. Business rules are in services; forms only check shape."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import GovukDateField, VersionField, set_choices

from .models import CaseCapacity


class CaseDetailsForm(forms.Form):
    pseudonym = forms.CharField(
        label="Pseudonym",
        max_length=60,
        help_text=(
            'The name every screen and document uses, for example "Child N". Never the child\'s real name.'
        ),
        error_messages={"required": "Enter a pseudonym, for example Child N"},
    )
    incident_date = GovukDateField(label="Date of the incident", required=False)
    referral_received_on = GovukDateField(label="Date the partnership received the referral", required=False)
    summary = forms.CharField(
        label="Working summary",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text="Use the pseudonym. Do not include names, addresses or dates of birth.",
    )
    is_restricted = forms.BooleanField(
        label="Restrict this case",
        required=False,
        help_text="Only people named on the case and the business manager will see it.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = clock.today()
        incident, received = data.get("incident_date"), data.get("referral_received_on")
        if incident and incident > today:
            self.add_error("incident_date", "The date of the incident must be today or in the past")
        if received and received > today:
            self.add_error(
                "referral_received_on", "The date the referral was received must be today or in the past"
            )
        if incident and received and received < incident:
            self.add_error("referral_received_on", "The referral cannot be received before the incident")
        return data


class CaseCreateForm(CaseDetailsForm):
    partnership = forms.TypedChoiceField(
        label="Lead partnership", coerce=int, error_messages={"required": "Select the lead partnership"}
    )

    def __init__(self, *args: Any, partnerships: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "partnership", partnerships)
        if len(partnerships) == 1:
            self.fields["partnership"].initial = partnerships[0][0]
        self.order_fields(["partnership"])


class CaseEditForm(CaseDetailsForm):
    version = VersionField()


class CaseMemberAddForm(forms.Form):
    user = forms.TypedChoiceField(label="Person", coerce=int, error_messages={"required": "Select a person"})
    capacity = forms.ChoiceField(
        label="What they do on this case",
        # An independent reviewer is appointed (reviewers app), never named here: the appointment carries the
        # independence declaration the business manager must accept first.
        choices=[c for c in CaseCapacity.choices if c[0] != CaseCapacity.INDEPENDENT_REVIEWER],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what they do on this case"},
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "user", [("", "Choose a person"), *people])


class CaseShareForm(forms.Form):
    partnership = forms.TypedChoiceField(
        label="Partnership to share with", coerce=int, error_messages={"required": "Select a partnership"}
    )
    reason = forms.CharField(
        label="Why the case is shared",
        widget=forms.Textarea,
        max_length=2000,
        help_text="For example, the child normally lived in their area.",
        error_messages={"required": "Enter why the case is shared"},
    )

    def __init__(self, *args: Any, partnerships: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "partnership", [("", "Choose a partnership"), *partnerships])
