from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "safeguarding_reviews.screening"
    label = "screening"
