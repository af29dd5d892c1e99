import datetime as dt

import time_machine
from django.core.management import call_command
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from safeguarding_reviews.core.tasks import worker_heartbeat


def test_healthz_reports_database_and_worker(client, db):
    body = client.get(reverse("healthz")).json()
    assert body == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "worker": "never",
        "worker_last_ran_at": None,
        "tasks": {"status": "ok", "queue_depth": 0, "oldest_waiting_seconds": None},
        "tick": "never",
        "tick_last_ran_at": None,
    }
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)):
        worker_heartbeat.enqueue()  # the immediate backend runs it, as a worker would
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 2, tzinfo=dt.UTC)):
        assert client.get(reverse("healthz")).json()["worker"] == "ok"
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC)):
        assert client.get(reverse("healthz")).json()["worker"] == "stale"


def test_healthz_needs_no_sign_in_and_is_not_cached(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_every_response_carries_a_request_id(client, db):
    response = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="lb-1234567890")
    assert response["X-Request-ID"] == "lb-1234567890"
    response = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="bad id with spaces")
    assert len(response["X-Request-ID"]) == 32


def _waiting(enqueued: dt.datetime, status: str = TaskResultStatus.READY) -> None:
    with time_machine.travel(enqueued, tick=False):
        DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="safeguarding_reviews.core.tasks.worker_heartbeat",
            queue_name="default",
            backend_name="default",
            run_after=enqueued,
            exception_class_path="",
            traceback="",
        )


def test_healthz_reports_the_queue_depth_and_the_oldest_waiting_job(client, db):
    _waiting(dt.datetime(2026, 11, 27, 8, 50, tzinfo=dt.UTC))
    _waiting(dt.datetime(2026, 11, 27, 8, 58, tzinfo=dt.UTC))
    _waiting(
        dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC), status=TaskResultStatus.SUCCESSFUL
    )  # not waiting
    _waiting(dt.datetime(2026, 11, 27, 7, 0, tzinfo=dt.UTC), status=TaskResultStatus.RUNNING)  # not waiting
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC), tick=False):
        tasks = client.get(reverse("healthz")).json()["tasks"]
    assert tasks == {"status": "ok", "queue_depth": 2, "oldest_waiting_seconds": 600}


def test_healthz_reports_the_last_tick(client, db):
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC), tick=False):
        call_command("tick", stdout=None)
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 3, tzinfo=dt.UTC), tick=False):
        body = client.get(reverse("healthz")).json()
        assert body["tick"] == "ok" and body["tick_last_ran_at"] == "2026-11-27T09:00:00+00:00"
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 6, tzinfo=dt.UTC), tick=False):
        assert client.get(reverse("healthz")).json()["tick"] == "stale"


def test_healthz_is_503_when_the_cache_is_down(client, db, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "set", down)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable" and response.json()["cache"] == "unreachable"
