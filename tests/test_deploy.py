"""Production settings pass Django's deployment checks and refuse demo mode."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEMO_MODE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "reviews.example.invalid",
            # `check` does not connect; the URL only has to be there (production refuses to start without it).
            "DATABASE_URL": "postgres://app:unused@127.0.0.1:5432/safeguarding_reviews",
        }
        | env
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_demo_mode():
    result = _manage("check", DEMO_MODE="true")
    assert result.returncode != 0
    assert "DEMO_MODE must not be on in production" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = _manage("check", DJANGO_SECRET_KEY="short")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_database_url():
    # SEC finding 5: it used to fall back to SQLite silently.
    result = _manage("check", DATABASE_URL="")
    assert result.returncode != 0
    assert "Set DATABASE_URL" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    # SEC finding 5: it used to fall back to localhost silently.
    result = _manage("check", DJANGO_ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "Set DJANGO_ALLOWED_HOSTS" in result.stderr


def test_axe_core_is_not_a_static_file():
    """axe-core is a test tool (the browser tests inject it): collectstatic must never ship it."""
    from django.contrib.staticfiles import finders

    found = [
        path
        for finder in finders.get_finders()
        for path, _storage in finder.list(ignore_patterns=[])
        if "axe" in path.rsplit("/", 1)[-1].lower() and path.endswith(".js")
    ]
    assert found == []


def test_production_logs_structured_json():
    result = _manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('safeguarding_reviews.access').warning('GET /healthz 200')",
    )
    assert result.returncode == 0, result.stderr
    import json

    [entry] = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert entry["logger"] == "safeguarding_reviews.access" and entry["message"] == "GET /healthz 200"
    assert entry["level"] == "WARNING" and entry["request_id"] == "-"
