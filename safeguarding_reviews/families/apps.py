from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "safeguarding_reviews.families"
    label = "families"

    def ready(self) -> None:
        from . import wiring

        wiring.register()
