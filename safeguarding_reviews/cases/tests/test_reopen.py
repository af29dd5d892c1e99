"""Reopening a closed case (issue 11 §4): back to the stage it closed from, by the business manager only,
audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.cases import services
from safeguarding_reviews.cases.stages import Stage

pytestmark = pytest.mark.django_db


def _closed_from_screening(world):
    officer = world.people["business_unit_officer"]
    case = services.case_stage_advance(actor=officer, case=world.case, to_stage=Stage.SCREENING, reason="t")
    return services.case_stage_advance(actor=officer, case=case, to_stage=Stage.CLOSED, reason="t")


def test_the_business_manager_reopens_at_the_stage_it_closed_from(world):
    case = _closed_from_screening(world)
    with pytest.raises(PermissionDenied, match="Only the business manager reopens a case"):
        services.case_reopen(actor=world.people["business_unit_officer"], case=case)
    with pytest.raises(
        PermissionDenied, match="Only the business manager makes this move"
    ):  # nor the move itself, by another route
        services.case_stage_advance(
            actor=world.people["business_unit_officer"], case=case, to_stage=Stage.SCREENING, reason="x"
        )
    case = services.case_reopen(actor=world.people["business_manager"], case=case)
    assert case.stage == Stage.SCREENING and case.closed_at is None
    event = AuditEvent.objects.filter(event_type=EventType.CASE_STAGE_CHANGED, case_id=case.pk).last()
    assert event is not None
    assert event.data == {"from": "closed", "to": "screening", "reason": "reopened"}
    with pytest.raises(ValidationError, match="The case is not closed"):
        services.case_reopen(actor=world.people["business_manager"], case=case)


def test_reopen_page(world, as_user):
    case = _closed_from_screening(world)
    url = reverse("cases:reopen", kwargs={"case_id": case.pk})
    assert as_user(world.people["business_unit_officer"]).get(url).status_code == 403
    manager = as_user(world.people["business_manager"])
    page = manager.get(url)
    assert page.status_code == 200 and "Screening" in page.content.decode()
    detail = manager.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert url in detail
    assert manager.post(url).status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.SCREENING
    assert manager.post(url).status_code == 400  # no longer closed
