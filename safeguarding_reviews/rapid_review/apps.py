from django.apps import AppConfig


class RapidReviewConfig(AppConfig):
    name = "safeguarding_reviews.rapid_review"
    label = "rapid_review"

    def ready(self) -> None:
        from safeguarding_reviews.organisations.signals import invitation_accepted

        from .receivers import on_invitation_accepted

        invitation_accepted.connect(on_invitation_accepted, dispatch_uid="rapid_review.pending_author")
