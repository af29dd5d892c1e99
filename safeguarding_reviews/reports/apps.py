from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "safeguarding_reviews.reports"
    label = "reports"
