"""allauth's URLs as this service uses them. Included ahead of allauth.urls (config/urls.py), so the
first match wins: our GOV.UK-styled subclasses answer at allauth's paths under allauth's names, and
allauth pages the service does not use answer 404. Anything allauth adds in a later release and we
have not listed here would fall through to allauth: tests/test_allauth_urls.py fails if that happens.
"""

from allauth.account import views as account_views
from allauth.mfa.recovery_codes import views as recovery_views
from django.urls import path, re_path
from django.views.generic import RedirectView

from . import auth_views

urlpatterns = [
    # Sign in and out
    path("login/", auth_views.LoginView.as_view(), name="account_login"),
    path("logout/", account_views.logout, name="account_logout"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    path("signup/", auth_views.signup_closed, name="account_signup"),
    # Passwords
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="account_change_password"),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="account_reset_password"),
    path("password/reset/done/", account_views.password_reset_done, name="account_reset_password_done"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        auth_views.PasswordResetFromKeyView.as_view(),
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    # Asking again before sensitive changes (authenticator app, recovery codes)
    path("reauthenticate/", auth_views.ReauthenticateView.as_view(), name="account_reauthenticate"),
    # Two-factor authentication: an authenticator app (TOTP) and recovery codes
    path("2fa/", RedirectView.as_view(pattern_name="accounts:security"), name="mfa_index"),
    path("2fa/authenticate/", auth_views.MFAAuthenticateView.as_view(), name="mfa_authenticate"),
    path("2fa/reauthenticate/", auth_views.MFAReauthenticateView.as_view(), name="mfa_reauthenticate"),
    path("2fa/totp/activate/", auth_views.ActivateTOTPView.as_view(), name="mfa_activate_totp"),
    path("2fa/totp/deactivate/", auth_views.DeactivateTOTPView.as_view(), name="mfa_deactivate_totp"),
    path("2fa/recovery-codes/", recovery_views.view_recovery_codes, name="mfa_view_recovery_codes"),
    path(
        "2fa/recovery-codes/generate/",
        auth_views.GenerateRecoveryCodesView.as_view(),
        name="mfa_generate_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/download/",
        recovery_views.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
    # Not used here: no email management or verification (addresses are proven by the invitation),
    # no passwordless codes, no "set a password" (every account has one).
    path("reauthenticate/code/", auth_views.not_used, name="account_request_reauthentication_code"),
    path("reauthenticate/code/confirm/", auth_views.not_used, name="account_confirm_reauthentication_code"),
    path("email/", auth_views.not_used, name="account_email"),
    path("confirm-email/", auth_views.not_used, name="account_email_verification_sent"),
    re_path(r"^confirm-email/(?P<key>[-:\w]+)/$", auth_views.not_used, name="account_confirm_email"),
    path("password/set/", auth_views.not_used, name="account_set_password"),
    path("login/code/", auth_views.not_used, name="account_request_login_code"),
    path("login/code/confirm/", auth_views.not_used, name="account_confirm_login_code"),
]
