from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "safeguarding_reviews.drafts"
    label = "drafts"
    verbose_name = "Drafts"
