"""The demo partnership's repeated recommendations (issue 16 item 6), so the monitoring view shows a linked
group: Child W's rapid review learning point on information sharing taken into its action plan with an action
in progress, and linked by the business unit with the same learning from Child V's rapid review and the
national review's recommendation on sharing information with GPs. Runs after demo/action_plans.py;
synthetic text only; written through action_plans' services. Idempotent: nothing is added once the
partnership has a linked group."""

from __future__ import annotations

import datetime as dt
from typing import Any


def seed_monitoring_demo(
    *, partnership: Any, users: dict[str, Any], agencies: dict[tuple[str, str], Any]
) -> None:
    from safeguarding_reviews.action_plans import monitoring_services, services
    from safeguarding_reviews.action_plans.models import (
        Recommendation,
        RecommendationGroup,
        RecommendationOrigin,
    )
    from safeguarding_reviews.action_plans.policies import PlanAccess
    from safeguarding_reviews.cases.models import Case
    from safeguarding_reviews.core import clock
    from safeguarding_reviews.demo.panel import ACTION_PLAN_CASE, LCSPR_CASE

    if RecommendationGroup.objects.filter(partnership=partnership).exists():
        return
    officer = users["bu.officer@demo.example"]
    child_w = Case.objects.filter(lead_partnership=partnership, pseudonym=ACTION_PLAN_CASE).first()
    if child_w is None:
        return
    services.recommendations_take_in(actor=officer, case=child_w)
    repeat = Recommendation.objects.filter(case=child_w, origin=RecommendationOrigin.RAPID_REVIEW).first()
    earlier = list(
        Recommendation.objects.filter(
            partnership=partnership, case__pseudonym=LCSPR_CASE, origin=RecommendationOrigin.RAPID_REVIEW
        )
    ) + list(
        Recommendation.objects.filter(
            partnership=partnership, origin=RecommendationOrigin.NATIONAL, text__icontains="GPs"
        )
    )
    if repeat is None or not earlier:
        return
    hospital = agencies[(partnership.slug, "Northbridge General Hospital NHS Trust")]
    if not repeat.actions.exists():
        services.plan_action_add(
            actor=officer,
            recommendation=repeat,
            fields=services.ActionFields(
                description="Demo: a shared record of household members for health and children's services.",
                owner_agency_id=hospital.pk,
                due_on=clock.today() + dt.timedelta(days=20),
                owner_role="Named nurse for safeguarding",
            ),
        )
    monitoring_services.recommendations_link(
        actor=officer, access=PlanAccess(officer, partnership), recommendation=repeat, others=earlier
    )
