from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "safeguarding_reviews.chronology"
    label = "chronology"
