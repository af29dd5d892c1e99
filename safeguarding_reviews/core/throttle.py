"""The rate limit on work that creates jobs (security finding 4): a crawler made 580 Word exports in minutes.

Apply it to a view with one line, under the view's other decorators:

    @login_required
    @require_http_methods(["POST"])
    @job_rate_limit("chronology_export")
    def chronology_export_docx(request, case_id): ...

Only POSTs count (GET shows pages and never creates a job). The limit is settings.JOB_RATE_LIMIT, "10/10m"
by default: at most 10 job-creating POSTs by one person in any 10 minutes, **counted per person over every
kind together** (the kinds share one worker queue and one document store, which is what the limit
protects; the kind is recorded on the refusal). Over the limit the view is not called: a 429 page
(core/too_many_jobs.html) says at what time, Europe/London, the person can try again (also sent as
Retry-After, in seconds), and the refusal is audited as `job.rate_limited` holding only the kind.

How it counts: the window slides. Each allowed POST takes one of N slots in the Django cache (keys
`jobs:<user id>:<slot>`) for exactly the window's length; a POST finding every slot taken is refused, and
the earliest slot to free up gives the time to try again. Slots are taken with `cache.add`, which is
atomic on Redis (SET NX), the database cache (a unique key) and the local-memory cache, so two processes
cannot take the same slot and the limit holds across gunicorn workers (one exception: on the database
cache, two requests in the same instant can both re-take a slot whose row has just expired). A POST the
view answers with a 4xx (an invalid form, 403, 404) or an exception gives its slot back: it created
nothing. A POST the view answers some other way (a job created, or "already being built" redirect) keeps
it.

The pure parts (`parse_rate`, `time_in_words`) are table-tested in core/tests/test_throttle.py.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import clock
from .signals import job_refused

_UNITS = {"s": 1, "m": 60, "h": 3600}
_RATE = re.compile(r"([0-9]{1,4})/([0-9]{1,4})([smh])", re.ASCII)
MAX_JOBS = 1000  # the cache holds one key per slot: keep a mistyped setting from asking for millions

View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class Rate:
    jobs: int
    seconds: int

    @property
    def period_in_words(self) -> str:
        """ "10 minutes", "1 hour", "90 seconds" (whole hours or minutes when it divides)."""
        for unit, size in (("hour", 3600), ("minute", 60), ("second", 1)):
            if self.seconds % size == 0:
                count = self.seconds // size
                return f"{count} {unit}{'' if count == 1 else 's'}"
        raise AssertionError("unreachable")  # pragma: no cover - every period divides by 1 second


def parse_rate(text: str) -> Rate:
    """ "10/10m" is 10 jobs in any 10 minutes; units s, m, h. Anything else is a configuration error."""
    match = _RATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f'JOB_RATE_LIMIT must look like "10/10m" (jobs/period with s, m or h), not {text!r}')
    jobs, amount, unit = int(match[1]), int(match[2]), match[3]
    if not 1 <= jobs <= MAX_JOBS or amount < 1:
        raise ValueError(f"JOB_RATE_LIMIT needs 1 to {MAX_JOBS} jobs in a period of at least 1 {unit}")
    return Rate(jobs=jobs, seconds=amount * _UNITS[unit])


def time_in_words(moment: dt.datetime, *, now: dt.datetime) -> str:
    """GOV.UK style, in Europe/London: "10:42am", "midday", "midnight", with "tomorrow" or the date when
    the moment is not today ("9:05am on 6 December 2026"). The minute is rounded up, never down."""
    local = clock.london(moment)
    if local.second or local.microsecond:
        local = (local + dt.timedelta(minutes=1)).replace(second=0, microsecond=0)
    if (local.hour, local.minute) == (12, 0):
        text = "midday"
    elif (local.hour, local.minute) == (0, 0):
        text = "midnight"
    else:
        text = f"{local.hour % 12 or 12}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"
    today = clock.london(now).date()
    if local.date() == today:
        return text
    if local.date() == today + dt.timedelta(days=1):
        return f"{text} tomorrow"
    return f"{text} on {local.day} {local:%B %Y}"


def job_rate() -> Rate:
    return parse_rate(str(getattr(settings, "JOB_RATE_LIMIT", "10/10m")))


@dataclass(frozen=True)
class Admission:
    """The answer for one job-creating POST: a slot taken (`slot_key`), or the time to try again."""

    slot_key: str | None
    retry_at: dt.datetime | None = None

    @property
    def allowed(self) -> bool:
        return self.slot_key is not None


def job_admit(user_id: Any, *, rate: Rate | None = None) -> Admission:
    """Take a free slot for this person, or say when the first one frees up."""
    rate = rate or job_rate()
    now = clock.now()
    keys = [f"jobs:{user_id}:{slot}" for slot in range(rate.jobs)]
    taken = cache.get_many(keys)
    for key in keys:
        if key not in taken and cache.add(key, now.timestamp(), timeout=rate.seconds):
            return Admission(slot_key=key)
    taken = cache.get_many(keys)  # someone else took the free ones first: read the times again
    stamps = [float(value) for value in taken.values() if isinstance(value, int | float)]
    earliest = min(stamps) if stamps else now.timestamp()
    retry_at = dt.datetime.fromtimestamp(earliest + rate.seconds, tz=dt.UTC)
    return Admission(slot_key=None, retry_at=max(retry_at, now))


def job_release(admission: Admission) -> None:
    """Give a slot back (the POST created nothing)."""
    if admission.slot_key is not None:
        cache.delete(admission.slot_key)


def too_many_jobs_response(request: HttpRequest, *, retry_at: dt.datetime) -> HttpResponse:
    now = clock.now()
    rate = job_rate()
    response = render(
        request,
        "core/too_many_jobs.html",
        {
            "retry_at": clock.london(retry_at),
            "retry_in_words": time_in_words(retry_at, now=now),
            "jobs": rate.jobs,
            "period": rate.period_in_words,
        },
        status=429,
    )
    response["Retry-After"] = str(max(1, math.ceil((retry_at - now).total_seconds())))
    return response


def job_rate_limit(kind: str) -> Callable[[View], View]:
    """Decorator for a view whose POST creates a job (a build on the task worker, a stored file).
    `kind` is a short code for the audit record ("chronology_export", "report_generate"). Put it inside
    @login_required: it counts per signed-in person (an anonymous POST is left to the view to refuse)."""
    if not kind or len(kind) > 40:
        raise ValueError("kind must be a short code")

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user = getattr(request, "user", None)
            if request.method != "POST" or user is None or not user.is_authenticated:
                return view(request, *args, **kwargs)
            admission = job_admit(user.pk)
            if not admission.allowed:
                job_refused.send(sender=None, actor=user, kind=kind)
                assert admission.retry_at is not None
                return too_many_jobs_response(request, retry_at=admission.retry_at)
            try:
                response = view(request, *args, **kwargs)
            except BaseException:
                job_release(admission)
                raise
            if 400 <= getattr(response, "status_code", 200) < 500:
                job_release(admission)
            return response

        wrapped.job_rate_limit_kind = kind  # type: ignore[attr-defined]  # for tests: which views carry it
        return wrapped  # type: ignore[return-value]

    return decorate
