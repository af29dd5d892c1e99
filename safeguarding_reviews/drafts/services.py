"""Typed drafts: every write here owns its transaction and records one audit event (ids only, never what
was typed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.signals import answers

from . import rules
from .models import TypedDraft
from .registry import open_form
from .signals import drafts_expire


def draft_save(*, actor: Any, path: str, fields: Any) -> TypedDraft | None:
    """Keep what `actor` typed on the form at `path` (Http404 if they may not open it). Unchanged since the
    last save: nothing is written and nothing recorded, so an idle page cannot fill the audit trail."""
    opened = open_form(user=actor, path=path)
    data = rules.kept_fields(fields)
    if data is None:
        raise ValidationError("These answers cannot be kept as a draft", code="invalid")
    with transaction.atomic():
        draft = TypedDraft.objects.select_for_update().filter(user=actor, path=path).first()
        if draft is not None and draft.data == data:
            return None
        if draft is None:
            draft = TypedDraft(user=actor, path=path)
        draft.form_key = opened.key
        draft.data = data
        draft.base_version = rules.base_version(data)
        draft.saved_at = clock.now()
        draft.save()
        record_event(
            event_type=EventType.TYPED_DRAFT_SAVED,
            actor=actor,
            case=opened.form.case,
            partnership=opened.form.partnership,
            target=draft,
            data={"form": opened.key, **opened.ids},
        )
    return draft


def draft_discard(*, actor: Any, path: str) -> bool:
    """The person chose not to keep what they typed (Http404 if they may not open the form)."""
    opened = open_form(user=actor, path=path)
    with transaction.atomic():
        draft = TypedDraft.objects.filter(user=actor, path=path).first()
        if draft is None:
            return False
        record_event(
            event_type=EventType.TYPED_DRAFT_DISCARDED,
            actor=actor,
            case=opened.form.case,
            partnership=opened.form.partnership,
            target=draft,
            data={"form": opened.key, "why": "discarded", **opened.ids},
        )
        draft.delete()
    return True


def draft_clear(*, actor: Any, path: str, case: Any = None, partnership: Any = None) -> None:
    """The form was saved: its draft has done its job. Called by the form's view after its save service
    succeeded (the view has already checked access)."""
    with transaction.atomic():
        draft = TypedDraft.objects.filter(user=actor, path=path).first()
        if draft is None:
            return
        record_event(
            event_type=EventType.TYPED_DRAFT_DISCARDED,
            actor=actor,
            case=case,
            partnership=partnership,
            target=draft,
            data={"form": draft.form_key, "why": "saved"},
        )
        draft.delete()


def drafts_tidy() -> int:
    """Delete drafts past their retention (`tick`, every minute): typed drafts, and the answers of a form
    posted after the session ran out (accounts.SavedDraft) that were never taken back. One event for the
    lot, counts only. Returns how many typed drafts were deleted."""
    cutoff = clock.now() - dt.timedelta(days=settings.DRAFT_RETENTION_DAYS)
    with transaction.atomic():
        deleted, _ = TypedDraft.objects.filter(saved_at__lte=cutoff).delete()
        late_posts = sum(answers(drafts_expire, sender=TypedDraft, cutoff=cutoff))
        if deleted or late_posts:
            data = {"deleted": deleted} | ({"late_posts_deleted": late_posts} if late_posts else {})
            record_event(event_type=EventType.TYPED_DRAFTS_EXPIRED, data=data)
    return deleted
