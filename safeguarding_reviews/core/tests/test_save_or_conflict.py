"""The one way a view runs a versioned save: saved, stale (409, input kept) or refused (400)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from safeguarding_reviews.core.forms import VersionField, rebound, save_or_conflict
from safeguarding_reviews.core.versioning import StaleVersionError


class NoteForm(forms.Form):
    note = forms.CharField()
    version = VersionField()


def _post() -> QueryDict:
    post = QueryDict(mutable=True)
    post.update({"note": "mine", "version": "3"})
    return post


def _stale(version: int) -> StaleVersionError:
    return StaleVersionError(current=cast(Any, SimpleNamespace(version=version)))


def _raise(exc: Exception) -> None:
    raise exc


def test_a_save_that_goes_through_is_saved_with_the_same_form() -> None:
    form = NoteForm(_post())
    assert form.is_valid()
    calls: list[str] = []
    attempt = save_or_conflict(
        lambda: calls.append("saved"), form=form, on_conflict=rebound(NoteForm, _post(), "conflict")
    )
    assert attempt.saved
    assert attempt.status == 200
    assert attempt.form is form
    assert attempt.stale is None
    assert calls == ["saved"]


def test_a_stale_save_is_409_with_the_input_kept_at_the_current_version() -> None:
    form = NoteForm(_post())
    assert form.is_valid()
    stale = _stale(7)
    attempt = save_or_conflict(
        lambda: _raise(stale), form=form, on_conflict=rebound(NoteForm, _post(), "Someone else saved")
    )
    assert not attempt.saved
    assert attempt.status == 409
    assert attempt.stale is stale
    assert attempt.form is not form
    assert attempt.form.data["note"] == "mine"
    assert attempt.form.data["version"] == "7"
    assert attempt.form.non_field_errors() == ["Someone else saved"]


def test_a_service_refusal_is_400_with_its_errors_on_the_form() -> None:
    form = NoteForm(_post())
    assert form.is_valid()
    attempt = save_or_conflict(
        lambda: _raise(ValidationError({"note": "Too short"})),
        form=form,
        on_conflict=rebound(NoteForm, _post(), "conflict"),
    )
    assert attempt.status == 400
    assert attempt.form is form
    assert form.errors["note"] == ["Too short"]


def test_without_service_errors_a_refusal_is_left_to_the_view() -> None:
    form = NoteForm(_post())
    assert form.is_valid()
    with pytest.raises(ValidationError, match="Not allowed"):
        save_or_conflict(
            lambda: _raise(ValidationError("Not allowed")),
            form=form,
            on_conflict=rebound(NoteForm, _post(), "conflict"),
            service_errors=False,
        )
