"""The task worker stops gracefully on SIGTERM; a server error shows the service's own 500 page."""

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import path

ROOT = Path(__file__).resolve().parents[3]


def _boom(request):
    raise RuntimeError("synthetic failure")


urlpatterns = [path("boom/", _boom)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_shows_the_service_page_without_detail(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert "synthetic failure" not in body and "Traceback" not in body


def _wait_for_line(process, needle, *, timeout):
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if needle in line:
                return True, "".join(seen)
    return False, "".join(seen)


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="uses its own SQLite file"
)
def test_db_worker_stops_gracefully_on_sigterm(tmp_path, django_db_setup, django_db_blocker):
    database = tmp_path / "worker.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "DEMO_MODE": "true",
    }
    # The worker's database is a copy of this test run's own migrated one (SQLite's backup API), taken
    # between tests, when no test's transaction is open: running every migration again in a subprocess took
    # over a minute.
    with django_db_blocker.unblock(), sqlite3.connect(database) as copy:
        connection.ensure_connection()
        connection.connection.backup(copy)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.5", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # Wait until the worker says it has started (its signal handlers are installed by then), however
        # slow the machine is; then ask it to stop.
        started, seen = _wait_for_line(worker, "Starting worker", timeout=60)
        assert started, seen
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
