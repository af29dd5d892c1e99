from django.apps import AppConfig


class LocalReviewsConfig(AppConfig):
    name = "safeguarding_reviews.local_reviews"
    label = "local_reviews"
    verbose_name = "Local reviews (LCSPR and local learning reviews)"
