"""`outcome_changed` is sent inside the transaction of every outcome edit (outcomes.services), after the
version is raised. The signoffs app listens and supersedes the sign-offs given against earlier
versions, in the same transaction, so the two never disagree."""

from django.dispatch import Signal

# kwargs: actor, outcome (already at its new version), previous_version
outcome_changed = Signal()
