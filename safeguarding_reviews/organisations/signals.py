"""Signals other apps may listen to. Sent inside the service's transaction (never send_robust: a
receiver's failure rolls the whole change back)."""

from django.dispatch import Signal

# An invitation was accepted: kwargs user (the person, now a member) and invitation.
invitation_accepted = Signal()
