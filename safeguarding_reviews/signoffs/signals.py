"""Signals the sign-off app sends, for the apps above it whose documents are signed (dependency inversion:
signoffs never imports them)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that records the sign-off completing a document: the three partners have each
# signed its current version in agreement (not while any of them disagrees). With `case`, `kind` (the
# signable code), `document_id`, `version` and `actor`. The local review marks its "Signed off by the
# partners" target achieved when the final report completes.
document_signoff_completed = Signal()
