from django.apps import AppConfig


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
