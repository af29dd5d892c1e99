"""Session limits and the MFA requirement.

Idle limit 15 minutes (the GOV.UK timeout warning appears two minutes before), absolute limit
12 hours (quality-targets R7). A form posted after expiry is kept as a draft (accounts.drafts).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event

from .drafts import draft_save

STARTED_KEY = "_sr_started"
LAST_SEEN_KEY = "_sr_last_seen"
MFA_OK_KEY = "_sr_mfa_ok"
# Polled by the timeout warning; reading it must not count as activity.
PASSIVE_PATHS = ("/accounts/session/status/",)


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.get(STARTED_KEY)
            last_seen = session.get(LAST_SEEN_KEY)
            if started is None or last_seen is None:
                session[STARTED_KEY] = session[LAST_SEEN_KEY] = now
            elif (
                now - last_seen > settings.SESSION_IDLE_TIMEOUT_SECONDS
                or now - started > settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS
            ):
                return self._expire(request)
            elif request.path not in PASSIVE_PATHS:
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def _expire(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        path = request.path
        with transaction.atomic():
            if request.method == "POST" and not path.startswith("/accounts/"):
                draft_save(user=user, path=path, post=request.POST)
            record_event(event_type=EventType.SESSION_EXPIRED, actor=user)
        logout(request)
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"signed_in": False}, status=401)
        query = urlencode({"next": path, "timed_out": "1"})
        return HttpResponseRedirect(f"{reverse('account_login')}?{query}")


ALWAYS_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/accessibility/", "/privacy/")


class RequireMFAMiddleware:
    """Outside demo mode every account must have an authenticator app before doing anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not settings.DEMO_MODE
            and not request.session.get(MFA_OK_KEY)
            and not request.path.startswith(ALWAYS_ALLOWED_PREFIXES)
        ):
            from allauth.mfa.models import Authenticator

            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                request.session[MFA_OK_KEY] = True
            else:
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
