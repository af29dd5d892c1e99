"""Case.is_open is kept by the database from the stage (a stored generated column): My tasks walks the open
cases by an index on it, so it must follow every change of stage, however the stage is written."""

from __future__ import annotations

import pytest

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("stage", list(Stage))
def test_is_open_follows_the_stage(world, stage):
    case = CaseFactory.create(
        lead_partnership=world.partnership, created_by=world.people["business_unit_officer"]
    )
    Case.objects.filter(pk=case.pk).update(stage=stage)
    assert Case.objects.get(pk=case.pk).is_open is (stage != Stage.CLOSED)
    case.refresh_from_db()
    case.stage = Stage.SCREENING if stage == Stage.CLOSED else Stage.CLOSED
    case.save()
    assert Case.objects.filter(pk=case.pk, is_open=True).exists() is (stage == Stage.CLOSED)
