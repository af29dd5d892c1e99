from django.apps import AppConfig


class SubjectsConfig(AppConfig):
    name = "safeguarding_reviews.subjects"
    label = "subjects"
