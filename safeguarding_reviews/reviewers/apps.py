from django.apps import AppConfig


class ReviewersConfig(AppConfig):
    name = "safeguarding_reviews.reviewers"
    label = "reviewers"

    def ready(self) -> None:
        from safeguarding_reviews.organisations.signals import invitation_accepted

        from .receivers import on_invitation_accepted

        invitation_accepted.connect(on_invitation_accepted, dispatch_uid="reviewers.invited_reviewer")
