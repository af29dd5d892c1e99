"""The one clock. "Today" for every rule in the service is the date in Europe/London."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def now() -> dt.datetime:
    """An aware datetime (UTC); store this."""
    return timezone.now()


def today() -> dt.date:
    """The calendar date in England right now (midnight in London, not UTC, starts a new day)."""
    return timezone.now().astimezone(LONDON).date()


def london(value: dt.datetime) -> dt.datetime:
    return value.astimezone(LONDON)
