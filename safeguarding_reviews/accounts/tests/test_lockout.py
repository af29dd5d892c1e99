"""django-axes lockout: 5 failures, 429, audited, and no address (or hash of it) in logs or audit."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import pytest
from axes.helpers import get_lockout_response
from django.test import RequestFactory

from safeguarding_reviews.accounts.lockout import hashed_username, lockout_response
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _fail(client, email, times):
    return [client.post(LOGIN, {"login": email, "password": "wrong-password-123"}) for _ in range(times)]


def _assert_nothing_identifying(email, text):
    digest = hashlib.sha256(email.encode()).hexdigest()
    assert email not in text
    assert digest not in text
    assert email.split("@")[0] not in text


def test_five_failures_lock_the_account_for_everyone(client, mfa_user, caplog):
    caplog.set_level(logging.DEBUG)
    email = mfa_user.user.email
    responses = _fail(client, email, 5)
    assert [r.status_code for r in responses] == [400, 400, 400, 400, 429]
    locked = responses[-1].content.decode()
    assert "Too many attempts to sign in" in locked
    assert "<h1" in locked
    # Now even the right password is refused (429), and the page says the same.
    right = client.post(LOGIN + "?utm=x", {"login": email, "password": TEST_PASSWORD})
    assert right.status_code == 429
    assert "Too many attempts to sign in" in right.content.decode()
    assert client.get("/").status_code == 302  # not signed in

    events = AuditEvent.objects.filter(event_type=EventType.LOCKED_OUT).order_by("sequence")
    assert events.count() >= 2
    first, last = events.first(), events.last()
    assert first is not None and last is not None
    assert first.data == {"attempt_while_locked": False}
    assert last.data == {"attempt_while_locked": True}
    audit_text = " ".join(
        f"{e.event_type} {e.data} {e.object_id} {e.object_type}" for e in AuditEvent.objects.all()
    )
    _assert_nothing_identifying(email, audit_text)
    _assert_nothing_identifying(email, caplog.text)
    assert "utm=x" not in caplog.text


def test_unknown_address_is_locked_the_same_way(client):
    responses = _fail(client, "ghost-person@test.example", 5)
    assert [r.status_code for r in responses] == [400, 400, 400, 400, 429]


def test_lockout_is_per_account_not_per_office(client, mfa_user):
    """Everyone at a council shares one outgoing IP address: one person's typos lock only them."""
    _fail(client, "someone-else@test.example", 5)
    response = client.post(LOGIN, {"login": mfa_user.user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_allauth_limit_after_axes_window_is_the_same_429_page(client, mfa_user, settings):
    # allauth counts failures per address too; when it answers first, the page must match axes'.
    settings.AXES_FAILURE_LIMIT = 50
    responses = _fail(client, mfa_user.user.email, 6)
    assert responses[-1].status_code == 429
    assert "Too many attempts to sign in" in responses[-1].content.decode()


def test_lockout_callable_matches_both_axes_call_shapes():
    # A bare request carrying what the lockout page reads (the CSP middleware would add the nonce).
    request: Any = RequestFactory().post(LOGIN)
    request.csp_nonce = "x"
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert lockout_response(request, None, {"login": "a@b.example"}).status_code == 429
    assert lockout_response(request, {"login": "a@b.example"}).status_code == 429
    assert get_lockout_response(request, None, {"login": "a@b.example"}).status_code == 429


def test_hashed_username_is_case_insensitive_and_not_the_address():
    request = RequestFactory().post(LOGIN, {"login": " Someone@Test.Example "})
    value = hashed_username(request, None)
    assert value is not None
    assert value == hashed_username(request, {"email": "someone@test.example"})
    assert "someone" not in value
    assert hashed_username(RequestFactory().get(LOGIN), None) is None


def test_axes_w006_is_answered():
    from axes.checks import axes_lockout_params_check

    assert axes_lockout_params_check(None) == []


def test_one_office_address_is_not_locked_out_by_its_colleagues(client, mfa_user, settings):
    """SEC finding 5: allauth's 10 failures a minute per IP locked out everyone behind one address."""
    for n in range(15):
        client.post(LOGIN, {"login": f"colleague{n}@test.example", "password": "wrong-password-123"})
    response = client.post(LOGIN, {"login": mfa_user.user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert settings.SIGN_IN_FAILURES_PER_IP_PER_MINUTE >= 100


def test_too_many_wrong_codes_is_429_saying_how_long(client, mfa_user, settings):
    """SEC finding 5: the code step's lockout answered 400 "Wait 15 minutes"; the limit is 5 in 5 minutes."""
    from django.urls import reverse

    assert client.post(LOGIN, {"login": mfa_user.user.email, "password": TEST_PASSWORD}).status_code == 302
    wrong = "000000" if mfa_user.code() != "000000" else "111111"
    statuses = [client.post(reverse("mfa_authenticate"), {"code": wrong}).status_code for _ in range(6)]
    assert statuses == [400] * settings.MFA_CODE_FAILURES + [429]
    page = client.post(reverse("mfa_authenticate"), {"code": mfa_user.code()})
    assert page.status_code == 429
    text = page.content.decode()
    assert "Too many wrong security codes" in text
    assert f"try again in {settings.MFA_CODE_LOCK_MINUTES} minutes" in text
    assert "15 minutes" not in text
    assert AuditEvent.objects.filter(
        event_type=EventType.LOCKED_OUT, data__attempt_while_locked=True
    ).exists()
