from django.apps import AppConfig


class FinalReportsConfig(AppConfig):
    name = "safeguarding_reviews.final_reports"
    label = "final_reports"
