"""Input shapes for chronology pages. Business rules come back from services as ValidationError."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import GovukDateField, VersionField, set_choices
from safeguarding_reviews.organisations.roles import Role

from .models import ChronologyEventType, DatePrecision

TEXT_HINT = "Use the pseudonym and practitioners' roles; no names or addresses."


class EntryForm(forms.Form):
    agency = forms.TypedChoiceField(
        label="Agency", coerce=int, error_messages={"required": "Select the agency"}
    )
    date = GovukDateField(
        label="Date",
        help_text=(
            "For a month-only date enter the 1st, for example 1/3/2026. For a season, part of a year or a "
            "year, enter its first day"
        ),
    )
    date_precision = forms.ChoiceField(
        label="How precise is the date?",
        choices=DatePrecision.choices,
        initial=DatePrecision.EXACT,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how precise the date is"},
    )
    date_to = GovukDateField(
        label="Last day the date could be (optional)",
        required=False,
        help_text=(
            "Only for a season or part of a year, for example 31/5/2024 for Spring 2024. A month or year "
            "ends on its last day"
        ),
        error_name="The last day the date could be",
    )
    date_as_written = forms.CharField(
        label="Date as the agency wrote it (optional)",
        max_length=100,
        required=False,
        help_text="For example Spring 2024 or w/c 3/2/24. It is shown beside the date",
    )
    time = forms.TimeField(
        label="Time (optional)",
        required=False,
        help_text="For example, 14:30",
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={"invalid": "Enter a time like 14:30"},
    )
    source_record = forms.CharField(label="Source record (optional)", max_length=200, required=False)
    event_type = forms.ChoiceField(
        label="Type of event",
        choices=[("", "Select the type of event"), *ChronologyEventType.choices],
        error_messages={"required": "Select the type of event"},
    )
    what_happened = forms.CharField(
        label="What happened",
        widget=forms.Textarea,
        max_length=10_000,
        help_text=TEXT_HINT,
        error_messages={"required": "Enter what happened"},
    )
    action_taken = forms.CharField(
        label="Action taken (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=10_000,
        help_text=TEXT_HINT,
    )
    outcome = forms.CharField(
        label="Outcome (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=10_000,
        help_text=TEXT_HINT,
    )
    who_seen = forms.CharField(
        label="Who was seen (optional)",
        max_length=100,
        required=False,
        help_text="Initials or role only, for example Child A, mother, MGM. Never a full name",
    )
    practitioner_role = forms.CharField(
        label="Practitioner role (optional)",
        max_length=200,
        required=False,
        help_text="The role, not the name, for example Health visitor",
    )
    is_key_episode = forms.BooleanField(label="This is a key practice episode", required=False)
    analysis = forms.CharField(
        label="Analysis (optional)", widget=forms.Textarea, required=False, max_length=10_000
    )
    restricted_to_roles = forms.MultipleChoiceField(
        label="Restrict this entry to these roles (optional)",
        help_text="For example police intelligence. Leave empty for everyone who may read the chronology",
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "agency", [("", "Select the agency"), *agencies])


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Chronology spreadsheet",
        help_text="A CSV or XLSX file made from the template, up to 10,000 rows",
        error_messages={"required": "Select a CSV or XLSX file", "empty": "The selected file is empty"},
    )
    # Offered once the file has dates outside the period the agency was asked to cover (the view removes it
    # otherwise): ticking it, with the file selected again, imports them as they are.
    dates_checked = forms.BooleanField(
        label="I have checked these dates",
        required=False,
        help_text="Select the file again and tick this to import the entries with the dates as they are.",
    )

    def dates_confirmed(self, date_warnings: list[Any]) -> bool:
        """True when there is nothing to confirm or the box is ticked; otherwise the box's error."""
        if not date_warnings or self.cleaned_data.get("dates_checked"):
            return True
        self.add_error(
            "dates_checked",
            "Tick to say you have checked the dates outside the period to cover, and select the file again",
        )
        return False

    def offer_dates_checked(self, date_warnings: list[Any]) -> None:
        """The box is shown only beside dates to check."""
        if not date_warnings:
            self.fields.pop("dates_checked", None)


class FilterForm(forms.Form):
    agency = forms.TypedChoiceField(label="Agency", coerce=int, required=False, empty_value=None)
    date_from = GovukDateField(label="From", required=False, error_name="The from date")
    date_to = GovukDateField(label="To", required=False, error_name="The to date")
    event_type = forms.ChoiceField(
        label="Type of event", choices=[("", "All types"), *ChronologyEventType.choices], required=False
    )
    key_only = forms.BooleanField(label="Key practice episodes only", required=False)
    duplicates_only = forms.BooleanField(label="Possible duplicates only", required=False)
    show_withdrawn = forms.BooleanField(label="Show withdrawn entries", required=False)

    def __init__(
        self, *args: Any, agencies: list[tuple[int, str]], may_see_withdrawn: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "agency", [("", "All agencies"), *agencies])
        if not may_see_withdrawn:
            del self.fields["show_withdrawn"]


# The EntryForm fields that a correction may change (the model's CORRECTABLE_FIELDS).
CORRECTION_FIELDS = (
    "date",
    "date_precision",
    "date_to",
    "date_as_written",
    "time",
    "source_record",
    "event_type",
    "what_happened",
    "action_taken",
    "outcome",
    "who_seen",
    "practitioner_role",
    "is_key_episode",
    "analysis",
)

REASON_HINT = "Staff read this reason beside the entry. Use the pseudonym and roles; no names"


class CorrectionForm(EntryForm):
    """The entry's fields (not its agency or restriction), why it is corrected, and the version shown."""

    reason = forms.CharField(
        label="Why are you correcting this entry?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        help_text=REASON_HINT,
        error_messages={"required": "Enter why you are correcting this entry"},
    )
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, agencies=[], **kwargs)
        del self.fields["agency"]
        del self.fields["restricted_to_roles"]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing this entry?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        help_text=REASON_HINT,
        error_messages={"required": "Enter why you are withdrawing this entry"},
    )
    version = VersionField()


class UndoImportForm(forms.Form):
    reason = forms.CharField(
        label="Why are you undoing this import?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        help_text=REASON_HINT,
        error_messages={"required": "Enter why you are undoing this import"},
    )


class DuplicateDecisionForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    other = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("same", "Same event"), ("different", "Different events")],
        error_messages={"required": "Select whether these are the same event"},
    )


class MapUploadForm(forms.Form):
    file = forms.FileField(
        label="Chronology spreadsheet",
        help_text=(
            "The agency's own chronology as XLSX or CSV, in any layout, up to 10 MB and 10,000 rows. You "
            "choose which column holds what on the next pages"
        ),
        error_messages={"required": "Select a CSV or XLSX file", "empty": "The selected file is empty"},
    )


class MapChooseForm(forms.Form):
    sheet = forms.ChoiceField(
        label="Which sheet holds the chronology?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the sheet that holds the chronology",
            "invalid_choice": "Select the sheet that holds the chronology",
        },
    )
    agency = forms.TypedChoiceField(
        label="Whose chronology is it?",
        help_text="Every row of the file is recorded as this agency's",
        coerce=int,
        error_messages={
            "required": "Select the agency whose chronology this is",
            "invalid_choice": "Select the agency whose chronology this is",
        },
    )

    def __init__(
        self, *args: Any, sheets: list[str], agencies: list[tuple[int, str]] | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if len(sheets) > 1:
            set_choices(self, "sheet", [(name, name) for name in sheets])
        else:
            del self.fields["sheet"]
        if agencies is None:
            del self.fields["agency"]
        else:
            set_choices(self, "agency", [("", "Select the agency"), *agencies])


DO_NOT_IMPORT = "ignore"


class MappingForm(forms.Form):
    """One select per column heading (a field, or "Do not import") and one per type of event as written
    (a managed type). Field names are positional (column_0, type_0): headings are the file's text."""

    def __init__(
        self,
        *args: Any,
        headings: list[str],
        type_values: list[str],
        field_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headings = headings
        self.type_values = type_values
        choices = [*field_choices, (DO_NOT_IMPORT, "Do not import")]
        for index, heading in enumerate(headings):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=heading,
                choices=choices,
                error_messages={
                    "required": f"Select what “{heading[:60]}” holds, or “Do not import”",
                    "invalid_choice": f"Select what “{heading[:60]}” holds, or “Do not import”",
                },
            )
        for index, value in enumerate(type_values):
            self.fields[f"type_{index}"] = forms.ChoiceField(
                label=value,
                choices=ChronologyEventType.choices,
                error_messages={
                    "required": f"Select the type of event for “{value[:60]}”",
                    "invalid_choice": f"Select the type of event for “{value[:60]}”",
                },
            )

    def column_fields(self) -> list[Any]:
        return [self[f"column_{index}"] for index in range(len(self.headings))]

    def type_fields(self) -> list[Any]:
        return [self[f"type_{index}"] for index in range(len(self.type_values))]

    def mapping(self) -> dict[str, str]:
        """{"heading": "field"} from what was posted (the raw choice, valid or not: the service says)."""
        return {
            heading: str(self.data.get(f"column_{index}", "")) for index, heading in enumerate(self.headings)
        }

    def event_types(self) -> dict[str, str]:
        return {
            value: str(self.data.get(f"type_{index}", "")) for index, value in enumerate(self.type_values)
        }


class MapImportForm(forms.Form):
    """The preview's Import button and, when a date is outside the period the agency was asked to cover,
    the box saying the dates were checked (the import service refuses without it)."""

    dates_checked = forms.BooleanField(
        label="I have checked these dates",
        required=False,
        help_text="Tick this to import the entries with the dates as they are in the file.",
    )
