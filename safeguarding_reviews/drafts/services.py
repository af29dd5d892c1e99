"""Drafts: every write here owns its transaction and records one audit event (ids only, never what was
typed). Deleting a draft is recorded too, however it goes: discarded, put back once, the form saved or
expired."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.core import clock

from . import registry, rules
from .models import Draft
from .registry import open_form

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def draft_save(*, actor: User, path: str, fields: Any) -> Draft | None:
    """Keep what `actor` typed on the long form at `path` (Http404 if they may not open it). Unchanged since
    the last save: nothing is written and nothing recorded, so an idle page cannot fill the audit trail."""
    opened = open_form(user=actor, path=path)
    data = rules.kept_fields(fields)
    if data is None:
        raise ValidationError("These answers cannot be kept as a draft", code="invalid")
    with transaction.atomic():
        draft = Draft.objects.select_for_update(no_key=True).filter(user=actor, path=path).first()
        if draft is not None and draft.data == data:
            return None
        if draft is None:
            draft = Draft(user=actor, path=path)
        draft.form_key = opened.key
        draft.data = data
        draft.base_version = rules.base_version(data)
        draft.saved_at = clock.now()
        draft.save()
        record_event(
            event_type=EventType.DRAFT_SAVED,
            actor=actor,
            case=opened.form.case,
            partnership=opened.form.partnership,
            target=draft,
            data={"form": opened.key, **opened.ids},
        )
    return draft


def draft_keep_after_expiry(*, actor: User, path: str, fields: Mapping[str, list[str]]) -> Draft | None:
    """A form sent after `actor`'s session ran out (accounts.middleware, which has checked its CSRF token).
    A long form keeps it as its draft, checked and restored as one typed there (its banner, the version check
    intact); any other form keeps it for its page to put back once (drafts.restore.take_draft). Nothing is
    kept when they may no longer open a long form, or when the answers cannot be kept (too big, a NUL)."""
    if registry.keeps_drafts(path):
        try:
            return draft_save(actor=actor, path=path, fields=dict(fields))
        except (Http404, ValidationError):
            return None
    data = rules.kept_fields(dict(fields))
    if not data:
        return None
    key, ids = registry.page_of(path)
    with transaction.atomic():
        draft, _ = Draft.objects.update_or_create(
            user=actor,
            path=path,
            defaults={
                "form_key": key,
                "data": data,
                "base_version": rules.base_version(data),
                "saved_at": clock.now(),
            },
        )
        record_event(event_type=EventType.DRAFT_SAVED, actor=actor, target=draft, data={"form": key, **ids})
    return draft


def draft_take(*, actor: User, path: str) -> Draft | None:
    """The person's own unexpired draft of a page that puts drafts back once, deleted as it is handed back.
    The page's view has already checked they may open it. A long form's draft stays until it is saved or
    discarded (selectors.page_initial), so it is never taken here."""
    if registry.keeps_drafts(path):
        return None
    with transaction.atomic():
        draft = Draft.objects.select_for_update(no_key=True).filter(user=actor, path=path).first()
        if draft is None or rules.is_expired(
            saved_at=draft.saved_at, now=clock.now(), retention_days=settings.DRAFT_RETENTION_DAYS
        ):
            return None  # an expired draft is never put back; drafts_tidy deletes it
        _deleted(draft, actor=actor, why="put_back", ids=registry.page_of(path)[1])
    return draft


def draft_discard(*, actor: User, path: str) -> bool:
    """The person chose not to keep what they typed (Http404 if they may not open the form)."""
    opened = open_form(user=actor, path=path)
    with transaction.atomic():
        draft = Draft.objects.filter(user=actor, path=path).first()
        if draft is None:
            return False
        _deleted(
            draft,
            actor=actor,
            why="discarded",
            ids=opened.ids,
            case=opened.form.case,
            partnership=opened.form.partnership,
        )
    return True


def draft_clear(*, actor: User, path: str, case: Any = None, partnership: Any = None) -> None:
    """The form was saved: its draft has done its job. Called by the form's view after its save service
    succeeded (the view has already checked access)."""
    with transaction.atomic():
        draft = Draft.objects.filter(user=actor, path=path).first()
        if draft is not None:
            _deleted(draft, actor=actor, why="saved", case=case, partnership=partnership)


def _deleted(
    draft: Draft,
    *,
    actor: User | None,
    why: str,
    ids: Mapping[str, str] | None = None,
    case: Any = None,
    partnership: Any = None,
) -> None:
    """Record the draft's deletion (the form's URL name, why, and ids), then delete it. Inside the caller's
    transaction."""
    record_event(
        event_type=EventType.DRAFT_DELETED,
        actor=actor,
        case=case,
        partnership=partnership,
        target=draft,
        data={"form": draft.form_key, "why": why, **(ids or {})},
    )
    draft.delete()


def drafts_tidy() -> int:
    """Delete drafts past their retention (`tick`, every minute), however they were kept. One event for the
    lot, the count only. Returns how many were deleted."""
    cutoff = clock.now() - dt.timedelta(days=settings.DRAFT_RETENTION_DAYS)
    with transaction.atomic():
        deleted, _ = Draft.objects.filter(saved_at__lte=cutoff).delete()
        if deleted:
            record_event(event_type=EventType.DRAFTS_EXPIRED, data={"deleted": deleted})
    return deleted
