"""Test data for the action plans: a case with a final report record holding recommendations, a second
agency, and a person for each plan role. Made through services where a write path is under test elsewhere,
with the ORM for the final report record's rows (final_reports' own tests cover its services)."""

from __future__ import annotations

from typing import Any

from safeguarding_reviews.core import clock
from safeguarding_reviews.final_reports.models import AgencyScope, FinalReport
from safeguarding_reviews.final_reports.models import Recommendation as ReportRecommendation
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.outcomes.models import PracticeTheme
from tests.factories import AgencyFactory, UserFactory, grant


def final_report_with(world: Any, count: int = 3) -> list[ReportRecommendation]:
    """A final report record on world.case with `count` recommendations: the first for world.agency, the
    second for world.agency and a second agency (world.other_agency), the rest for all the partners."""
    if not hasattr(world, "other_agency"):
        world.other_agency = AgencyFactory.create(
            partnership=world.partnership, name="Alphashire Test Police"
        )
    now = clock.now()
    report = FinalReport.objects.create(
        case=world.case, created_by=world.people["business_unit_officer"], created_at=now, updated_at=now
    )
    theme = PracticeTheme.objects.order_by("sort_order").first()
    made = []
    for number in range(1, count + 1):
        agencies = (
            [world.agency] if number == 1 else [world.agency, world.other_agency] if number == 2 else []
        )
        recommendation = ReportRecommendation.objects.create(
            report=report,
            number=number,
            required=f"Synthetic recommendation {number}",
            agency_scope=AgencyScope.AGENCIES if agencies else AgencyScope.PARTNERS,
            due_on=clock.today().replace(year=clock.today().year + 1),
            expected_difference="Children are seen and heard",
        )
        recommendation.agencies.set(agencies)
        if theme is not None:
            recommendation.themes.set([theme])
        made.append(recommendation)
    return made


def other_agency_rep(world: Any) -> Any:
    """An agency representative of world.other_agency (not named on the case)."""
    if not hasattr(world, "other_agency"):
        world.other_agency = AgencyFactory.create(
            partnership=world.partnership, name="Alphashire Test Police"
        )
    user = UserFactory.create(full_name="Persona other agency rep", email="other_rep@test.example")
    grant(user, world.partnership, Role.AGENCY_REPRESENTATIVE, world.other_agency)
    return user
