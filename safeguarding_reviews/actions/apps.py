from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "safeguarding_reviews.actions"
    label = "actions"
