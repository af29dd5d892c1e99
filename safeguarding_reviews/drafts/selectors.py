"""Reads of drafts: only ever the asking person's own, and never one past its retention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings

from safeguarding_reviews.core import clock

from . import rules
from .models import Draft
from .registry import label_for

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


@dataclass(frozen=True)
class KeptDraft:
    """A draft to put back on its page, for the banner (drafts/_kept_banner.html): `stale` when the record
    was saved again after the person began typing (the version check then asks them to check before anything
    is overwritten); `put_back_once` when it came from a form sent after the session ran out and is already
    deleted (drafts.restore.take_draft), so there is nothing to discard."""

    data: dict[str, list[str]]
    saved_at: Any
    stale: bool
    put_back_once: bool = False


def draft_for_page(*, user: User, path: str, current_version: int | None) -> KeptDraft | None:
    """The person's own unexpired draft of this page. The page's view has already checked they may open it."""
    if not getattr(user, "is_authenticated", False):
        return None
    draft = Draft.objects.filter(user=user, path=path).first()
    if draft is None or rules.is_expired(
        saved_at=draft.saved_at, now=clock.now(), retention_days=settings.DRAFT_RETENTION_DAYS
    ):
        return None
    stale = (
        draft.base_version is not None
        and current_version is not None
        and draft.base_version != current_version
    )
    return KeptDraft(data=draft.data, saved_at=draft.saved_at, stale=stale)


def kept_form_labels(*, user_id: int | None) -> list[str]:
    """What the signed-out page may say was kept: the forms (never their content or their case)."""
    if user_id is None:
        return []
    cutoff = clock.now() - dt.timedelta(days=settings.DRAFT_RETENTION_DAYS)
    keys = (
        Draft.objects.filter(user_id=user_id, saved_at__gt=cutoff)
        .order_by("-saved_at")
        .values_list("form_key", flat=True)
    )
    return list(dict.fromkeys(label_for(key) for key in keys))


def page_initial(
    *, user: User, path: str, initial: dict[str, Any], field_names: Any, current_version: int
) -> tuple[dict[str, Any], KeptDraft | None]:
    """For a form page's GET: its initial values, with the person's own draft on top if there is one (and
    the draft, for the "We kept what you typed" banner)."""
    kept = draft_for_page(user=user, path=path, current_version=current_version)
    if kept is None:
        return initial, None
    return rules.initial_with_draft(initial=initial, data=kept.data, field_names=field_names), kept
