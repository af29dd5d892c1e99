"""Service-wide pages: health check, error pages, static content pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import clock
from .models import WorkerHeartbeat

WORKER_STALE_AFTER_SECONDS = 5 * 60


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: is the database reachable, and when did the task worker last run?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    beat = WorkerHeartbeat.objects.filter(name="default").values_list("last_ran_at", flat=True).first()
    worker = "never"
    if beat is not None:
        worker = "ok" if (clock.now() - beat).total_seconds() < WORKER_STALE_AFTER_SECONDS else "stale"
    return JsonResponse(
        {
            "status": "ok",
            "database": database,
            "worker": worker,
            "worker_last_ran_at": beat.isoformat() if beat else None,
        }
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
