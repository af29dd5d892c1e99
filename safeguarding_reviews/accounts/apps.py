from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safeguarding_reviews.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects receivers
