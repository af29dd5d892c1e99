"""Shared test set-up: named personas built from factories (tests/factories.py)."""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls in tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.fixtures"]

# Single tests that run for minutes (the form fuzzer: about 4 min on SQLite, 8 on PostgreSQL, on CI's 2 cores)
# go first, so that pytest-xdist hands them out at the start and does not leave one worker running them alone
# while the other has finished.
LONG_TESTS = ("tests/test_fuzz_forms.py::test_fuzz_every_form",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.nodeid not in LONG_TESTS)  # stable: the rest keep their order


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


@pytest.fixture(autouse=True)
def _lock_order(request):
    # On PostgreSQL every test checks the order writes take their locks (tests/lock_order.py): a case row
    # locked after the audit chain's lock can deadlock with a write that locked it first.
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    from tests.lock_order import LockOrderWatcher

    watcher = LockOrderWatcher()
    with connection.execute_wrapper(watcher):
        yield
    assert not watcher.violations, "A case row locked after the audit chain's lock:\n" + "\n".join(
        watcher.violations
    )
