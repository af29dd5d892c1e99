"""django-axes lockout: 5 failures, 429, audited, and no address (or hash of it) in logs or audit."""

from __future__ import annotations

import hashlib
import logging

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
    assert events.first().data == {"attempt_while_locked": False}
    assert events.last().data == {"attempt_while_locked": True}
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
    request = RequestFactory().post(LOGIN)
    request.csp_nonce = "x"
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert lockout_response(request, None, {"login": "a@b.example"}).status_code == 429
    assert lockout_response(request, {"login": "a@b.example"}).status_code == 429
    assert get_lockout_response(request, None, {"login": "a@b.example"}).status_code == 429


def test_hashed_username_is_case_insensitive_and_not_the_address():
    request = RequestFactory().post(LOGIN, {"login": " Someone@Test.Example "})
    value = hashed_username(request, None)
    assert value == hashed_username(request, {"email": "someone@test.example"})
    assert "someone" not in value
    assert hashed_username(RequestFactory().get(LOGIN), None) is None


def test_axes_w006_is_answered():
    from axes.checks import axes_lockout_params_check

    assert axes_lockout_params_check(None) == []
