"""Shared test set-up: named personas built from factories (tests/factories.py)."""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls in tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    # Tests never write to var/: the audit checkpoint and stored documents go to a per-test folder.
    settings.AUDIT_CHECKPOINT_PATH = str(tmp_path / "audit-checkpoint.json")
    settings.MEDIA_ROOT = tmp_path / "documents"


@pytest.fixture(autouse=True)
def _empty_cache():
    # The job rate limit (core.throttle) and the lockout count in the cache: each test starts from none.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
