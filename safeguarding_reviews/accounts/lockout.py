"""django-axes hooks: lock by a hash of the identifier, never store or log the email address."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def hashed_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: axes keys its cache on this, so it never holds the address itself."""
    credentials = credentials or {}
    raw = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not raw:
        raw = request.POST.get("login") if request is not None and request.method == "POST" else None
    if not raw:
        return None
    return hashlib.sha256(str(raw).strip().lower().encode()).hexdigest()


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | dict[str, Any] | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE. axes 8.3 calls it as (request, original_response, credentials), falling
    back to (request, credentials) on TypeError; both shapes land here because the last two are optional.
    The page is the same whether or not the address belongs to an account."""
    return render(request, "accounts/locked_out.html", status=429)
