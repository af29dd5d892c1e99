"""Signals the final report record sends, for the apps above it (the local review's plan)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that submits the record for the partners' sign-off, with `case`, `report` and
# `actor`. The local review marks its "Final report" target achieved.
final_report_submitted = Signal()
