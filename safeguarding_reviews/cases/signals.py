"""Signals through which apps above cases take part in what cases does, so cases never imports them (the
layers contract, docs/architecture.md "Layers")."""

from django.dispatch import Signal

# Sent by cases.services before a new case is saved. Each receiver returns a dict of field values the case
# starts with (clocks: the rule set it runs under, kept for its life). kwargs: partnership.
new_case_values = Signal()
