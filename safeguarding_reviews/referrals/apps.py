from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "safeguarding_reviews.referrals"
    label = "referrals"
