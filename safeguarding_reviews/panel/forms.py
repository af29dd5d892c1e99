"""Input shapes for the Panel submission page."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.core.forms import GovukDateField

from .models import FollowUp, LearningRoute, PanelResponse


class SubmissionForm(forms.Form):
    sent_on = GovukDateField(label="Date the report was sent to the Panel")
    delay_reason = forms.CharField(
        label="Reason for the delay (if sent after the due date)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text="Needed when the rapid review was sent after its due date. Use the pseudonym.",
    )

    # Shown only when signoffs.rules.send_warnings has something to confirm (an unanswered challenge).
    confirm = forms.BooleanField(
        label="I confirm the report is being sent with the Independent Chair's challenge unanswered",
        required=False,
    )

    def __init__(self, *args: Any, warnings: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not warnings:
            del self.fields["confirm"]


class LearningRouteForm(forms.Form):
    learning_route = forms.ChoiceField(
        label="What learning route follows the rapid review?",
        choices=LearningRoute.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the learning route"},
    )


class FollowUpForm(forms.Form):
    # The Panel's reference is asked only under "wait on the national review" (core.templatetags.govuk).
    reveals = {"follow_up": {FollowUp.AWAIT_NATIONAL_REVIEW.value: ["national_review_reference"]}}
    follow_up = forms.ChoiceField(
        label="What follows the Panel's response?",
        choices=FollowUp.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what follows the Panel's response"},
    )
    national_review_reference = forms.CharField(
        label="The Panel's reference for the national review",
        max_length=60,
        required=False,
        help_text="Needed if the case waits on the national review.",
    )


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="The Panel's response",
        choices=PanelResponse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the Panel's response"},
    )
    response_on = GovukDateField(label="Date of the Panel's response")
    notes = forms.CharField(
        label="The Panel's comments (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10_000,
        help_text="No names or addresses.",
    )
