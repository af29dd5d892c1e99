"""Input shapes for the requests pages. Business rules come back from services as ValidationError."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import GovukDateField, VersionField, set_choices
from safeguarding_reviews.organisations.models import Agency

from .models import RETURN_SECTIONS, FamilyToldMethod, FamilyToldStatus

NEW = "new"  # the author choice meaning "invite someone new"
TEXT_HINT = "Use the pseudonym and practitioners' roles; no names or addresses."


class SendForm(forms.Form):
    """Pick agencies, name each one's author, set one due date and, optionally, the period to cover."""

    agencies = forms.TypedMultipleChoiceField(
        label="Agencies to ask for a return",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one agency"},
    )
    due_on = GovukDateField(label="Due date")
    period_from = GovukDateField(
        label="Period to cover: from (optional)",
        required=False,
        help_text="The first day the agency should cover. For example, 1/4/2024 or 1 April 2024",
        error_name="The start of the period to cover",
    )
    period_to = GovukDateField(
        label="Period to cover: to (optional)",
        required=False,
        help_text=(
            "The last day the agency should cover. Chronology dates outside the period are shown as warnings "
            "to check before importing. For example, 31/3/2025 or 31 March 2025"
        ),
        error_name="The end of the period to cover",
    )

    def __init__(
        self, *args: Any, agencies: list[Agency], authors: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agency_list = agencies
        set_choices(self, "agencies", [(a.pk, a.name) for a in agencies])
        author_choices = [
            ("", "Select the author"),
            *[(str(pk), name) for pk, name in authors],
            (NEW, "Someone new: invite them (enter their name and email below)"),
        ]
        for agency in agencies:
            self.fields[f"author_{agency.pk}"] = forms.ChoiceField(
                label=f"Author for {agency.name}", choices=author_choices, required=False
            )
            self.fields[f"new_name_{agency.pk}"] = forms.CharField(
                label=f"New author's full name for {agency.name} (only if inviting someone new)",
                max_length=200,
                required=False,
            )
            self.fields[f"new_email_{agency.pk}"] = forms.EmailField(
                label=f"New author's email address for {agency.name} (only if inviting someone new)",
                required=False,
                error_messages={"invalid": "Enter an email address like name@example.org"},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", "The end of the period must be the same as or after its start")
        for agency in self.agency_list:
            if agency.pk not in (data.get("agencies") or []):
                continue
            choice = data.get(f"author_{agency.pk}")
            if not choice:
                self.add_error(f"author_{agency.pk}", f"Select the author for {agency.name}")
            elif choice == NEW:
                if not (data.get(f"new_name_{agency.pk}") or "").strip():
                    self.add_error(
                        f"new_name_{agency.pk}", f"Enter the new author's full name for {agency.name}"
                    )
                if not data.get(f"new_email_{agency.pk}") and f"new_email_{agency.pk}" not in self.errors:
                    self.add_error(
                        f"new_email_{agency.pk}", f"Enter the new author's email address for {agency.name}"
                    )
        return data

    def chosen(self) -> list[tuple[int, int | None, str, str]]:
        """(agency id, author id or None, new author's name, new author's email) for each selected agency."""
        rows: list[tuple[int, int | None, str, str]] = []
        for pk in self.cleaned_data["agencies"]:
            choice = self.cleaned_data[f"author_{pk}"]
            if choice == NEW:
                rows.append(
                    (pk, None, self.cleaned_data[f"new_name_{pk}"], self.cleaned_data[f"new_email_{pk}"])
                )
            else:
                rows.append((pk, int(choice), "", ""))
        return rows


class ReturnForm(forms.Form):
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in RETURN_SECTIONS:
            self.fields[name] = forms.CharField(
                label=label, widget=forms.Textarea, required=False, max_length=20_000, help_text=TEXT_HINT
            )

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name, _ in RETURN_SECTIONS}


class VersionForm(forms.Form):
    """Submit a return, or withdraw a request: the version the user saw."""

    version = VersionField()


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="What do you want to do with this return?",
        choices=[("accept", "Accept the return"), ("return", "Return it to the author with questions")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to accept the return or return it with questions"},
    )
    questions = forms.CharField(
        label="Questions for the author",
        widget=forms.Textarea,
        required=False,
        max_length=10_000,
        help_text="Only if you return it. " + TEXT_HINT,
    )
    version = VersionField()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("questions") or "").strip():
            self.add_error("questions", "Enter the questions for the author")
        return data


def author_entry_form_class() -> type[forms.Form]:
    """The chronology entry form without the agency (it is the request's) or restrictions (the business
    unit restricts entries)."""
    from safeguarding_reviews.chronology.forms import EntryForm

    class AuthorEntryForm(EntryForm):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, agencies=[], **kwargs)
            del self.fields["agency"]
            del self.fields["restricted_to_roles"]

    return AuthorEntryForm


class FamilyToldForm(forms.Form):
    """Whether and how the family has been told of the review. `version` is empty on the first record."""

    status = forms.ChoiceField(
        label="Has the family been told of the review?",
        choices=FamilyToldStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the family has been told",
            "invalid_choice": "Select whether the family has been told",
        },
    )
    told_on = GovukDateField(label="Date told (if told)", required=False)
    method = forms.ChoiceField(
        label="How were they told? (if told)",
        choices=FamilyToldMethod.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select how the family was told"},
    )
    told_by = forms.CharField(
        label="Told by (optional)",
        required=False,
        max_length=200,
        help_text="The agency and role, for example Children's social care, team manager. No names.",
    )
    notes = forms.CharField(
        label="Notes",
        widget=forms.Textarea,
        required=False,
        max_length=5_000,
        help_text="Required if the partners decided not to tell the family for now: say why. " + TEXT_HINT,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
