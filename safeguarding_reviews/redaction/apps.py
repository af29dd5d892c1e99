from django.apps import AppConfig


class RedactionConfig(AppConfig):
    name = "safeguarding_reviews.redaction"
    label = "redaction"
