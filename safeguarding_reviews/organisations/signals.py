"""Signals other apps may listen to. Sent inside the service's transaction (never send_robust: a
receiver's failure rolls the whole change back)."""

from django.dispatch import Signal

# An invitation was accepted: kwargs user (the person, now a member) and invitation.
invitation_accepted = Signal()

# A person's places through a partnership end (they left it, their account was deactivated, or a platform
# administrator's memberships were ended): kwargs user, partnership (None: every partnership) and now. Apps
# above organisations that give people places of their own (cases: the people on a case) end them and return
# how many they ended, for the audit event.
places_end = Signal()

# Places a platform administrator still holds with no membership behind them are ended, each audited:
# kwargs reason and now. Receivers return how many they ended.
platform_admin_stray_places_end = Signal()
