"""The demo cases reach screening and the notification at different points, and reseeding changes nothing."""

from __future__ import annotations

import pytest

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.demo.partnership import seed_demo
from safeguarding_reviews.notifications.models import Notification
from safeguarding_reviews.screening.models import Screening


@pytest.mark.django_db
def test_demo_cases_at_different_points_and_idempotent():
    seed_demo()
    stages = dict(Case.objects.values_list("pseudonym", "stage"))
    assert stages["Child N"] == Stage.RAPID_REVIEW
    assert stages["Child P"] == Stage.NOTIFICATION
    assert stages["Child R"] == Stage.SCREENING
    assert stages["Children T and U"] == Stage.SCREENING
    assert stages["Child S"] == Stage.REFERRAL
    assert Notification.objects.get(case__pseudonym="Child N").sent_on is not None
    counts = (Screening.objects.count(), Notification.objects.count())
    seed_demo()
    assert (Screening.objects.count(), Notification.objects.count()) == counts
    assert dict(Case.objects.values_list("pseudonym", "stage")) == stages
