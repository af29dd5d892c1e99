from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WorkingDaysConfig(AppConfig):
    name = "safeguarding_reviews.working_days"
    label = "working_days"

    def ready(self) -> None:
        from .seed import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="working_days.seed")
