"""Every mounted allauth page is either ours (GOV.UK-styled) or a 404."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from .conftest import signed_in_client

pytestmark = pytest.mark.django_db

# The account URL names this service answers, with the methods each takes.
ACCOUNT_URL_NAMES = {
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_change_password",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_reauthenticate",
    "mfa_index",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
}
# allauth's names for pages this service does not use: they resolve to a 404.
NOT_USED_NAMES = {
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_email",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_set_password",
    "account_request_login_code",
    "account_confirm_login_code",
}
NOT_USED = [
    "/accounts/email/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/some-key/",
    "/accounts/password/set/",
    "/accounts/login/code/",
    "/accounts/login/code/confirm/",
    "/accounts/reauthenticate/code/",
    "/accounts/reauthenticate/code/confirm/",
    "/accounts/2fa/webauthn/",
    "/accounts/2fa/trust/",
    "/accounts/sessions/",
    "/accounts/3rdparty/",
]


def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def test_every_allauth_route_resolves_to_our_view_or_404():
    from safeguarding_reviews.accounts import allauth_urls, auth_views

    ours = {pattern.callback for pattern in allauth_urls.urlpatterns}
    seen_names = set()
    for route, pattern in _walk(get_resolver()):
        if not route.startswith("accounts/") or pattern.lookup_str.startswith("safeguarding_reviews"):
            continue
        # An allauth pattern: the same path must resolve to one of ours first.
        probe = "/" + route.replace("^", "").replace("$", "")
        probe = probe.replace("(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/", "1-k/").replace(
            "(?P<key>[-:\\w]+)/", "k/"
        )
        match = resolve(probe)
        assert match.func in ours, route
        if match.url_name:
            seen_names.add(match.url_name)
    assert seen_names <= ACCOUNT_URL_NAMES | NOT_USED_NAMES
    for name in NOT_USED_NAMES:
        from django.urls import reverse

        kwargs = {"key": "k"} if name == "account_confirm_email" else {}
        assert resolve(reverse(name, kwargs=kwargs)).func is auth_views.not_used


@pytest.mark.parametrize("path", NOT_USED)
def test_unused_allauth_pages_are_404(client, mfa_user, path):
    assert client.get(path).status_code == 404
    signed_in_client(client, mfa_user.user)
    assert client.get(path).status_code == 404


def test_signup_is_closed_with_a_clear_page(client):
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    assert "Accounts are by invitation only" in page.content.decode()
    response = client.post(
        "/accounts/signup/", {"email": "me@test.example", "password1": "x", "password2": "x"}
    )
    assert response.status_code == 403
    from safeguarding_reviews.accounts.models import User

    assert not User.objects.filter(email="me@test.example").exists()


def test_mfa_index_goes_to_your_account(client, mfa_user):
    signed_in_client(client, mfa_user.user)
    response = client.get("/accounts/2fa/")
    assert response.status_code == 302 and response.url == "/accounts/security/"


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/accounts/password/reset/", "/accounts/password/reset/done/", "/accounts/signup/"],
)
def test_public_account_pages_use_the_service_layout(client, path):
    html = client.get(path).content.decode()
    assert "govuk-template" in html and "<h1" in html
    assert "allauth" not in html.lower()


def test_your_account_page(client, mfa_user):
    assert client.get("/accounts/security/").status_code == 302
    signed_in_client(client, mfa_user.user)
    page = client.get("/accounts/security/")
    assert page.status_code == 200
    html = page.content.decode()
    assert mfa_user.user.email in html
    assert "Sign out of all sessions" in html
    assert "/accounts/2fa/totp/deactivate/" in html and "/accounts/2fa/recovery-codes/" in html
    assert client.post("/accounts/security/").status_code == 405
