from django.apps import AppConfig


class ReviewersConfig(AppConfig):
    name = "safeguarding_reviews.reviewers"
    label = "reviewers"

    def ready(self) -> None:
        from safeguarding_reviews.local_reviews.signals import reviewer_row
        from safeguarding_reviews.organisations.signals import invitation_accepted

        from .receivers import on_invitation_accepted, on_reviewer_row

        invitation_accepted.connect(on_invitation_accepted, dispatch_uid="reviewers.invited_reviewer")
        reviewer_row.connect(on_reviewer_row, dispatch_uid="reviewers.reviewer_row")
