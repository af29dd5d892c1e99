from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "safeguarding_reviews.organisations"
    label = "organisations"
