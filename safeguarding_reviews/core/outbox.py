"""The task outbox: with Redis as the broker, work is never lost because Redis was down when it was asked for.

`OutboxRQBackend.enqueue` writes a `core.TaskOutbox` row in the caller's database transaction (so the work
and the request for the job commit together or not at all) and hands it to RQ once that transaction commits.
If Redis is unreachable then, the row stays pending and `tick` relays it (`outbox_relay`) once Redis is
back. Each row is relayed once: the relay holds the row's lock (SELECT ... FOR NO KEY UPDATE SKIP LOCKED on
PostgreSQL) while it pushes, and deletes it in the same transaction (so no job's arguments stay behind in the
table once Redis has them). The row's id is the RQ job id.
Should the database fail between the push and that commit, the row is pushed again later under the same
job id; the jobs themselves claim their work with a conditional UPDATE, so they still run once.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, transaction
from django.utils.module_loading import import_string
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id
from django_tasks_rq.backend import RQBackend

from . import clock
from .models import TaskOutbox

logger = logging.getLogger(__name__)


class OutboxRQBackend(RQBackend):
    """django-tasks-rq's backend, through the database outbox."""

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        row = TaskOutbox.objects.create(
            id=get_random_id(),
            task_path=task.module_path,
            queue_name=task.queue_name,
            priority=task.priority,
            run_after=task.run_after,
            args=list(args),
            kwargs=dict(kwargs),
            created_at=clock.now(),
        )
        # After the caller's transaction commits (at once outside one). A failure leaves the row for tick.
        transaction.on_commit(lambda: outbox_relay_one(outbox_id=row.pk), robust=True)
        return TaskResult(
            task=task,
            id=row.pk,
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )

    def push(self, row: TaskOutbox) -> None:
        """Hand one outbox row to RQ (as RQBackend.enqueue does), with the row's id as the job id."""
        import django_rq
        from django_tasks.base import TASK_MAX_PRIORITY
        from django_tasks_rq.backend import Job, failed_callback, success_callback
        from rq.job import Callback, JobStatus

        task = import_string(row.task_path)
        queue = django_rq.get_queue(row.queue_name, job_class=Job)
        job = queue.create_job(
            task.module_path,
            args=row.args,
            kwargs=row.kwargs,
            job_id=row.pk,
            status=JobStatus.SCHEDULED if row.run_after else JobStatus.QUEUED,
            on_failure=Callback(failed_callback),
            on_success=Callback(success_callback),
            meta={"backend_name": self.alias},
        )
        if row.run_after is None:
            queue.enqueue_job(job, at_front=row.priority == TASK_MAX_PRIORITY)
        else:
            queue.schedule_job(job, row.run_after)


def _backend() -> OutboxRQBackend | None:
    from django_tasks import task_backends

    backend = task_backends["default"]
    return backend if isinstance(backend, OutboxRQBackend) else None


def outbox_relay_one(*, outbox_id: str, push: Any = None) -> bool:
    """Push one pending row to the broker and delete it; False if it was not pending (already relayed, or
    another relay holds it) or the broker refused (the row stays pending for tick)."""
    backend = _backend()
    push = push or (backend.push if backend is not None else None)
    if push is None:
        return False
    try:
        with transaction.atomic():
            row = (
                TaskOutbox.objects.select_for_update(no_key=True, skip_locked=True)
                .filter(pk=outbox_id)
                .first()
            )
            if row is None:
                return False
            push(row)
            TaskOutbox.objects.filter(pk=row.pk).delete()
    except DatabaseError:
        raise
    except Exception as exc:  # the broker is down: keep the row (its type only; no arguments in the log)
        logger.warning("task outbox: the broker refused a task (%s); tick will retry", type(exc).__name__)
        return False
    return True


def outbox_relay(*, push: Any = None, limit: int = 500) -> dict[str, int]:
    """`tick`: relay the pending rows, oldest first; stop at the first refusal (the broker is still down)."""
    relayed = 0
    pending = list(TaskOutbox.objects.order_by("created_at").values_list("pk", flat=True)[:limit])
    for outbox_id in pending:
        if outbox_relay_one(outbox_id=outbox_id, push=push):
            relayed += 1
        elif TaskOutbox.objects.filter(pk=outbox_id).exists():
            break
    return {"relayed": relayed, "pending": TaskOutbox.objects.count()}


def enqueue_with_write(task: Task, **kwargs: Any) -> None:
    """Ask for `task` as part of the write in the caller's transaction. With the outbox (Redis) its row is
    written now, inside that transaction, and reaches Redis once it commits; with the database queue or the
    tests' immediate backend the job is enqueued after the commit, as before."""
    if isinstance(task.get_backend(), OutboxRQBackend):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))
