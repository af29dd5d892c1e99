"""The chase ladder for overdue agency returns, run by the task worker. `manage.py tick` enqueues it every
minute; RequestChase's unique constraint means each step goes once."""

from __future__ import annotations

from django_tasks import task


@task()
def chase_overdue_requests() -> int:
    from .services import chases_run

    return chases_run()
