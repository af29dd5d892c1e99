"""Signals through which the outcome (an app above chronology) takes part in chronology changes, so
chronology never imports it (the layers contract, docs/architecture.md "Layers"). Sent inside the service's
transaction (never send_robust: a receiver's failure rolls the whole change back)."""

from django.dispatch import Signal

# At the rapid review a change to the chronology makes the outcome out of date. kwargs: actor, case, cause
# (the audit event type's value) and data (ids and codes only). The outcome raises its version and returns
# it, or None when there is no outcome or it is fixed.
chronology_changed = Signal()

# Which of these entries something cites as evidence (the outcome's evidence): a cited entry cannot simply
# be withdrawn. kwargs: entry_ids. Receivers return the set of ids they cite.
entries_cited = Signal()
