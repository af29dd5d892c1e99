from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PublicationConfig(AppConfig):
    name = "safeguarding_reviews.publication"
    label = "publication"

    def ready(self) -> None:
        # The partners sign the decision with the exact file (signoffs, kind "publication_decision"); the
        # seven-minute briefing is made through reports.DocumentGeneration (wiring.py).
        from . import wiring

        wiring.register()
        # The publication rules come back after a flush (seed.py).
        from .seed import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="publication.seed")
