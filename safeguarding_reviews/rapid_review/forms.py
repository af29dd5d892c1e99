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

    def agency_choices(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """(checkbox option, that agency's author fields) per agency, for the GOV.UK conditional reveal: the
        author fields show under an agency once it is ticked (all of them show without JavaScript)."""
        options = list(self["agencies"])
        return [
            (option, [self[f"{prefix}_{agency.pk}"] for prefix in ("author", "new_name", "new_email")])
            for option, agency in zip(options, self.agency_list, strict=True)
        ]

    def other_fields(self) -> list[forms.BoundField]:
        """The fields after the agencies and their authors (the due date and the period to cover)."""
        return [self[name] for name in ("due_on", "period_from", "period_to")]

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


# What each section of the return asks for (issue 18 item 3), shown as the field's hint before TEXT_HINT.
SECTION_HINTS: dict[str, str] = {
    "period_of_involvement": (
        "When your agency was involved with the child or family, from the first contact to the last, for "
        "example from March 2023 to June 2024. Say if there were gaps."
    ),
    "summary_of_involvement": (
        "A short overview of what your agency did and why: the services it gave, how often, and which "
        "practitioners were involved."
    ),
    "key_practice_episodes": (
        "The most important moments in your agency's work with the child, in date order. For each one, say "
        "what happened, what was decided and why, and what you think of the practice now."
    ),
    "what_went_well": (
        "Practice that helped keep the child safe or that others could learn from, for example good "
        "information sharing or a quick referral."
    ),
    "learning": (
        "What your agency could have done differently and why things happened as they did. Focus on systems, "
        "policies and practice, not on blaming individuals."
    ),
    "immediate_actions": (
        "What your agency has already done since the incident, for example changing a procedure or briefing "
        "staff. Write 'None yet' if nothing has been done."
    ),
    "other_children_at_risk": (
        "Any other children your agency knows of who may be at risk, such as brothers, sisters or other "
        "children in the household, and what has been done to keep them safe. Write 'None known' if there "
        "are none."
    ),
}


class ReturnForm(forms.Form):
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in RETURN_SECTIONS:
            self.fields[name] = forms.CharField(
                label=label,
                widget=forms.Textarea,
                required=False,
                max_length=20_000,
                help_text=f"{SECTION_HINTS[name]} {TEXT_HINT}",
            )

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name, _ in RETURN_SECTIONS}


class SubmitForm(forms.Form):
    """Submit a return: the version the author checked and, when their agency has no chronology entries on the
    case yet, their confirmation that they mean to submit without any."""

    no_entries_confirmed = forms.BooleanField(
        label="Submit the return without any chronology entries",
        required=False,
        help_text="Only if your agency had no contact with the child or family to record in the period.",
    )
    version = VersionField()

    def __init__(self, *args: Any, needs_confirmation: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_confirmation = needs_confirmation
        if not needs_confirmation:
            del self.fields["no_entries_confirmed"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.needs_confirmation and not data.get("no_entries_confirmed"):
            self.add_error(
                "no_entries_confirmed",
                "Add your agency's chronology entries, or confirm that you want to submit the return "
                "without any",
            )
        return data


class WithdrawForm(forms.Form):
    """Withdraw a request: why (kept on the request, shown to the business unit) and the version seen."""

    reason = forms.CharField(
        label="Why are you withdrawing the request?",
        widget=forms.Textarea,
        max_length=2_000,
        help_text="For example, the agency had no involvement with the family. " + TEXT_HINT,
        error_messages={"required": "Enter the reason for withdrawing the request"},
    )
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
        help_text=TEXT_HINT,
    )
    version = VersionField()
    # Asked only under "Return it to the author with questions" (core.templatetags.govuk reveals).
    reveals = {"decision": {"return": ["questions"]}}

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
