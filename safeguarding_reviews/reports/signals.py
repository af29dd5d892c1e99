"""Signals through which the Panel (an app above reports) tells the report pages what it knows, so reports
never imports it (the layers contract, docs/architecture.md "Layers")."""

from django.dispatch import Signal

# Asked by the case's reports page: has the report been sent to the Panel? kwargs: case. The panel returns its
# current (not superseded) submission, which has `sent_on` and `recorded_at`, or None.
report_sent_wanted = Signal()
