"""Signals the final report record sends, for the apps above it (the local review's plan)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that submits the record for the partners' sign-off, with `case`, `report` and
# `actor`. The local review marks its "Final report" target achieved.
final_report_submitted = Signal()

# Sent inside the transaction that changes a record that had been submitted (back into preparation, the
# partners' sign-offs superseded), with `case`, `report` and `actor`. The local review's "Final report" and
# "Signed off by the partners" targets are no longer achieved.
final_report_reopened = Signal()
