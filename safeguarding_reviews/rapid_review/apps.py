from django.apps import AppConfig


class RapidReviewConfig(AppConfig):
    name = "safeguarding_reviews.rapid_review"
    label = "rapid_review"
