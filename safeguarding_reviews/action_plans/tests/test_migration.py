"""actions/0003-0005 carry existing actions into the action plans' statuses: each gets its case's lead
partnership, "done" becomes "evidence accepted" (in the updates too), and an action that answered a "later
recommendation" (only the scale demo made them) gets a recommendation of its own carrying its description."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding_reviews.action_plans.models import Recommendation
from safeguarding_reviews.actions.models import CaseAction, CaseActionUpdate


@pytest.mark.django_db(transaction=True)
def test_existing_actions_are_carried_over(world):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("actions", "0002_copy_immediate_and_meeting_actions")]
    officer = world.people["business_unit_officer"]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        apps = executor.loader.project_state(before).apps
        old = apps.get_model("actions", "CaseAction")
        action = old.objects.create(
            case_id=world.case.pk,
            source="recommendation",
            description="Synthetic later recommendation",
            owner_agency_id=world.agency.pk,
            due_on=dt.date(2026, 3, 30),
            status="done",
            added_by_id=officer.pk,
        )
        apps.get_model("actions", "CaseActionUpdate").objects.create(
            action=action,
            happened_on=dt.date(2026, 3, 16),
            status_from="not_started",
            status_to="done",
            added_by_id=officer.pk,
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    carried = CaseAction.objects.get(pk=action.pk)
    assert (carried.partnership_id, carried.status) == (world.partnership.pk, "evidence_accepted")
    assert carried.recommendation is not None
    recommendation = Recommendation.objects.get(pk=carried.recommendation.pk)
    assert (recommendation.case_id, recommendation.text, recommendation.lead_agency_id) == (
        world.case.pk,
        "Synthetic later recommendation",
        world.agency.pk,
    )
    assert CaseActionUpdate.objects.get(action=carried).status_to == "evidence_accepted"
