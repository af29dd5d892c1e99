"""Session limits and the MFA requirement.

Idle limit 15 minutes (the GOV.UK timeout warning appears two minutes before), absolute limit
12 hours (quality-targets R7). A form posted after expiry is kept as the user's draft of that page (drafts
app) and offered back there once they have signed in again (the sign-in page carries `next`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.core.job_status import is_passive_poll

from .services import REGISTERED_KEY, session_register

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

STARTED_KEY = "_sr_started"
LAST_SEEN_KEY = "_sr_last_seen"
MFA_OK_KEY = "_sr_mfa_ok"
# Used by the timeout warning; visiting them must not count as activity (the timed-out page decides
# whether time is up, so it must see the clock as it was). A typed draft's save is passive too: the page
# also saves when the warning opens, and that must not keep the session alive; typing itself reaches the
# server as the throttled keep-alive (static/app/timeout.js).
PASSIVE_PATHS = ("/accounts/session/status/", "/accounts/session/timed-out/", "/drafts/save/")
# The timed-out page, reached after expiry, is rendered signed out: it is told whose session ended so it can
# say truthfully what was kept for them.
TIMED_OUT_USER_ATTRIBUTE = "sr_timed_out_user_id"
# Job status polls (core.job_status.passive_poll) are passive too: the page asks, not the user.


def _csrf_ok(request: HttpRequest) -> bool:
    """This middleware runs before CsrfViewMiddleware.process_view: check the token ourselves before
    keeping anything a POST carried, so a forged cross-site POST cannot plant a draft."""
    checker = CsrfViewMiddleware(lambda r: HttpResponse())
    return checker.process_view(request, lambda r: HttpResponse(), (), {}) is None


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
                return self._expire(request, user)
            elif request.path not in PASSIVE_PATHS and not is_passive_poll(request):
                session[LAST_SEEN_KEY] = now
            # Session keys change (sign-in, password change): keep "sign out of all sessions" able to
            # find this one. One write per key, not per request.
            if session.session_key and session.get(REGISTERED_KEY) != session.session_key:
                session_register(user=user, session_key=session.session_key)
                session[REGISTERED_KEY] = session.session_key
        return self.get_response(request)

    def _expire(self, request: HttpRequest, user: User) -> HttpResponse:
        path = request.path
        timed_out_path = reverse("accounts:timed_out")
        keep_draft = (
            request.method == "POST"
            and not path.startswith("/accounts/")
            and not request.headers.get("Accept", "").startswith("application/json")
            and _csrf_ok(request)
        )
        with transaction.atomic():
            if keep_draft:
                # Imported when needed: the drafts app sits above accounts (docs/architecture.md).
                from safeguarding_reviews.drafts.services import draft_keep_after_expiry

                post = request.POST
                draft_keep_after_expiry(
                    actor=user, path=path, fields={key: post.getlist(key) for key in post}
                )
            record_event(event_type=EventType.SESSION_EXPIRED, actor=user)
        logout(request)
        setattr(request, TIMED_OUT_USER_ATTRIBUTE, user.pk)
        if path == timed_out_path:
            return self.get_response(request)  # the "you have been signed out" page itself
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"signed_in": False}, status=401)
        params = {"timed_out": "1"}
        if not path.startswith("/accounts/"):
            params = {"next": path, **params}
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode(params)}")


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
