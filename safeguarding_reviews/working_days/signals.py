"""Sent inside the transaction that changed the calendar, so running clocks are recomputed with it.

The clocks app listens (clocks/apps.py); working_days does not import clocks.
"""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: actor, dates (the dates added or removed), partnership_id (None: the statutory calendar)
calendar_changed = Signal()
