from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safeguarding_reviews.core"
    label = "core"
