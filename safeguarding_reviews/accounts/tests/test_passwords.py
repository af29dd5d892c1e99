"""Password reset (same answer whether or not the address has an account) and password change."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD

from .conftest import assert_has_event, signed_in_client

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
NEW_PASSWORD = "a-brand-new-long-passphrase-77"


def test_reset_request_page(client):
    response = client.get(RESET)
    assert response.status_code == 200
    assert "Reset your password" in response.content.decode()


def test_reset_answers_the_same_for_known_and_unknown_addresses(
    client, mfa_user, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://reviews.example.invalid"
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(RESET, {"email": mfa_user.user.email})
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(RESET, {"email": "nobody-at-all@test.example"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("account_reset_password_done")
    # Only the real account gets an email; it carries a link and no personal detail.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mfa_user.user.email]
    assert mfa_user.user.email not in message.body
    assert mfa_user.user.full_name not in message.body
    assert "https://reviews.example.invalid/accounts/password/reset/key/" in message.body
    assert AuditEvent.objects.filter(event_type=EventType.PASSWORD_RESET_REQUESTED).count() == 1
    done = client.get(reverse("account_reset_password_done"))
    assert done.status_code == 200 and "Check your email" in done.content.decode()


def test_reset_request_with_bad_address_is_400(client):
    response = client.post(RESET, {"email": "not an email"})
    assert response.status_code == 400
    assert "<title>Error: Reset your password" in response.content.decode()


def test_reset_link_sets_a_new_password_once(client, mfa_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET, {"email": mfa_user.user.email})
    found = re.search(r"https?://\S+", str(mail.outbox[0].body))
    assert found is not None
    link = found.group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 302  # the key moves into the session, out of the URL
    form_url = response.url
    page = client.get(form_url)
    assert page.status_code == 200 and "Choose a new password" in page.content.decode()
    mismatch = client.post(form_url, {"password1": NEW_PASSWORD, "password2": "different-" + NEW_PASSWORD})
    assert mismatch.status_code == 400
    assert "<title>Error: Choose a new password" in mismatch.content.decode()
    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done.url == reverse("account_reset_password_from_key_done")
    assert client.get(done.url).status_code == 200
    mfa_user.user.refresh_from_db()
    assert mfa_user.user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.get(event_type=EventType.PASSWORD_CHANGED).data == {"via": "reset"}
    # Used links do not work again.
    again = client.get("/" + path)
    assert again.status_code == 400
    assert "Your link has expired" in again.content.decode()


def test_made_up_reset_link_is_400(client):
    response = client.get("/accounts/password/reset/key/1-made-up-key/")
    assert response.status_code == 400
    assert "Your link has expired" in response.content.decode()


def test_change_password(client, mfa_user):
    signed_in_client(client, mfa_user.user)
    url = reverse("account_change_password")
    assert client.get(url).status_code == 200
    wrong = client.post(
        url, {"oldpassword": "nope-nope-nope", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert wrong.status_code == 400
    assert "<title>Error: Change your password" in wrong.content.decode()
    weak = client.post(url, {"oldpassword": TEST_PASSWORD, "password1": "short", "password2": "short"})
    assert weak.status_code == 400
    ok = client.post(
        url, {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert ok.status_code == 302
    assert ok.url == reverse("accounts:security")
    assert_has_event(EventType.PASSWORD_CHANGED, actor=mfa_user.user, data={"via": "change"})
    assert client.get("/").status_code == 200  # still signed in here


def test_password_change_signs_out_other_sessions(client, mfa_user):
    from django.test import Client

    other = signed_in_client(Client(), mfa_user.user)
    signed_in_client(client, mfa_user.user)
    client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert other.get("/").status_code == 302
