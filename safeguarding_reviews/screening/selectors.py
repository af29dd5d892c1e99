"""Reads for screening pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.organisations.models import MembershipRole
from safeguarding_reviews.organisations.roles import Role

from .models import Screening, ScrutinyComment


def screening_for_case(case: Case) -> Screening:
    """The case's screening, or an unsaved blank one (version 1) if nobody has started it."""
    screening = Screening.objects.select_related("other_partnership").filter(case=case).first()
    if screening is None:
        screening = Screening(case=case, version=1)
    return screening


def case_route(case_id: Any) -> str | None:
    """The case's route (cases/routes.py) once the delegate decided to notify the Panel; None before, or
    when the decision was another learning route. One query."""
    from safeguarding_reviews.cases import routes

    from .criteria import Outcome, assess

    screening = Screening.objects.filter(case_id=case_id, outcome=Outcome.NOTIFY).first()
    if screening is None:
        return None
    assessment = assess(screening.answers())
    return routes.route_for(s16c_met=assessment.s16c_met, categories=assessment.categories_met)


def scrutiny_thread(case: Case) -> QuerySet[ScrutinyComment]:
    return ScrutinyComment.objects.filter(case=case).select_related("author").order_by("created_at", "pk")


def chairs_of(case: Case) -> list[Any]:
    """The people who hold the Independent Chair role in the case's lead partnership now."""
    rows = MembershipRole.objects.filter(
        role=Role.INDEPENDENT_CHAIR,
        membership__partnership_id=case.lead_partnership_id,
        membership__ended_at__isnull=True,
        membership__user__is_active=True,
    ).select_related("membership__user")
    seen: dict[int, Any] = {}
    for row in rows:
        seen.setdefault(row.membership.user_id, row.membership.user)
    return list(seen.values())


def case_leads_of(case: Case) -> list[Any]:
    """The business unit people who run the case (its case leads), for answers to scrutiny."""
    rows = CaseMembership.objects.filter(
        case=case, capacity=CaseCapacity.CASE_LEAD, ended_at__isnull=True, user__is_active=True
    ).select_related("user")
    return [row.user for row in rows]


def scrutiny_comment_find(case: Case, comment_id: int) -> ScrutinyComment | None:
    """A comment of this case's scrutiny thread (None if it is another case's)."""
    return ScrutinyComment.objects.filter(case=case, pk=comment_id).first()
