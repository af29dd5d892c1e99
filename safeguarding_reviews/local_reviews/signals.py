"""Signals the local review sends, for apps that wire into it later (sign-off of the terms of reference)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that saves a new terms-of-reference version, with `terms` (the new version) and
# `actor`. A new version supersedes any sign-off of an earlier one.
terms_version_created = Signal()

# Asked (core.signals.answers) for the task list's reviewer row, with `case` and `user` (the reader). The
# reviewers app answers a dict: status (a task list status), hint, and url (its page, or "" when the reader
# may not see it). No answer: the row shows "Not started".
reviewer_row = Signal()
