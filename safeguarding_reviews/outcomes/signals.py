"""`outcome_changed` is sent inside the transaction of every outcome edit (outcomes.services), after the
version is raised. The signoffs app listens and supersedes the sign-offs given against earlier
versions, in the same transaction, so the two never disagree."""

from django.dispatch import Signal

# kwargs: actor, outcome (already at its new version), previous_version
outcome_changed = Signal()

# Asked before the outcome's version is raised from outside the outcome: has something above outcomes fixed
# it? The panel answers True once the report has been sent (a Panel submission that is not superseded).
# kwargs: case. Receivers return a bool.
outcome_fixed_check = Signal()
