"""Publication in the demo: Child X published (the clock met, the notice and the briefing checked) and Child Y
held for a trial (listed on the dashboard with its review date); seeding again changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding_reviews.accounts.models import User
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.demo.partnership import seed_demo
from safeguarding_reviews.demo.publication import HELD_CASE, PUBLISHED_CASE
from safeguarding_reviews.publication import selectors
from safeguarding_reviews.publication.models import PublicationFile, PublicationHold, PublicationRecord
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db


def test_a_published_review_and_one_held_for_a_trial(client):
    seed_demo()
    published = Case.objects.get(pseudonym=PUBLISHED_CASE)
    record = PublicationRecord.objects.get(case=published)
    assert record.clock_outcome == "met" and record.panel_told_on == record.published_on
    briefing = PublicationFile.objects.get(case=published, kind="briefing", source="generated")
    assert briefing.check_id  # checked (the demo's final report text may name the demo's people: findings)
    assert selectors.overview(published).publishable["report"]
    held = Case.objects.get(pseudonym=HELD_CASE)
    hold = PublicationHold.objects.get(case=held)
    assert selectors.hold_state(hold) == "held" and hold.process is not None
    sign_in(client, User.objects.get(email="bu.manager@demo.example"))
    dashboard = client.get(reverse("business_unit_dashboard")).content.decode()
    assert "Demo: the criminal trial must end before the report is published." in dashboard
    for case in (published, held):
        assert client.get(reverse("publication:task_list", args=[case.pk])).status_code == 200
    counts = (Case.objects.count(), PublicationFile.objects.count(), PublicationHold.objects.count())
    seed_demo()
    assert (Case.objects.count(), PublicationFile.objects.count(), PublicationHold.objects.count()) == counts
