import datetime as dt

import time_machine
from django.urls import reverse

from safeguarding_reviews.core.tasks import worker_heartbeat


def test_healthz_reports_database_and_worker(client, db):
    body = client.get(reverse("healthz")).json()
    assert body == {"status": "ok", "database": "ok", "worker": "never", "worker_last_ran_at": None}
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
