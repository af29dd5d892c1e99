from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safeguarding_reviews.cases"
    label = "cases"
