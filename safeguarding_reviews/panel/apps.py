from django.apps import AppConfig


class PanelConfig(AppConfig):
    name = "safeguarding_reviews.panel"
    verbose_name = "Rapid review sent to the national Panel"
