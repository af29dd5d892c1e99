"""Answers submitted after a session expired are kept and offered back once the user signs in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, QueryDict

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event

from .models import SavedDraft

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

# Never kept: credentials and tokens.
_NEVER_KEPT = {"csrfmiddlewaretoken", "password", "password1", "password2", "oldpassword", "code"}


def draft_save(*, user: User, path: str, post: QueryDict) -> None:
    data = {key: post.getlist(key) for key in post if key not in _NEVER_KEPT}
    if not data:
        return
    with transaction.atomic():
        SavedDraft.objects.update_or_create(user=user, path=path, defaults={"data": data})
        record_event(event_type=EventType.DRAFT_SAVED, actor=user, data={"path": path})


def take_draft(request: HttpRequest) -> QueryDict | None:
    """The user's kept answers for this page, once; None if there are none."""
    user = request.user
    if not user.is_authenticated:
        return None
    with transaction.atomic():
        draft = SavedDraft.objects.select_for_update().filter(user=user, path=request.path).first()
        if draft is None:
            return None
        draft.delete()
    restored = QueryDict(mutable=True)
    for key, values in draft.data.items():
        restored.setlist(key, values)
    messages.info(
        request,
        "You were signed out before your answers were saved. We have put back what you entered: "
        "check it and save again.",
    )
    return restored
