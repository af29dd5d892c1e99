"""Input shapes for the outcome pages. Business rules (a reason for every answer, a rationale for the
decision) come back from services as ValidationError and show in the GOV.UK error summary."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.actions.lifecycle import INITIAL_STATUSES_ORDERED
from safeguarding_reviews.actions.models import ActionStatus
from safeguarding_reviews.core.forms import GovukDateField, VersionField, set_choices

from .criteria import (
    Answer,
    Decision,
    OtherLearningReview,
    criteria_for,
    criteria_groups,
)
from .selectors import answer_field

NO_NAMES = "Use the pseudonym and practitioners' roles; no names or addresses."
TEXT_LIMIT = 20_000


def _text(label: str, *, required: bool = False, help_text: str = NO_NAMES, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        required=required,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        **kwargs,
    )


class _SectionRules(forms.Form):
    """Runs the service's rules for the section in clean(), so every error shows at once."""

    section = ""

    def clean(self) -> dict[str, Any]:
        from .services import clean_section

        data = super().clean() or {}
        changes = {name: data.get(name, "") for name in self.fields if name != "version"}
        try:
            clean_section(self.section, changes)
        except forms.ValidationError as exc:
            for field, errors in exc.error_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, errors)
        return data


class FactsForm(forms.Form):
    version = VersionField()
    facts_summary = _text(
        "Summary of the facts",
        help_text="The facts as far as they can readily be found now. " + NO_NAMES,
    )


class ContextForm(forms.Form):
    version = VersionField()
    lived_context = _text(
        "The child's and family's lived experience and context",
        help_text=(
            "Include how racism, other inequalities and protected characteristics, including disability, may "
            "have shaped their experiences and the practice. " + NO_NAMES
        ),
    )


_ANSWERS = [("", "Not answered yet"), *Answer.choices]


class AssessmentForm(_SectionRules):
    """One answer and reason per criterion of the outcome's criteria version: the regulation 11 criteria, the
    "have regard to" circumstances and, from the current version on, the regulation 3 national review
    criteria. Save and come back: an unanswered one is allowed, but an answer needs a reason."""

    version = VersionField()
    section = "assessment"

    def __init__(self, *args: Any, criteria_version: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the criteria of the outcome's own version (criteria.version_of): an outcome started before the
        # national review criteria were added is never asked them.
        self.criteria_groups = criteria_groups(criteria_version)
        for criterion in criteria_for(criteria_version):
            name = answer_field(criterion.code)
            self.fields[name] = forms.ChoiceField(
                label=criterion.question, choices=_ANSWERS, required=False, widget=forms.RadioSelect
            )
            self.fields[f"{name}_reason"] = forms.CharField(
                label="Reason",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=TEXT_LIMIT,
            )

    def groups(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        def pairs(criteria: Any) -> list[tuple[forms.BoundField, forms.BoundField]]:
            return [(self[answer_field(c.code)], self[f"{answer_field(c.code)}_reason"]) for c in criteria]

        return [(heading, pairs(criteria)) for heading, criteria in self.criteria_groups]


class DecisionForm(_SectionRules):
    version = VersionField()
    section = "decision"
    # "Which kind of review" only matters for another learning review: shown under that choice.
    reveals = {"decision": {"other_learning_review": ["other_learning_review"]}}
    decision = forms.ChoiceField(
        label="Decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    other_learning_review = forms.ChoiceField(
        label="Which kind of learning review",
        choices=[("", "Select the kind of review"), *OtherLearningReview.choices],
        required=False,
    )
    national_review_appropriate = forms.ChoiceField(
        label="May a national review be appropriate?",
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a national review may be appropriate"},
    )
    national_review_reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=TEXT_LIMIT
    )
    rationale = _text(
        "Rationale for the decision",
        required=True,
        help_text="Why the partners reached this decision. Cite the evidence on the evidence page. "
        + NO_NAMES,
        error_messages={"required": "Enter the rationale for the decision"},
    )


SECTION_FORMS: dict[str, type[forms.Form]] = {
    "facts": FactsForm,
    "context": ContextForm,
    "assessment": AssessmentForm,
    "decision": DecisionForm,
}


class ImmediateActionForm(forms.Form):
    version = VersionField()
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        help_text=NO_NAMES,
        error_messages={"required": "Enter the action"},
    )
    owner_agency = forms.TypedChoiceField(
        label="Agency that owns the action", coerce=int, error_messages={"required": "Select the agency"}
    )
    due_on = GovukDateField(
        label="Due date",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[(status.value, status.label) for status in INITIAL_STATUSES_ORDERED],
        initial=ActionStatus.NOT_STARTED,
        help_text="Later changes of status and progress updates are made on the case action list.",
    )
    other_children_safe = forms.BooleanField(label="Other children have been confirmed safe", required=False)
    other_children_note = forms.CharField(
        label="How other children's safety was confirmed",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5_000,
        help_text="Needed when you confirm other children are safe. " + NO_NAMES,
    )

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "owner_agency", [("", "Select an agency"), *agencies])


class ImmediateActionUpdateForm(forms.Form):
    version = VersionField()
    action_id = forms.IntegerField(widget=forms.HiddenInput)
    other_children_safe = forms.BooleanField(label="Other children have been confirmed safe", required=False)
    other_children_note = forms.CharField(
        label="How other children's safety was confirmed",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5_000,
    )


class LearningForm(forms.Form):
    version = VersionField()
    text = forms.CharField(
        label="Learning identified",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        help_text=NO_NAMES,
        error_messages={"required": "Enter the learning identified"},
    )
    themes = forms.TypedMultipleChoiceField(
        label="Practice themes",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=("Select every theme the learning is about. Themes show recurring learning across cases."),
        error_messages={"required": "Select at least one practice theme"},
    )

    def __init__(self, *args: Any, themes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "themes", themes)


class EvidenceForm(forms.Form):
    version = VersionField()
    entry = forms.TypedChoiceField(
        label="A key episode from the merged chronology", coerce=int, required=False
    )
    return_section = forms.ChoiceField(label="Or a section of an agency's return", required=False)
    note = forms.CharField(
        label="Why it is evidence (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5_000,
    )

    def __init__(
        self, *args: Any, entries: list[tuple[int, str]], sections: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "entry", [("", "Select a key episode"), *entries])
        set_choices(self, "return_section", [("", "Select a section"), *sections])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("entry") and not data.get("return_section"):
            raise forms.ValidationError("Select a key episode or a section of a return")
        if data.get("entry") and data.get("return_section"):
            raise forms.ValidationError("Select a key episode or a section of a return, not both")
        return data


class RowForm(forms.Form):
    """Removing a row (action, learning, evidence): which one, and the version the page showed."""

    version = VersionField()
    row_id = forms.IntegerField(widget=forms.HiddenInput)
