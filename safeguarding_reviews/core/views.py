"""Service-wide pages: health check, error pages, static content pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import clock
from .schedule import last_tick
from .selectors import database_queue, worker_last_ran

WORKER_STALE_AFTER_SECONDS = 5 * 60
TICK_STALE_AFTER_SECONDS = 5 * 60
_CACHE_PROBE_KEY = "healthz:probe"


def _age_seconds(moment: dt.datetime | None) -> int | None:
    return None if moment is None else max(0, int((clock.now() - moment).total_seconds()))


def _freshness(moment: dt.datetime | None, stale_after: int) -> str:
    age = _age_seconds(moment)
    return "never" if age is None else ("ok" if age < stale_after else "stale")


def _cache_ok() -> bool:
    """Sign-in lockouts and the job rate limit live in the cache: a round trip through it."""
    try:
        value = uuid.uuid4().hex
        cache.set(_CACHE_PROBE_KEY, value, timeout=30)
        return cache.get(_CACHE_PROBE_KEY) == value
    except Exception:  # any failure means the cache is down
        return False


def _task_queue() -> dict[str, Any]:
    """How many jobs wait to be run and how long the oldest has waited, over every queue."""
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
        import django_rq

        depth, oldest = 0, None
        for name in settings.TASK_QUEUES:
            queue = django_rq.get_queue(name)
            depth += queue.count
            first = queue.get_jobs(0, 1)
            if first and first[0].enqueued_at is not None:
                enqueued = first[0].enqueued_at
                enqueued = enqueued if enqueued.tzinfo else enqueued.replace(tzinfo=dt.UTC)
                oldest = enqueued if oldest is None else min(oldest, enqueued)
    else:
        depth, oldest = database_queue()
    return {"queue_depth": depth, "oldest_waiting_seconds": _age_seconds(oldest)}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring. 503 when the database or the cache is down (sign-in needs both);
    otherwise 200 with the task worker's heartbeat, the task queue and the last `tick`, for alerting on."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    cache_ok = _cache_ok()
    beat = worker_last_ran()
    tick = last_tick()
    try:
        tasks: dict[str, Any] = {"status": "ok", **_task_queue()}
    except Exception:  # the queue's broker unreachable: say so, the pages still work
        tasks = {"status": "unreachable", "queue_depth": None, "oldest_waiting_seconds": None}
    return JsonResponse(
        {
            "status": "ok" if cache_ok else "unavailable",
            "database": "ok",
            "cache": "ok" if cache_ok else "unreachable",
            "worker": _freshness(beat, WORKER_STALE_AFTER_SECONDS),
            "worker_last_ran_at": beat.isoformat() if beat else None,
            "tasks": tasks,
            "tick": _freshness(tick, TICK_STALE_AFTER_SECONDS),
            "tick_last_ran_at": tick.isoformat() if tick else None,
        },
        status=200 if cache_ok else 503,
    )


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_required
@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    """The service's words and short forms in plain English (issue 18, item 2): static, no case data."""
    return render(request, "core/glossary.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the failure may be the database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "", **kwargs: Any) -> HttpResponse:
    return render(request, "csrf_failure.html", status=403)
