"""With Redis as the cache (production), a Redis that is down is a cache miss, not an error: pages and sign-in
keep working, the job rate limit lets jobs through, and /healthz says the cache is down."""

from __future__ import annotations

import socket

import pytest
from django.core.cache import cache

from safeguarding_reviews.core import throttle


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe closes


@pytest.fixture
def redis_down(settings):
    """The production cache settings (config.settings.base with REDIS_URL), pointing at a closed port."""
    settings.CACHES = {
        "default": {
            "BACKEND": "safeguarding_reviews.core.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    yield
    # the next test's cache is the test settings' again (the override restores CACHES)


def test_the_production_cache_settings_tolerate_redis_errors(monkeypatch):
    import importlib

    import config.settings.base as base

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/5")
    try:
        reloaded = importlib.reload(base)
        options = reloaded.CACHES["default"]["OPTIONS"]
        assert reloaded.CACHES["default"]["BACKEND"] == "safeguarding_reviews.core.cache.TolerantRedisCache"
        assert options["IGNORE_EXCEPTIONS"] is True and options["SOCKET_TIMEOUT"] <= 1
        assert reloaded.TASKS["default"]["BACKEND"] == "safeguarding_reviews.core.outbox.OutboxRQBackend"
        assert reloaded.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(base)


def test_a_dead_redis_reads_as_a_miss_and_writes_are_dropped(redis_down):
    assert cache.get("anything") is None
    cache.set("anything", 1)  # no exception
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("a", 1) is True  # counts as done, like the dropped set (core.cache)


def test_the_job_rate_limit_admits_while_the_cache_is_down(redis_down):
    rate = throttle.Rate(jobs=2, seconds=600)
    assert all(throttle.job_admit(7, rate=rate).allowed for _ in range(5))


@pytest.mark.django_db
def test_healthz_says_the_cache_is_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["cache"] != "ok"


@pytest.mark.django_db
def test_pages_still_serve_while_the_cache_is_down(client, redis_down):
    assert client.get("/accounts/login/").status_code == 200


@pytest.mark.django_db
def test_sign_in_with_mfa_works_while_the_cache_is_down(client, redis_down):
    """allauth's rate limit takes a lock with cache.add before it counts an attempt: it must not say 429."""
    from safeguarding_reviews.accounts.tests.conftest import make_mfa_user
    from tests.factories import TEST_PASSWORD

    person = make_mfa_user()
    response = client.post("/accounts/login/", {"login": person.user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and "/2fa/authenticate" in response["Location"]
    response = client.post(response["Location"], {"code": person.code()})
    assert response.status_code == 302 and "/accounts/" not in response["Location"]
