"""Input shapes for the action plan pages. Business rules come back from services as ValidationError."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.actions.lifecycle import ActionStatus
from safeguarding_reviews.core.forms import GovukDateField, VersionField, radios, set_choices
from safeguarding_reviews.documents.forms import DocumentField

from .closure import ImpactResult
from .models import ADOPTED_ORIGINS, EvidenceKind, EvidenceOutcome, RecommendationOrigin

NO_NAMES = "Use the pseudonym and practitioners' roles; no names or addresses."


def _text(label: str, required_message: str = "", *, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required_message),
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=10_000,
        help_text=help_text,
        error_messages={"required": required_message} if required_message else {},
    )


class RecommendationForm(forms.Form):
    """A recommendation's content; `adopted` adds where it comes from (an adopted one has no case)."""

    version = VersionField()
    origin = radios(
        "Where does the recommendation come from?",
        [(value, label) for value, label in RecommendationOrigin.choices if value in ADOPTED_ORIGINS],
        "Select where the recommendation comes from",
    )
    source_title = forms.CharField(
        label="Name of the review it comes from",
        max_length=300,
        help_text="For example, 'Child Protection in England' (national review, May 2022)",
        error_messages={"required": "Enter the name of the review the recommendation comes from"},
    )
    source_detail = forms.CharField(
        label="Where in that review (optional)",
        max_length=300,
        required=False,
        help_text="Its number or page",
    )
    text = _text("Recommendation", "Enter the recommendation", rows=4, help_text=NO_NAMES)
    all_partners = forms.TypedChoiceField(
        label="Who is it addressed to?",
        choices=[("no", "A lead agency, with any contributing agencies"), ("yes", "All partners")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who the recommendation is addressed to",
            "invalid_choice": "Select who the recommendation is addressed to",
        },
    )
    lead_agency_id = forms.TypedChoiceField(
        label="Lead agency",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Select the lead agency from the list"},
    )
    contributing_agency_ids = forms.TypedMultipleChoiceField(
        label="Contributing agencies (optional)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select agencies from the list"},
    )
    expected_difference = _text("The expected difference for children (optional)")
    measured_by = _text("How the difference will be measured (optional)")
    due_on = GovukDateField(label="Due date (optional)", error_name="The due date", required=False)
    theme_ids = forms.TypedMultipleChoiceField(
        label="Practice themes (optional)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select practice themes from the list"},
    )

    def __init__(
        self,
        *args: Any,
        agencies: list[tuple[int, str]],
        themes: list[tuple[int, str]],
        adopted: bool,
        new: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "lead_agency_id", [("", "Select the lead agency"), *agencies])
        set_choices(self, "contributing_agency_ids", agencies)
        set_choices(self, "theme_ids", themes)
        if not adopted:
            for name in ("origin", "source_title", "source_detail"):
                del self.fields[name]
        elif not new:
            del self.fields["origin"]
        if new:
            del self.fields["version"]


class ActionForm(forms.Form):
    description = _text(
        "What will the agency do?", "Enter what the agency will do", rows=4, help_text=NO_NAMES
    )
    owner_agency_id = forms.TypedChoiceField(
        label="Agency",
        coerce=int,
        empty_value=None,
        error_messages={
            "required": "Select the agency that owns the action",
            "invalid_choice": "Select the agency from the list",
        },
    )
    owner_role = forms.CharField(
        label="Owner (role)",
        max_length=200,
        required=False,
        help_text="For example, Head of safeguarding. A role, never a name.",
    )
    owner_user_id = forms.TypedChoiceField(
        label="Owner's account (optional)",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Where the owner has an account: they then see this action and are reminded of it.",
        error_messages={"invalid_choice": "Select the owner's account from the list"},
    )
    due_on = GovukDateField(label="Due date")

    def __init__(
        self, *args: Any, agencies: list[tuple[int, str]], accounts: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "owner_agency_id", [("", "Select the agency"), *agencies])
        set_choices(self, "owner_user_id", [("", "No account named"), *accounts])


class ActionUpdateForm(forms.Form):
    version = VersionField()
    happened_on = GovukDateField(label="Date of the update")
    text = _text(
        "Update", "Enter the update", rows=4, help_text="What has been done and what is left. " + NO_NAMES
    )
    status = forms.ChoiceField(
        label="Status (optional)",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def __init__(self, *args: Any, statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "status", statuses)
        if not statuses:
            del self.fields["status"]


class ActionCompleteForm(forms.Form):
    version = VersionField()
    completed_on = GovukDateField(
        label="Date the action should be considered complete",
        error_name="The date the action should be considered complete",
    )
    text = _text("What was done (optional)", rows=4, help_text=NO_NAMES)


class EvidenceForm(forms.Form):
    upload = DocumentField(label="Evidence file")
    kind = radios("What kind of evidence is it?", EvidenceKind.choices, "Select what kind of evidence it is")
    description = _text("What it shows (optional)", help_text=NO_NAMES)


class EvidenceDecisionForm(forms.Form):
    version = VersionField()
    outcome = radios(
        "Is the evidence accepted?",
        [
            (EvidenceOutcome.ACCEPTED, "Yes, the evidence is accepted"),
            (EvidenceOutcome.RETURNED, "No, return it with questions"),
        ],
        "Select whether the evidence is accepted",
    )
    questions = _text("Questions for the agency (when returning it)")
    meeting = forms.CharField(
        label="Committee meeting (when the committee decided)",
        max_length=200,
        required=False,
        help_text="For example, Monitoring committee, March 2026",
    )
    decided_on = GovukDateField(label="Date of the decision")


class WithdrawalRequestForm(forms.Form):
    version = VersionField()
    reason = _text("Reason for withdrawing the action", "Enter the reason for withdrawing the action", rows=4)


class WithdrawalDecisionForm(forms.Form):
    version = VersionField()
    decision = radios(
        "Do you approve the withdrawal?",
        [("approve", "Yes, withdraw the action"), ("refuse", "No, the action carries on")],
        "Select whether you approve the withdrawal",
    )
    note = _text("Note (needed when refusing)")


class SupersedeForm(ActionForm):
    version = VersionField()
    reason = _text("Why is the action replaced?", "Enter why the action is replaced")


class CloseForm(forms.Form):
    version = VersionField()
    meeting = forms.CharField(
        label="Committee meeting",
        max_length=200,
        help_text="For example, Monitoring committee, March 2026",
        error_messages={"required": "Enter the committee meeting that decided"},
    )
    decided_on = GovukDateField(label="Date of the decision")
    note = _text("The committee's decision (optional)")


class ImpactCheckForm(forms.Form):
    version = VersionField()
    what_changed = _text("What changed for children?", "Enter what changed for children", rows=4)
    evidence = _text("The evidence", "Enter the evidence", rows=4)
    result = radios("Was the impact shown?", ImpactResult.choices, "Select whether the impact was shown")
    reason = _text("Reason for your answer", "Enter the reason for your answer")
    description = _text("New action (when the impact was not shown)", help_text=NO_NAMES)
    owner_agency_id = forms.TypedChoiceField(
        label="Agency for the new action",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Select the agency from the list"},
    )
    owner_role = forms.CharField(label="Owner of the new action (role)", max_length=200, required=False)
    due_on = GovukDateField(label="Due date of the new action", error_name="The due date", required=False)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "owner_agency_id", [("", "Select the agency"), *agencies])


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), ("overdue", "Overdue"), *ActionStatus.choices],
    )
    agency = forms.TypedChoiceField(label="Agency", coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "agency", [("", "Any agency"), *agencies])
