"""The demo partnership's cases show clocks, and seeding again changes nothing."""

from __future__ import annotations

import pytest

from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.clocks.models import Deadline, Milestone
from safeguarding_reviews.clocks.tests.helpers import at_now
from safeguarding_reviews.demo.partnership import seed_demo


@pytest.mark.django_db
def test_demo_cases_have_clocks_and_seeding_is_idempotent():
    with at_now():
        seed_demo()
        milestones, deadlines = Milestone.objects.count(), Deadline.objects.count()
        events = AuditEvent.objects.count()
        seed_demo()
    assert deadlines >= 5
    assert Deadline.objects.filter(rule_code="notification").count() >= 4
    assert Milestone.objects.count() == milestones
    assert Deadline.objects.count() == deadlines
    assert AuditEvent.objects.count() == events
