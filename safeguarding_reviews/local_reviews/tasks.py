"""Reminders and the chase ladder for the local review's requests for information, run by the task worker.
`manage.py tick` enqueues it every minute; InformationRequestChase's unique constraint means each step goes
once."""

from __future__ import annotations

from django_tasks import task


@task()
def chase_information_requests() -> int:
    from .services import information_chases_run

    return information_chases_run()
