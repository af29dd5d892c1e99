"""The task outbox (Redis as the broker): the job is kept in the database with the write that asked for it,
handed to Redis after the commit, kept while Redis is down, relayed by `tick` once it is back, and once."""

from __future__ import annotations

import io

import pytest
from django.db import transaction

from safeguarding_reviews.core import outbox
from safeguarding_reviews.core.models import TaskOutbox, WorkerHeartbeat
from safeguarding_reviews.core.tasks import worker_heartbeat

pytestmark = pytest.mark.django_db(transaction=True)


class Broker:
    """Stands in for Redis: records what it was handed, or refuses while down."""

    def __init__(self) -> None:
        self.up = True
        self.jobs: list[str] = []
        self.backend: outbox.OutboxRQBackend | None = None

    def push(self, row: TaskOutbox) -> None:
        if not self.up:
            raise ConnectionError("broker down")
        self.jobs.append(row.pk)


@pytest.fixture
def broker(monkeypatch):
    broker = Broker()
    backend = outbox.OutboxRQBackend("default", {"QUEUES": ["default", "emails"]})
    monkeypatch.setattr(backend, "push", broker.push)
    monkeypatch.setattr(outbox, "_backend", lambda: backend)
    broker.backend = backend
    return broker


def test_the_job_is_kept_with_the_write_and_handed_over_after_the_commit(broker):
    with transaction.atomic():
        WorkerHeartbeat.objects.create(name="write", last_ran_at="2026-11-27T09:00:00Z")
        result = broker.backend.enqueue(worker_heartbeat, (), {})
        assert TaskOutbox.objects.filter(pk=result.id).exists()  # in the same transaction
        assert broker.jobs == []  # nothing reaches Redis before the commit
    assert broker.jobs == [result.id]
    assert not TaskOutbox.objects.exists()


def test_a_rolled_back_write_leaves_no_job(broker):
    with pytest.raises(RuntimeError, match="failed"), transaction.atomic():
        broker.backend.enqueue(worker_heartbeat, (), {})
        raise RuntimeError("the write failed")
    assert not TaskOutbox.objects.exists()
    assert broker.jobs == []


def test_while_redis_is_down_the_job_waits_and_tick_relays_it_once(broker):
    broker.up = False
    result = broker.backend.enqueue(worker_heartbeat, (), {})
    row = TaskOutbox.objects.get(pk=result.id)
    assert row.task_path.endswith("worker_heartbeat") and row.queue_name == "default"
    assert outbox.outbox_relay() == {"relayed": 0, "pending": 1}  # still down: kept
    broker.up = True
    assert outbox.outbox_relay() == {"relayed": 1, "pending": 0}
    assert outbox.outbox_relay() == {"relayed": 0, "pending": 0}  # a second tick: nothing again
    assert outbox.outbox_relay_one(outbox_id=result.id) is False
    assert broker.jobs == [result.id]


def test_the_relay_keeps_order_and_stops_at_the_first_refusal(broker):
    broker.up = False
    first = broker.backend.enqueue(worker_heartbeat, (), {})
    second = broker.backend.enqueue(worker_heartbeat, (), {})
    broker.up = True
    assert outbox.outbox_relay()["relayed"] == 2
    assert broker.jobs == [first.id, second.id]


def test_tick_relays_the_outbox(broker):
    from django.core.management import call_command

    broker.up = False
    result = broker.backend.enqueue(worker_heartbeat, (), {})
    broker.up = True
    call_command("tick", stdout=io.StringIO())
    assert result.id in broker.jobs
    assert not TaskOutbox.objects.filter(pk=result.id).exists()


def test_enqueue_with_write_puts_the_job_in_the_callers_transaction(broker, monkeypatch):
    monkeypatch.setattr(type(worker_heartbeat), "get_backend", lambda self: broker.backend)
    with pytest.raises(RuntimeError, match="failed"), transaction.atomic():
        outbox.enqueue_with_write(worker_heartbeat)
        assert TaskOutbox.objects.count() == 1
        raise RuntimeError("the write failed: its job goes with it")
    assert not TaskOutbox.objects.exists() and broker.jobs == []
    with transaction.atomic():
        outbox.enqueue_with_write(worker_heartbeat)
    assert len(broker.jobs) == 1


def test_enqueue_with_write_without_the_outbox_enqueues_after_the_commit(django_capture_on_commit_callbacks):
    with transaction.atomic(), django_capture_on_commit_callbacks() as callbacks:
        outbox.enqueue_with_write(worker_heartbeat)
    assert len(callbacks) == 1 and not TaskOutbox.objects.exists()
