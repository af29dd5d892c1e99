from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ActionPlansConfig(AppConfig):
    name = "safeguarding_reviews.action_plans"
    label = "action_plans"

    def ready(self) -> None:
        # The impact-check rule comes back after a flush (seed.py), as the practice themes do.
        from .seed import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="action_plans.seed")

        # The monitoring view's Word committee report: the reports app makes it through this
        # partnership-scoped context builder (reports never imports this app).
        from .exports import register as register_committee_report

        register_committee_report()
