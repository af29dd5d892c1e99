"""Filters for the business unit dashboard (GET form)."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding_reviews.cases.stages import OPEN_STAGES, Stage
from safeguarding_reviews.core.forms import set_choices


class DashboardFilterForm(forms.Form):
    stage = forms.ChoiceField(label="Stage", required=False)
    partnership = forms.TypedChoiceField(label="Partnership", required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label="Only cases with an overdue clock", required=False)

    def __init__(self, *args: Any, partnerships: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        open_stages = [(s.value, s.label) for s in Stage if s in OPEN_STAGES]
        set_choices(self, "stage", [("", "All open stages"), *open_stages])
        set_choices(self, "partnership", [("", "All partnerships"), *partnerships])
