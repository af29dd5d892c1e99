from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "safeguarding_reviews.documents"
    label = "documents"
