"""The demo's action plans: actions in every status, some overdue, a closed recommendation with its impact
check scheduled; the monitoring committee member's agenda shows the overdue ones; seeding again adds
nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding_reviews.accounts.models import User
from safeguarding_reviews.action_plans.models import ImpactCheck, Recommendation
from safeguarding_reviews.actions.lifecycle import ActionStatus, is_overdue
from safeguarding_reviews.actions.models import ActionSource, CaseAction
from safeguarding_reviews.core import clock
from safeguarding_reviews.demo.partnership import seed_demo
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db


def test_the_demo_plans_show_every_status(client):
    seed_demo()
    actions = list(CaseAction.objects.filter(source=ActionSource.RECOMMENDATION))
    assert {a.status for a in actions} == set(ActionStatus.values)
    today = clock.today()
    assert sum(is_overdue(a.status, a.due_on, today) for a in actions) >= 2
    assert Recommendation.objects.filter(case__isnull=True).count() == 2
    assert ImpactCheck.objects.filter(result="").count() == 1
    committee = User.objects.get(email="committee.member@demo.example")
    sign_in(client, committee)
    plan = Recommendation.objects.first()
    assert plan is not None
    slug = plan.partnership.slug
    page = client.get(reverse("action_plans:agenda", args=[slug])).content.decode()
    assert "audit the bruising protocol" in page and "notify GPs" in page
    seed_demo()
    assert CaseAction.objects.filter(source=ActionSource.RECOMMENDATION).count() == len(actions)
