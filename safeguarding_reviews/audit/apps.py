from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safeguarding_reviews.audit"
    label = "audit"
