"""Deadline reminders, run by the task worker. `manage.py tick` enqueues this every minute and
`manage.py send_reminders` runs it directly; ReminderSent's unique constraint means each reminder
goes once."""

from __future__ import annotations

from django_tasks import task


@task()
def send_deadline_reminders() -> int:
    from .services import reminders_send

    return reminders_send()
