from django.apps import AppConfig


class SignoffsConfig(AppConfig):
    name = "safeguarding_reviews.signoffs"
    verbose_name = "Sign-off and scrutiny"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects to outcomes.signals.outcome_changed)
