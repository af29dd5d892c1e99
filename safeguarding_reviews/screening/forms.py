"""Input shapes for screening pages. The rules (who, when, consistency) are in services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest

from safeguarding_reviews.core import clock
from safeguarding_reviews.core.dates import format_date
from safeguarding_reviews.core.forms import GovukDateField, VersionField, rebind_after_conflict, set_choices

from .criteria import ALL_CRITERIA, OTHER_CATEGORIES, S16C_CRITERIA, Answer, LearningRoute, Outcome

FormT = TypeVar("FormT", bound=forms.Form)

REASON_HINT = "Optional. Use the pseudonym; no names or addresses."
AREA_FIELDS = ("lived_elsewhere", "other_local_authority", "other_partnership", "other_partnership_name")


class AwarenessForm(forms.Form):
    la_became_aware_on = GovukDateField(
        label="Date the local authority became aware of the incident",
        help_text="The 5-working-day clocks for notifying the Panel and telling local partners run from this "
        "date. For example, 27/3/2026 or 27 March 2026",
        error_messages={
            "required": "Enter the date the local authority became aware",
        },
    )
    version = VersionField()

    def __init__(self, *args: Any, incident_date: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.incident_date = incident_date

    def clean_la_became_aware_on(self) -> dt.date:
        value = self.cleaned_data["la_became_aware_on"]
        if value > clock.today():
            raise forms.ValidationError(
                "The date the local authority became aware must be today or in the past"
            )
        if self.incident_date and value < self.incident_date:
            raise forms.ValidationError(
                "The local authority cannot become aware before the date of the incident"
            )
        return value


# Each question is lettered on the page, (a) to (e) in the order the checklist asks them, so that its
# reason and its error can name it briefly: "Reason for your answer to (a)".
LETTERS = {name: f"({chr(ord('a') + i)})" for i, (name, _) in enumerate(ALL_CRITERIA)}


def _answer_field(name: str, question: str) -> forms.ChoiceField:
    # Every question needs an answer to save, as before. An unanswered question (a stored blank, or a new
    # checklist) shows no selection: "not answered" is never an option of its own.
    message = f"Select an answer to {LETTERS[name]} {question}"
    return forms.ChoiceField(
        label=f"{LETTERS[name]} {question}",
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


def _reason_field(name: str) -> forms.CharField:
    return forms.CharField(
        label=f"Reason for your answer to {LETTERS[name]}",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text=REASON_HINT,
        error_messages={
            "max_length": f"Reason for your answer to {LETTERS[name]} must be 2,000 characters or fewer"
        },
    )


@dataclass(frozen=True)
class Criterion:
    """One question as the checklist page renders it: the radios and, inside the same fieldset, the reason."""

    answer: forms.BoundField
    reason: forms.BoundField


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
        for name, question in ALL_CRITERIA:
            self.fields[name] = _answer_field(name, question)
            self.fields[f"{name}_note"] = _reason_field(name)
        set_choices(self, "other_partnership", [("", "Choose a partnership"), *partnerships])
        order = [n for name, _ in ALL_CRITERIA for n in (name, f"{name}_note")]
        self.order_fields([*order, "lived_elsewhere", "other_local_authority", "other_partnership"])

    def _criteria(self, criteria: tuple[tuple[str, str], ...]) -> list[Criterion]:
        return [Criterion(answer=self[name], reason=self[f"{name}_note"]) for name, _ in criteria]

    def s16c_criteria(self) -> list[Criterion]:
        return self._criteria(S16C_CRITERIA)

    def other_categories(self) -> list[Criterion]:
        return self._criteria(OTHER_CATEGORIES)

    def area_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in AREA_FIELDS]


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
    """Dates and times as the text the fields accept, written as the date hint shows them (27/3/2026)."""
    result: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dt.date):
            result[name] = format_date(value)
        elif isinstance(value, dt.time):
            result[name] = value.strftime("%H:%M")
        else:
            result[name] = value
    return result
