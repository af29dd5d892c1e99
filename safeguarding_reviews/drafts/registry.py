"""The forms whose typing is kept as a draft, and how each checks that the person may still open it.

A form is known by its page's URL name; the opener is a function in the owning app that loads the record the
way the page does (`opener(user=..., **url_kwargs)`), raising Http404 or PermissionDenied when the person may
not open the form any more, and returns what the draft's audit event and restore need. Openers are named as
dotted paths so this module imports no owning app (the owning apps' views import `drafts`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


@dataclass(frozen=True)
class DraftForm:
    label: str  # said on the signed-out page: no reference, no name (anyone at the screen may read it)
    opener: str


@dataclass(frozen=True)
class OpenForm:
    """A form the person may open now: for the audit event (case, partnership) and the restore (version)."""

    case: Any
    partnership: Any
    version: int


FORMS: dict[str, DraftForm] = {
    "rapid_review:return_edit": DraftForm(
        label="the agency return", opener="safeguarding_reviews.rapid_review.selectors.return_draft_open"
    ),
    "outcomes:section": DraftForm(
        label="the rapid review outcome", opener="safeguarding_reviews.outcomes.selectors.section_draft_open"
    ),
    "referrals:section": DraftForm(
        label="the referral", opener="safeguarding_reviews.referrals.policies.section_draft_open"
    ),
}


@dataclass(frozen=True)
class Opened:
    key: str
    ids: dict[str, str]
    form: OpenForm


def open_form(*, user: User, path: str) -> Opened:
    """The form at `path` if it keeps drafts and `user` may open it now; Http404 otherwise (a form someone may
    not open, or no longer, is "not found", whatever the page itself would say)."""
    if not isinstance(path, str) or not path.startswith("/") or len(path) > 500:
        raise Http404("No such form")
    try:
        match = resolve(path)
    except Resolver404:
        raise Http404("No such form") from None
    spec = FORMS.get(match.view_name)
    if spec is None:
        raise Http404("No such form")
    try:
        form = import_string(spec.opener)(user=user, **match.kwargs)
    except PermissionDenied:
        raise Http404("No such form") from None
    return Opened(key=match.view_name, ids=_ids(match.kwargs), form=form)


def keeps_drafts(path: str) -> bool:
    """Whether the page at `path` is a form that keeps typed drafts (no access check: see open_form)."""
    try:
        return resolve(path).view_name in FORMS
    except Resolver404:
        return False


def label_for(key: str) -> str:
    spec = FORMS.get(key)
    return spec.label if spec else "a form"


def page_of(path: str) -> tuple[str, dict[str, str]]:
    """The URL name and ids of any page, for a draft's audit event and the signed-out page ("" and no ids if
    the path names no page)."""
    try:
        match = resolve(path)
    except Resolver404:
        return "", {}
    return match.view_name, _ids(match.kwargs)


def _ids(url_kwargs: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in url_kwargs.items()}
