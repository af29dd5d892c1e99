"""Signals the local review sends, for apps that wire into it later (sign-off of the terms of reference)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that saves a new terms-of-reference version, with `terms` (the new version) and
# `actor`. A new version supersedes any sign-off of an earlier one.
terms_version_created = Signal()
