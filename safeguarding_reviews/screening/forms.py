"""Input shapes for screening pages. The rules (who, when, consistency) are in services."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest

from safeguarding_reviews.cases.forms import GovukDateField
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.forms import VersionField, rebind_after_conflict, set_choices

from .criteria import OTHER_CATEGORIES, S16C_CRITERIA, Answer, LearningRoute, Outcome

FormT = TypeVar("FormT", bound=forms.Form)

NOTE_HINT = "Use the pseudonym; no names or addresses."


class AwarenessForm(forms.Form):
    la_became_aware_on = GovukDateField(
        label="Date the local authority became aware of the incident",
        help_text="The 5-working-day clocks for notifying the Panel and telling local partners run from this "
        "date. For example, 27/3/2026",
        error_messages={
            "required": "Enter the date the local authority became aware",
            "invalid": "Enter a real date, for example 27/3/2026",
        },
    )
    version = VersionField()

    def __init__(self, *args: Any, incident_date: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.incident_date = incident_date

    def clean_la_became_aware_on(self) -> dt.date:
        value = self.cleaned_data["la_became_aware_on"]
        if value > clock.today():
            raise forms.ValidationError("The date must be today or in the past")
        if self.incident_date and value < self.incident_date:
            raise forms.ValidationError(
                "The local authority cannot become aware before the date of the incident"
            )
        return value


def _answer_field(question: str, prefix: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=f"{prefix}{question}",
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes, no or not known"},
    )


# Each note names its question, so a screen-reader user hears which answer the note belongs to.
NOTE_TOPICS = {
    "abuse_or_neglect": "abuse or neglect",
    "death_or_serious_harm": "death or serious harm",
    "in_area": "where it happened",
    "looked_after_child_death": "death of a looked-after child",
    "care_leaver_death": "death of a care leaver",
}


def _note_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea, required=False, max_length=2000, help_text=NOTE_HINT
    )


class ChecklistForm(forms.Form):
    """The criteria checklist: s16C(1)(a)/(b), the other notifiable categories, and where the child lived."""

    lived_elsewhere = forms.BooleanField(
        label="The child lived in another local authority's area",
        required=False,
        help_text="Record the other local authority and its safeguarding partnership below.",
    )
    other_local_authority = forms.CharField(label="Other local authority", required=False, max_length=200)
    other_partnership = forms.TypedChoiceField(
        label="Other partnership", coerce=int, required=False, empty_value=None
    )
    other_partnership_name = forms.CharField(
        label="Other partnership, if it is not in the list",
        required=False,
        max_length=200,
    )
    version = VersionField()

    def __init__(self, *args: Any, partnerships: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, question in S16C_CRITERIA:
            self.fields[name] = _answer_field(question, "s16C: ")
            self.fields[f"{name}_note"] = _note_field(f"Note on: {NOTE_TOPICS[name]} (optional)")
        for name, question in OTHER_CATEGORIES:
            self.fields[name] = _answer_field(question, "Other notifiable category: ")
            self.fields[f"{name}_note"] = _note_field(f"Note on: {NOTE_TOPICS[name]} (optional)")
        set_choices(self, "other_partnership", [("", "Choose a partnership"), *partnerships])
        order = [n for name, _ in S16C_CRITERIA + OTHER_CATEGORIES for n in (name, f"{name}_note")]
        self.order_fields([*order, "lived_elsewhere", "other_local_authority", "other_partnership"])


class DecisionForm(forms.Form):
    # The learning route is asked only under "does not meet the criteria" (core.templatetags.govuk reveals).
    reveals = {"outcome": {"other_learning_route": ["learning_route"]}}
    outcome = forms.ChoiceField(
        label="Decision",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    learning_route = forms.ChoiceField(
        label="Which other learning route",
        choices=LearningRoute.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea,
        max_length=10000,
        help_text="Why you decided this, with reference to the criteria. Use the pseudonym.",
        error_messages={"required": "Enter the rationale for the decision"},
    )
    decided_on = GovukDateField(
        label="Date of the decision",
        error_messages={
            "required": "Enter the date of the decision",
            "invalid": "Enter a real date, for example 27/3/2026",
        },
    )
    confirm_inconsistent = forms.BooleanField(
        label="I confirm this decision although it does not match the criteria checklist",
        required=False,
        help_text="Only needed when the decision and the checklist disagree. Explain why in the rationale.",
    )
    version = VersionField()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Outcome.OTHER_LEARNING_ROUTE and not data.get("learning_route"):
            self.add_error("learning_route", "Select the other learning route")
        rationale = data.get("rationale")
        if rationale is not None and not rationale.strip():
            self.add_error("rationale", "Enter the rationale for the decision")
        return data


class ScrutinyCommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea,
        max_length=10000,
        help_text="Use the pseudonym; no names or addresses.",
        error_messages={"required": "Enter your comment"},
    )
    reply_to = forms.TypedChoiceField(label="In reply to", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, comments: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "reply_to", [("", "Not a reply"), *comments])
        if not comments:
            del self.fields["reply_to"]


CONFLICT_MESSAGE = (
    "Someone else saved changes to this screening while you were editing. Your answers are below; check "
    "the differences and save again to keep yours."
)


def conflict_form(form_class: type[FormT], request: HttpRequest, current: Any, **kwargs: Any) -> FormT:
    """Keep what they typed; carry the current version so saving again is a knowing choice."""
    return rebind_after_conflict(
        lambda data: form_class(data, **kwargs),
        request.POST,
        version=current.version,
        message=CONFLICT_MESSAGE,
    )


def as_initial(values: dict[str, Any]) -> dict[str, Any]:
    """Dates and times as the text the fields accept: the GOV.UK field template renders `field.value`
    (not the widget's format), which for a date object would be "23 Nov 2026" and fail to parse back."""
    result: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dt.date):
            result[name] = value.strftime("%d/%m/%Y")
        elif isinstance(value, dt.time):
            result[name] = value.strftime("%H:%M")
        else:
            result[name] = value
    return result
