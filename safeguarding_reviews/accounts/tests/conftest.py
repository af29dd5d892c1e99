"""Helpers for sign-in tests: a clean cache (axes and allauth keep counters there) and MFA users."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def totp_code(secret: str, offset: int = 0) -> str:
    """The code for this 30-second window (plus `offset` windows). It waits out the window's last two
    seconds first, so a slow machine cannot roll the window over between making the code and checking it."""
    if time.time() % 30 > 28:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


class MFAUser:
    def __init__(self, user, secret: str, recovery_codes: list[str]):
        self.user = user
        self.secret = secret
        self.recovery_codes = recovery_codes

    def code(self) -> str:
        return totp_code(self.secret)


def make_mfa_user(**kwargs) -> MFAUser:
    user = UserFactory.create(**kwargs)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user)
    return MFAUser(user, secret, codes.get_unused_codes())


@pytest.fixture
def mfa_user(db) -> MFAUser:
    return make_mfa_user()


def signed_in_client(client, user):
    """force_login plus the MFA-passed flag (the middleware's cache), as for any view test."""
    client.force_login(user)
    session = client.session
    session["_sr_mfa_ok"] = True
    session.save()
    return client


def assert_has_event(event_type, **filters):
    from safeguarding_reviews.audit.models import AuditEvent

    assert AuditEvent.objects.filter(event_type=str(event_type), **filters).exists(), event_type
