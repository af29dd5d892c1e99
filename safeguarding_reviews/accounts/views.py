"""Account pages of our own: your account, sign out everywhere, the session timeout endpoints."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from safeguarding_reviews.accounts.http import AuthenticatedHttpRequest
from safeguarding_reviews.accounts.selectors import authenticator_types

from . import services
from .middleware import LAST_SEEN_KEY, TIMED_OUT_USER_ATTRIBUTE


@login_required
@require_GET
def security(request: HttpRequest) -> HttpResponse:
    from allauth.mfa.models import Authenticator

    types = authenticator_types(request.user)
    return render(
        request,
        "accounts/security.html",
        {
            "has_totp": Authenticator.Type.TOTP in types,
            "has_recovery_codes": Authenticator.Type.RECOVERY_CODES in types,
            "demo_mode": settings.DEMO_MODE,
        },
    )


@login_required
@require_POST
def sign_out_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.sign_out_everywhere(actor=request.user)
    logout(request)
    messages.success(request, "You have been signed out of every session")
    return redirect("account_login")


@require_POST
def keep_alive(request: HttpRequest) -> JsonResponse:
    """'Stay signed in': any authenticated request already refreshed the idle clock in the middleware."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse({"signed_in": True, "idle_timeout_seconds": settings.SESSION_IDLE_TIMEOUT_SECONDS})


@never_cache
@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """How long until this session times out. Passive: asking does not count as activity, so a
    tab left open learns when another tab has kept the session alive."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_remaining": 0}, status=401)
    return JsonResponse({"signed_in": True, "seconds_remaining": _seconds_remaining(request)})


def _seconds_remaining(request: HttpRequest) -> int:
    last_seen = request.session.get(LAST_SEEN_KEY, time.time())
    return max(0, int(settings.SESSION_IDLE_TIMEOUT_SECONDS - (time.time() - last_seen)))


# The timeout warning navigates here when the idle time runs out. A GET that signs people out would
# let any page on the web sign them out (an <img> is enough), so a session with time left is kept.
TIMED_OUT_GRACE_SECONDS = 10


def _safe_next(request: HttpRequest) -> str:
    candidate = request.GET.get("next", "")
    if (
        candidate.startswith("/")
        and not candidate.startswith("/accounts/")
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
    ):
        return candidate
    return ""


@require_GET
def timed_out(request: HttpRequest) -> HttpResponse:
    from safeguarding_reviews.drafts.rules import labels_in_words
    from safeguarding_reviews.drafts.selectors import kept_form_labels

    next_path = _safe_next(request)
    # Whose session ended: this one's, or the one the middleware has just ended (None if we cannot know, for
    # example a second visit; then the page claims nothing about what was kept).
    user_id = getattr(request, TIMED_OUT_USER_ATTRIBUTE, None)
    if request.user.is_authenticated:
        if _seconds_remaining(request) > TIMED_OUT_GRACE_SECONDS:
            return redirect(next_path or "home")
        user_id = request.user.pk
        services.session_expire(request=request)
    params = {"timed_out": "1"}
    if next_path:
        params = {"next": next_path, **params}
    return render(
        request,
        "accounts/timed_out.html",
        {
            "sign_in_url": f"{reverse('account_login')}?{urlencode(params)}",
            "idle_minutes": max(1, settings.SESSION_IDLE_TIMEOUT_SECONDS // 60),
            "session_known": user_id is not None,
            "kept_forms": labels_in_words(kept_form_labels(user_id=user_id)),
        },
    )
