"""Signals the drafts of the report send, for the apps above them (the local review's plan)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that stores a new version, with `case`, `draft` and `actor`. Uploading shares
# the draft with the LCPC (its members read the drafts), so the local review marks its "First draft shared
# with the LCPC" target achieved when that step is allowed (local_reviews.steps: the methodology agreed, no
# constraint blocking the draft's sharing).
draft_uploaded = Signal()
