from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "safeguarding_reviews.meetings"
    label = "meetings"
