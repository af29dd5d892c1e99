from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LocalReviewsConfig(AppConfig):
    name = "safeguarding_reviews.local_reviews"
    label = "local_reviews"
    verbose_name = "Local reviews (LCSPR and local learning reviews)"

    def ready(self) -> None:
        # The terms of reference: signed by the three partners (signoffs) and exported to Word (reports).
        from . import wiring

        wiring.register()

        from safeguarding_reviews.organisations.signals import invitation_accepted

        from .receivers import on_invitation_accepted

        invitation_accepted.connect(on_invitation_accepted, dispatch_uid="local_reviews.pending_recipient")

        # The first draft uploaded, the final report's submission and its sign-off reach the plan's targets.
        from safeguarding_reviews.final_reports.signals import final_report_reopened, final_report_submitted
        from safeguarding_reviews.report_drafts.signals import draft_uploaded
        from safeguarding_reviews.signoffs.signals import document_signoff_completed

        from .receivers import (
            on_document_signoff_completed,
            on_draft_uploaded,
            on_final_report_reopened,
            on_final_report_submitted,
        )

        draft_uploaded.connect(on_draft_uploaded, dispatch_uid="local_reviews.first_draft")

        final_report_submitted.connect(on_final_report_submitted, dispatch_uid="local_reviews.final_report")
        final_report_reopened.connect(
            on_final_report_reopened, dispatch_uid="local_reviews.final_report_reopened"
        )
        document_signoff_completed.connect(
            on_document_signoff_completed, dispatch_uid="local_reviews.signed_off"
        )

        # The national list of review methods comes back after a flush (seed.py).
        from .seed import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="local_reviews.seed")
