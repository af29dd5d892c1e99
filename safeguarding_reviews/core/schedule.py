"""When the periodic jobs last ran. `tick` stamps itself here (for /healthz) and claims each housekeeping
job's turn, so a job with a period of an hour runs once an hour however often `tick` runs, and once when
two ticks overlap."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from . import clock
from .models import ScheduledRun

TICK = "tick"


def tick_stamp() -> None:
    ScheduledRun.objects.update_or_create(name=TICK, defaults={"last_ran_at": clock.now()})


def last_tick() -> dt.datetime | None:
    return ScheduledRun.objects.filter(name=TICK).values_list("last_ran_at", flat=True).first()


def claim_run(*, name: str, every: dt.timedelta) -> bool:
    """True if the job `name` is due (never ran, or last ran at least `every` ago) and this caller has
    claimed it; the claim is a conditional UPDATE, so of two callers at once only one gets True."""
    now = clock.now()
    if ScheduledRun.objects.filter(name=name, last_ran_at__lte=now - every).update(last_ran_at=now):
        return True
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(name=name, last_ran_at=now)
    except IntegrityError:
        return False  # it exists and is not due (or another caller created it just now)
    return True
