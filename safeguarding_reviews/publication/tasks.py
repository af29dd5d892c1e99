"""The publication's periodic work, enqueued by `manage.py tick`: reminders when a hold's review date arrives
and before a published review's "available until" date. Each goes once (PublicationReminder's unique row)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def publication_reminders() -> int:
    return services.reminders_send()
