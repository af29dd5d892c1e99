from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "safeguarding_reviews.backups"
    label = "backups"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system check of the encryption key
