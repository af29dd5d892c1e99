from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "safeguarding_reviews.outcomes"
    label = "outcomes"
