"""Sign in, MFA at sign-in, and bad input: a clear message and a 4xx, never a 500 and never a 200."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

from .conftest import assert_has_event, make_mfa_user, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _password(client, email, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN + extra.pop("query", ""), {"login": email, "password": password, **extra})


def test_sign_in_page_is_govuk_styled(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in html
    assert 'autocomplete="email"' in html and 'autocomplete="current-password"' in html
    assert "by invitation" in html
    assert "<title>Sign in" in html


def test_timed_out_message_only_when_asked(client):
    assert "signed out because you were inactive" not in client.get(LOGIN).content.decode()
    html = client.get(LOGIN + "?timed_out=1").content.decode()
    assert "You were signed out because you were inactive" in html


def test_wrong_password_and_unknown_email_look_the_same(client, mfa_user):
    wrong = _password(client, mfa_user.user.email, "not-the-password-at-all")
    unknown = _password(client, "nobody-here@test.example", "not-the-password-at-all")
    assert wrong.status_code == unknown.status_code == 400
    for response in (wrong, unknown):
        html = response.content.decode()
        assert "<title>Error: Sign in" in html
        assert "govuk-error-summary" in html
        assert "Enter a correct email address and password" in html
        assert 'href="#id_login"' in html
    # The typed address is kept; the password is not.
    assert 'value="nobody-here@test.example"' in unknown.content.decode()
    assert "not-the-password-at-all" not in unknown.content.decode()
    assert AuditEvent.objects.filter(event_type=EventType.SIGN_IN_FAILED).count() == 2


def test_empty_form_is_400(client):
    response = client.post(LOGIN, {})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_password_then_totp_code_signs_in_and_goes_to_next(client):
    person = make_mfa_user()
    # next must survive the password step and the code step
    response = _password(client, person.user.email, next="/accessibility/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_authenticate"))
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert "Enter your security code" in page.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": person.code()})
    assert response.status_code == 302
    assert response.url == "/accessibility/"
    assert client.get("/").status_code == 200
    assert_has_event(EventType.SIGN_IN, actor=person.user)


def test_wrong_totp_code_is_400_and_audited(client, mfa_user):
    _password(client, mfa_user.user.email)
    wrong = "000000" if mfa_user.code() != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Enter your security code" in html
    assert "The code is not right" in html
    assert_has_event(EventType.MFA_FAILED, actor=mfa_user.user)
    event = AuditEvent.objects.get(event_type=EventType.MFA_FAILED)
    assert wrong not in str(event.data)
    assert client.get("/").status_code == 302  # still not signed in


def test_a_totp_code_works_only_once(client, mfa_user):
    code = mfa_user.code()
    _password(client, mfa_user.user.email)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.post(reverse("account_logout"))
    _password(client, mfa_user.user.email)
    reused = client.post(reverse("mfa_authenticate"), {"code": code})
    assert reused.status_code == 400
    assert "each code works once" in reused.content.decode()


def test_recovery_code_signs_in_once_and_bad_one_is_400(client, mfa_user):
    _password(client, mfa_user.user.email)
    bad = client.post(reverse("mfa_authenticate"), {"code": "zzzz-zzzz"})
    assert bad.status_code == 400
    good = client.post(reverse("mfa_authenticate"), {"code": mfa_user.recovery_codes[0]})
    assert good.status_code == 302
    client.post(reverse("account_logout"))
    _password(client, mfa_user.user.email)
    again = client.post(reverse("mfa_authenticate"), {"code": mfa_user.recovery_codes[0]})
    assert again.status_code == 400


def test_mfa_page_without_password_step_goes_to_sign_in(client):
    response = client.get(reverse("mfa_authenticate"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_sign_out_is_post_only(client, mfa_user):
    from .conftest import signed_in_client

    signed_in_client(client, mfa_user.user)
    confirm = client.get(reverse("account_logout"))
    assert confirm.status_code == 200  # a confirmation page, not a sign-out
    assert client.get("/").status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert_has_event(EventType.SIGN_OUT, actor=mfa_user.user)


def test_inactive_account_cannot_sign_in(client):
    user = UserFactory.create(is_active=False)
    response = _password(client, user.email)
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Your account is not active" in page.content.decode()
    assert client.get("/").status_code == 302


def test_totp_code_helper_matches_allauth():
    from allauth.mfa.totp.internal.auth import generate_totp_secret, validate_totp_code

    secret = generate_totp_secret()
    assert validate_totp_code(secret, totp_code(secret))
