"""Job status pages (a Word export, a report generation) that check for progress without reloading.

The page is rendered as usual; `static/app/job-status.js` then asks the same URL for JSON every few
seconds and puts the server-rendered status fragment in place, announcing the change in a polite live
region (WCAG 2.2.2: no Refresh header). A poll is not the user doing anything, so a view marked
`passive_poll` does not refresh the idle timer when asked for JSON (see accounts.middleware)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers

POLL_SECONDS = 5

F = TypeVar("F", bound=Callable[..., Any])

_PASSIVE_ATTRIBUTE = "job_status_passive_poll"


def passive_poll(view: F) -> F:
    """Mark a view whose JSON answer is a background poll: it must not count as activity."""
    setattr(view, _PASSIVE_ATTRIBUTE, True)
    return view


def wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def is_passive_poll(request: HttpRequest) -> bool:
    """A JSON GET of a view marked `passive_poll`: the middleware then leaves the idle clock alone."""
    if request.method != "GET" or not wants_json(request):
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return bool(getattr(match.func, _PASSIVE_ATTRIBUTE, False))


def job_status_response(
    request: HttpRequest,
    *,
    finished: bool,
    status: str,
    announcement: str,
    page: str,
    fragment: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The page (which includes `fragment`), or, asked for JSON, the poll's answer: whether the job has
    finished, its status, what to announce, and the fragment (rendered by Django, so escaped) for the
    script to put in place. Both share a URL, so caches must keep them apart (Vary: Accept)."""
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse(
            {
                "finished": finished,
                "status": status,
                "announcement": announcement,
                "html": render_to_string(fragment, context, request=request),
            }
        )
        patch_cache_control(response, no_store=True, private=True)
    else:
        response = render(request, page, context)
    patch_vary_headers(response, ("Accept",))
    return response
