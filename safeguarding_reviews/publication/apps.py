from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "safeguarding_reviews.publication"
    label = "publication"
