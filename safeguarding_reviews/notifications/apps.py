from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "safeguarding_reviews.notifications"
    label = "notifications"
