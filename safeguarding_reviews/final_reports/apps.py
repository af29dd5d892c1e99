from django.apps import AppConfig


class FinalReportsConfig(AppConfig):
    name = "safeguarding_reviews.final_reports"
    label = "final_reports"

    def ready(self) -> None:
        # The final report record: signed by the three partners (signoffs, kind "final_report").
        from . import wiring

        wiring.register()
