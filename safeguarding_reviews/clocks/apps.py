from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClocksConfig(AppConfig):
    name = "safeguarding_reviews.clocks"
    label = "clocks"

    def ready(self) -> None:
        from safeguarding_reviews.cases.signals import new_case_values
        from safeguarding_reviews.working_days.signals import calendar_changed

        from .receivers import recompute_after_calendar_change, rule_set_for_new_case
        from .seed import after_migrate

        calendar_changed.connect(recompute_after_calendar_change, dispatch_uid="clocks.recompute")
        new_case_values.connect(rule_set_for_new_case, dispatch_uid="clocks.rule_set_for_new_case")
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="clocks.seed")
