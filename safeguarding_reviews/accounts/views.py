"""Account pages of our own: security settings, sign out everywhere, the session timeout endpoints."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import services


@login_required
@require_GET
def security(request: HttpRequest) -> HttpResponse:
    from allauth.mfa.models import Authenticator

    types = set(Authenticator.objects.filter(user=request.user).values_list("type", flat=True))
    return render(
        request,
        "accounts/security.html",
        {
            "has_totp": Authenticator.Type.TOTP in types,
            "has_recovery_codes": Authenticator.Type.RECOVERY_CODES in types,
        },
    )


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
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


@require_GET
def timed_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        logout(request)
    return render(request, "accounts/timed_out.html")
