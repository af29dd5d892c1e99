"""Helpers for the people and platform tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safeguarding_reviews.accounts.models import User


@pytest.fixture
def signed_in() -> Callable[[User], Client]:
    """A client signed in as `user` that has passed two-factor authentication (the middleware's flag)."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        session = client.session
        session["_sr_mfa_ok"] = True
        session.save()
        return client

    return make
