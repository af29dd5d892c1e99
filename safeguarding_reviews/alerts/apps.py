from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "safeguarding_reviews.alerts"
    label = "alerts"
