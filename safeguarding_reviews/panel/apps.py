from django.apps import AppConfig


class PanelConfig(AppConfig):
    name = "safeguarding_reviews.panel"
    verbose_name = "Rapid review sent to the national Panel"

    def ready(self) -> None:
        from safeguarding_reviews.outcomes.signals import outcome_fixed_check
        from safeguarding_reviews.reports.signals import report_sent_wanted

        from .receivers import outcome_fixed_once_sent, report_sent

        outcome_fixed_check.connect(outcome_fixed_once_sent, dispatch_uid="panel.outcome_fixed_once_sent")
        report_sent_wanted.connect(report_sent, dispatch_uid="panel.report_sent")
