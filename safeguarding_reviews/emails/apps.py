from django.apps import AppConfig


class EmailsConfig(AppConfig):
    name = "safeguarding_reviews.emails"
    label = "emails"
