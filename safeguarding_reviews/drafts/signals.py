"""Apps above drafts that keep drafts of their own take part in the drafts' retention, so drafts never imports
them (the layers contract, docs/architecture.md "Layers")."""

from django.dispatch import Signal

# Sent inside drafts.services.drafts_tidy's transaction. kwargs: cutoff (a datetime). Receivers delete the
# drafts they keep saved at or before it (accounts: the answers of a form posted after the session ran out)
# and return how many they deleted.
drafts_expire = Signal()
