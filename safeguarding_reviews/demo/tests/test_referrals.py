"""The demo partnership gets one submitted online referral, and seeding twice changes nothing."""

from safeguarding_reviews.demo.partnership import seed_demo
from safeguarding_reviews.referrals.models import Referral, ReferralStatus
from safeguarding_reviews.subjects.models import Subject


def test_demo_referral_is_submitted_and_idempotent(db):
    seed_demo()
    seed_demo()
    referral = Referral.objects.get()
    assert referral.case is not None
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.case.stage == "screening"
    assert sorted(Subject.objects.filter(case=referral.case).values_list("kind", flat=True)) == [
        "child",
        "household_member",
    ]
