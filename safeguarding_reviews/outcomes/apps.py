from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OutcomesConfig(AppConfig):
    name = "safeguarding_reviews.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from safeguarding_reviews.chronology.signals import chronology_changed, entries_cited

        from .receivers import entries_cited_as_evidence, raise_after_chronology_change

        chronology_changed.connect(
            raise_after_chronology_change, dispatch_uid="outcomes.raise_after_chronology"
        )
        entries_cited.connect(entries_cited_as_evidence, dispatch_uid="outcomes.entries_cited")

        # The practice-theme vocabulary comes back after a flush (seed.py).
        from .seed import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="outcomes.seed")
