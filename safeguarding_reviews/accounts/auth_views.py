"""allauth's views, subclassed so that bad input is a 4xx (GOV.UK pattern: 400 with an error summary).

Mounted by accounts/allauth_urls.py at allauth's own paths and names, ahead of allauth.urls, which
also turns the allauth pages this service does not use into 404s.
"""

from __future__ import annotations

from typing import Any

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from . import services


class BadInputIs400:
    """An invalid POST re-renders the form (with what was typed) and answers 400, never 200."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


def _has_error_code(form: Any, code: str) -> bool:
    return any(error.code == code for errors in form.errors.as_data().values() for error in errors)


class LoginView(BadInputIs400, account_views.LoginView):
    def form_invalid(self, form: Any) -> HttpResponse:
        if _has_error_code(form, "too_many_login_attempts"):
            # allauth's own limit (per address, or per IP across addresses) said no before axes was
            # asked: the same page, status and audit event as an axes lockout.
            services.lockout_record(attempt_while_locked=True)
            return render(self.request, "accounts/locked_out.html", status=429)
        return super().form_invalid(form)


class PasswordChangeView(BadInputIs400, account_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:security")


class PasswordResetView(BadInputIs400, account_views.PasswordResetView):
    pass


class PasswordResetFromKeyView(BadInputIs400, account_views.PasswordResetFromKeyView):
    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        if context.get("token_fail"):
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


class ReauthenticateView(BadInputIs400, account_views.ReauthenticateView):
    pass


class MFACodeLimit:
    """Too many wrong codes (allauth's per-account "login_failed" limit): the 429 page saying how long to
    wait (settings.MFA_CODE_LOCK_MINUTES, the window that limit uses), audited like a sign-in lockout."""

    def form_invalid(self, form: Any) -> HttpResponse:
        if _has_error_code(form, "too_many_login_attempts"):
            services.lockout_record(attempt_while_locked=True)
            return render(
                self.request,  # type: ignore[attr-defined]
                "accounts/mfa_locked_out.html",
                {"minutes": settings.MFA_CODE_LOCK_MINUTES},
                status=429,
            )
        return super().form_invalid(form)  # type: ignore[misc]


class MFAAuthenticateView(MFACodeLimit, BadInputIs400, mfa_views.AuthenticateView):
    pass


class MFAReauthenticateView(MFACodeLimit, BadInputIs400, mfa_views.ReauthenticateView):
    pass


class ActivateTOTPView(BadInputIs400, totp_views.ActivateTOTPView):
    pass


class DeactivateTOTPView(BadInputIs400, totp_views.DeactivateTOTPView):
    success_url = reverse_lazy("accounts:security")


class GenerateRecoveryCodesView(BadInputIs400, recovery_views.GenerateRecoveryCodesView):
    pass


@require_http_methods(["GET", "HEAD", "POST"])
def signup_closed(request: HttpRequest) -> HttpResponse:
    """There is no self sign-up: people are invited by their partnership business unit."""
    return render(request, "account/signup_closed.html", status=403 if request.method == "POST" else 200)


def not_used(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """allauth pages this service does not use (email management, login by code, ...)."""
    raise Http404
