from django.apps import AppConfig


class PractitionersConfig(AppConfig):
    name = "safeguarding_reviews.practitioners"
    label = "practitioners"
