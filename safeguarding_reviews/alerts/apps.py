from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


class AlertsConfig(AppConfig):
    name = "safeguarding_reviews.alerts"
    label = "alerts"

    def ready(self) -> None:
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="alerts.count_triggers")


def after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """SQLite drops a table's triggers when a migration rebuilds the table: put back any unread-count trigger
    that is missing, and since a change may have gone unmarked meanwhile, mark every count stale."""
    from django.db import connections

    from . import count_triggers
    from .models import AlertCountStale, UnreadAlertCount

    connection = connections[using]
    if AlertCountStale._meta.db_table not in connection.introspection.table_names():
        return  # migrated back before the counts existed
    if not count_triggers.missing(connection):
        return
    count_triggers.create(connection)
    counted = UnreadAlertCount.objects.using(using).values_list("user_id", flat=True)
    AlertCountStale.objects.using(using).bulk_create([AlertCountStale(user_id=pk) for pk in counted])
