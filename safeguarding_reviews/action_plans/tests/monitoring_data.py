"""Test data for the monitoring view: recommendations and actions made with the ORM in bulk (the figures, not
the write paths, are under test here; action_plans' own tests cover the services). Synthetic."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguarding_reviews.action_plans.models import Recommendation, RecommendationOrigin
from safeguarding_reviews.actions.lifecycle import ActionStatus
from safeguarding_reviews.actions.models import ActionSource, CaseAction, CaseActionUpdate
from safeguarding_reviews.core import clock
from safeguarding_reviews.outcomes.models import PracticeTheme
from tests.factories import AgencyFactory


def second_agency(world: Any) -> Any:
    if not hasattr(world, "other_agency"):
        world.other_agency = AgencyFactory.create(
            partnership=world.partnership, name="Alphashire Test Police"
        )
    return world.other_agency


def recommendation(
    world: Any, text: str, *, case: Any = None, number: int = 1, themes: Any = (), **extra: Any
) -> Recommendation:
    """A recommendation on `case` (the world's case by default), or adopted from elsewhere with case=False."""
    now = clock.now()
    adopted = case is False
    made = Recommendation.objects.create(
        partnership=world.partnership,
        case=None if adopted else (case or world.case),
        origin=RecommendationOrigin.NATIONAL if adopted else RecommendationOrigin.RAPID_REVIEW,
        source_title="Child Protection in England" if adopted else "",
        number=number,
        text=text,
        lead_agency=world.agency,
        created_by=world.people["business_unit_officer"],
        created_at=now,
        updated_at=now,
        **extra,
    )
    if themes:
        made.themes.set(themes)
    return made


def themes(*codes: str) -> list[PracticeTheme]:
    return list(PracticeTheme.objects.filter(code__in=codes).order_by("sort_order"))


def actions(world: Any, rec: Recommendation, rows: list[tuple[str, int, Any]]) -> list[CaseAction]:
    """Actions on `rec`: (status, days from today to the due date, agency)."""
    today = clock.today()
    return CaseAction.objects.bulk_create(
        [
            CaseAction(
                case=rec.case,
                partnership=world.partnership,
                source=ActionSource.RECOMMENDATION,
                recommendation=rec,
                description=f"Synthetic action {rec.pk}-{n}: audit a sample of strategy discussions",
                owner_agency=agency,
                due_on=today + dt.timedelta(days=days),
                status=status,
                withdrawal_reason="Synthetic: no longer needed" if status == ActionStatus.WITHDRAWN else "",
                withdrawal_approved_by=world.people["business_manager"]
                if status == ActionStatus.WITHDRAWN
                else None,
                withdrawal_approved_on=today if status == ActionStatus.WITHDRAWN else None,
            )
            for n, (status, days, agency) in enumerate(rows)
        ]
    )


def many_actions(world: Any, rec: Recommendation, count: int) -> None:
    """`count` actions on `rec` across every status and both agencies, some overdue (bulk, in batches)."""
    today = clock.today()
    statuses = [
        ActionStatus.NOT_STARTED,
        ActionStatus.IN_PROGRESS,
        ActionStatus.AWAITING_EVIDENCE,
        ActionStatus.EVIDENCE_ACCEPTED,
    ]
    agencies = [world.agency, second_agency(world)]
    CaseAction.objects.bulk_create(
        [
            CaseAction(
                case=rec.case,
                partnership=world.partnership,
                source=ActionSource.RECOMMENDATION,
                recommendation=rec,
                description=f"Synthetic action {n}",
                owner_agency=agencies[n % 2],
                due_on=today + dt.timedelta(days=(n % 90) - 45),
                status=statuses[n % 4],
            )
            for n in range(count)
        ],
        batch_size=1000,
    )


def update(world: Any, action: CaseAction, text: str, days_ago: int = 1) -> CaseActionUpdate:
    return CaseActionUpdate.objects.create(
        action=action,
        happened_on=clock.today() - dt.timedelta(days=days_ago),
        text=text,
        added_by=world.people["agency_representative"],
        added_at=clock.now(),
    )
