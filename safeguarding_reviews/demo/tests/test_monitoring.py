"""The demo's monitoring view: figures over the demo plans and a linked group of repeated recommendations
(Child W's learning on information sharing, the same learning from Child V and the national review's); seeding
again adds nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding_reviews.accounts.models import User
from safeguarding_reviews.action_plans.models import Recommendation, RecommendationGroup, RecommendationLink
from safeguarding_reviews.demo.partnership import seed_demo
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db


def test_the_demo_monitoring_view_shows_figures_and_a_linked_group(client):
    seed_demo()
    (group,) = RecommendationGroup.objects.all()
    members = Recommendation.objects.filter(link__group=group)
    assert {member.case.pseudonym if member.case else "adopted" for member in members} == {
        "Child V",
        "Child W",
        "adopted",
    }
    sign_in(client, User.objects.get(email="committee.member@demo.example"))
    page = client.get(reverse("action_plans:monitoring", args=[group.partnership.slug])).content.decode()
    assert "3 linked recommendations" in page
    assert "Northbridge General Hospital NHS Trust" in page and 'id="chart-agency-status"' in page
    seed_demo()
    assert RecommendationLink.objects.count() == 3
