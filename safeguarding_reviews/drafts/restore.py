"""Putting a draft back on a page that keeps no typed drafts: a form sent after the session ran out comes back
once, in the same banner as a typed draft (drafts/_kept_banner.html, included by base.html for these)."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict

from . import services
from .selectors import KeptDraft

# base.html shows the banner for the draft a view has taken back: the view's own context is left alone.
KEPT_DRAFT_ATTRIBUTE = "kept_draft"


def take_draft(request: HttpRequest) -> QueryDict | None:
    """The person's kept answers for this page as form data, once (deleted and audited as they are handed
    back); None if there are none. The view has already checked they may open the page."""
    if not request.user.is_authenticated:
        return None
    draft = services.draft_take(actor=request.user, path=request.path)
    if draft is None:
        return None
    restored = QueryDict(mutable=True)
    for key, values in draft.data.items():
        restored.setlist(key, values)
    kept = KeptDraft(data=draft.data, saved_at=draft.saved_at, stale=False, put_back_once=True)
    setattr(request, KEPT_DRAFT_ATTRIBUTE, kept)
    return restored
