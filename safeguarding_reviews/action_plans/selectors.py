"""Reads of the action plans. Every list starts from the policies' visible sets (policies.PlanAccess), so a
list, its counts and the detail pages agree; each runs a fixed number of queries however many rows there are
(action_plans/tests/test_queries.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from safeguarding_reviews.actions.lifecycle import SETTLED_STATUSES, WORK_STATUSES, ActionStatus
from safeguarding_reviews.actions.models import ActionSource, CaseAction, CaseActionUpdate
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.organisations.models import Agency, Partnership
from safeguarding_reviews.outcomes.models import PracticeTheme

from .closure import RecommendationStatus
from .escalation import ESCALATED_STEPS
from .models import (
    ActionChase,
    ActionEvidence,
    EvidenceDecision,
    ImpactCheck,
    Recommendation,
    RecommendationClosure,
)
from .policies import PlanAccess


def overdue_q(today: dt.date, through: str = "") -> Q:
    """Overdue as a condition on a CaseAction row (the same rule as actions.lifecycle.is_overdue, which is
    never stored): the agency still has the work to do and the due date has passed."""
    return Q(**{f"{through}status__in": sorted(WORK_STATUSES), f"{through}due_on__lt": today})


def escalated_q(through: str = "") -> Q:
    """Taken past the owner for the current due date (the agency's safeguarding lead or the manager)."""
    chases = ActionChase.objects.filter(
        action_id=OuterRef(f"{through}pk" if through else "pk"),
        due_on=OuterRef(f"{through}due_on" if through else "due_on"),
        step__in=sorted(ESCALATED_STEPS),
    )
    return Q(Exists(chases))


def _latest_update_text() -> Subquery:
    latest = CaseActionUpdate.objects.filter(action_id=OuterRef("pk")).order_by("-happened_on", "-pk")
    return Subquery(latest.values("text")[:1])


@dataclass
class ActionFilters:
    status: str = ""  # a stored status, or "overdue"
    agency_id: int | None = None
    recommendation_id: int | None = None


def plan_actions(
    access: PlanAccess, *, today: dt.date, filters: ActionFilters | None = None
) -> QuerySet[CaseAction]:
    """The actions the user may see in the partnership's plans, soonest due first, with the date and text of
    each one's latest update and how far up the chase ladder it went."""
    actions = (
        CaseAction.objects.filter(access.actions_q(), partnership=access.partnership)
        .select_related("case", "owner_agency", "owner_user", "recommendation")
        .annotate(
            last_update_on=Max("updates__happened_on"),
            last_update_text=_latest_update_text(),
            escalated_to=Subquery(
                ActionChase.objects.filter(action_id=OuterRef("pk"), due_on=OuterRef("due_on"))
                .order_by("-chased_on", "-pk")
                .values("step")[:1]
            ),
        )
        .order_by("due_on", "pk")
    )
    if filters is not None:
        if filters.status == "overdue":
            actions = actions.filter(overdue_q(today))
        elif filters.status in ActionStatus.values:
            actions = actions.filter(status=filters.status)
        if filters.agency_id is not None:
            actions = actions.filter(owner_agency_id=filters.agency_id)
        if filters.recommendation_id is not None:
            actions = actions.filter(recommendation_id=filters.recommendation_id)
    return actions


@dataclass
class RecommendationFilters:
    status: str = ""
    case_id: str = ""
    origin: str = ""


def plan_recommendations(
    access: PlanAccess, *, today: dt.date, filters: RecommendationFilters | None = None
) -> QuerySet[Recommendation]:
    """The recommendations the user may see, with counts of the actions they may see on each: all, settled
    (evidence accepted or withdrawn with approval), overdue."""
    seen = access.actions_q("actions__")
    recommendations = Recommendation.objects.filter(
        access.recommendations_q(), partnership=access.partnership
    )
    if not access.reads_all:
        recommendations = Recommendation.objects.filter(pk__in=recommendations.values("pk"))
    recommendations = (
        recommendations.select_related("case", "lead_agency")
        .prefetch_related("contributing_agencies", "themes")
        .annotate(
            action_count=Count(
                "actions", filter=seen & ~Q(actions__status=ActionStatus.SUPERSEDED), distinct=True
            ),
            settled_count=Count(
                "actions", filter=seen & Q(actions__status__in=sorted(SETTLED_STATUSES)), distinct=True
            ),
            overdue_count=Count("actions", filter=seen & overdue_q(today, "actions__"), distinct=True),
        )
        .order_by("case__reference", "number", "pk")
    )
    if filters is not None:
        if filters.status in RecommendationStatus.values:
            recommendations = recommendations.filter(status=filters.status)
        if filters.case_id:
            recommendations = recommendations.filter(case_id=filters.case_id)
        if filters.origin:
            recommendations = recommendations.filter(origin=filters.origin)
    return recommendations


def _action_detail_prefetches() -> list[Any]:
    return [
        Prefetch("evidence", queryset=ActionEvidence.objects.select_related("document", "uploaded_by")),
        Prefetch("evidence_decisions", queryset=EvidenceDecision.objects.select_related("recorded_by")),
        Prefetch("updates", queryset=CaseActionUpdate.objects.select_related("added_by")),
        Prefetch("chases", queryset=ActionChase.objects.order_by("chased_at", "pk")),
    ]


def action_detail(action: CaseAction) -> CaseAction:
    """One action with its updates, evidence, decisions and chases loaded (a fixed number of queries)."""
    loaded = (
        CaseAction.objects.filter(pk=action.pk)
        .select_related(
            "case",
            "owner_agency",
            "owner_user",
            "recommendation",
            "superseded_by",
            "withdrawal_requested_by",
            "withdrawal_approved_by",
        )
        .prefetch_related(*_action_detail_prefetches(), "supersedes")
        .get()
    )
    return loaded


def recommendation_actions(access: PlanAccess, recommendation: Recommendation) -> list[CaseAction]:
    """The actions on one recommendation the user may see, grouped by the page by agency."""
    return list(
        CaseAction.objects.filter(access.actions_q(), recommendation=recommendation)
        .select_related("owner_agency", "owner_user", "superseded_by")
        .prefetch_related(Prefetch("evidence", queryset=ActionEvidence.objects.only("pk", "action_id")))
        .annotate(last_update_on=Max("updates__happened_on"))
        .order_by("owner_agency__name", "due_on", "pk")
    )


def recommendation_history(
    recommendation: Recommendation,
) -> tuple[list[RecommendationClosure], list[ImpactCheck]]:
    closures = list(
        RecommendationClosure.objects.filter(recommendation=recommendation).select_related("recorded_by")
    )
    checks = list(
        ImpactCheck.objects.filter(recommendation=recommendation)
        .select_related("rule", "recorded_by", "new_action")
        .order_by("-due_on", "-pk")
    )
    return closures, checks


def addressed_agencies(recommendation: Recommendation) -> list[Agency]:
    if recommendation.all_partners:
        return list(Agency.objects.filter(partnership_id=recommendation.partnership_id).order_by("name"))
    agencies = list(recommendation.contributing_agencies.all())
    if recommendation.lead_agency is not None:
        agencies = [
            recommendation.lead_agency,
            *[a for a in agencies if a.pk != recommendation.lead_agency_id],
        ]
    return agencies


def impact_check_get(recommendation: Recommendation, check_id: int) -> ImpactCheck | None:
    return (
        ImpactCheck.objects.filter(recommendation=recommendation, pk=check_id).select_related("rule").first()
    )


def open_impact_check(recommendation: Recommendation) -> ImpactCheck | None:
    """The impact check waiting to be recorded (scheduled at the latest closure)."""
    return (
        ImpactCheck.objects.filter(recommendation=recommendation, result="")
        .select_related("rule")
        .order_by("-pk")
        .first()
    )


def case_recommendations(case: Case) -> QuerySet[Recommendation]:
    """A case's recommendations in its action plan (the case's plan page: its readers see every one)."""
    return (
        Recommendation.objects.filter(case=case)
        .select_related("lead_agency")
        .annotate(
            action_count=Count("actions", filter=~Q(actions__status=ActionStatus.SUPERSEDED)),
            settled_count=Count("actions", filter=Q(actions__status__in=sorted(SETTLED_STATUSES))),
        )
        .order_by("number", "pk")
    )


def case_rapid_review_actions(case: Case) -> QuerySet[CaseAction]:
    """The rapid review's actions on the case (immediate and meeting actions), which come into the plan as
    actions without a recommendation."""
    return (
        CaseAction.objects.filter(case=case)
        .exclude(source=ActionSource.RECOMMENDATION)
        .select_related("owner_agency")
        .order_by("due_on", "pk")
    )


def recommendations_to_take_in(case: Case) -> int:
    """How many of the case's final report recommendations and rapid review learning points are not in the
    plan yet."""
    from safeguarding_reviews.final_reports.models import Recommendation as ReportRecommendation
    from safeguarding_reviews.outcomes.models import LearningPoint

    return (
        ReportRecommendation.objects.filter(
            report__case=case, action_plan_recommendation__isnull=True
        ).count()
        + LearningPoint.objects.filter(outcome__case=case, action_plan_recommendation__isnull=True).count()
    )


def _all_settled(recommendation: Recommendation) -> bool:
    """From plan_recommendations' counts: it has actions and every one is settled (closure.py's rule)."""
    count = getattr(recommendation, "action_count", 0)
    return bool(count) and getattr(recommendation, "settled_count", 0) == count


@dataclass
class Agenda:
    overdue: list[CaseAction]
    awaiting_evidence: list[CaseAction]
    withdrawals: list[CaseAction]
    ready_to_close: list[Recommendation]
    impact_checks: list[ImpactCheck]


def committee_agenda(access: PlanAccess, *, today: dt.date) -> Agenda:
    """The monitoring committee's agenda: overdue actions (with how far each has been escalated), completed
    actions awaiting a decision on their evidence, withdrawals waiting for the business manager,
    recommendations every action of which is settled (ready to close), impact checks open, due or overdue.
    Five queries, whatever the size of the plans."""
    overdue = list(
        plan_actions(access, today=today, filters=ActionFilters(status="overdue")).order_by("due_on", "pk")
    )
    awaiting = list(
        plan_actions(access, today=today, filters=ActionFilters(status=ActionStatus.AWAITING_EVIDENCE))
    )
    withdrawals = list(
        plan_actions(access, today=today)
        .filter(withdrawal_requested_on__isnull=False)
        .exclude(status=ActionStatus.WITHDRAWN)
    )
    ready = [
        recommendation
        for recommendation in plan_recommendations(
            access, today=today, filters=RecommendationFilters(status=RecommendationStatus.OPEN)
        )
        if _all_settled(recommendation)
    ]
    checks = list(
        ImpactCheck.objects.filter(
            recommendation__in=Recommendation.objects.filter(
                access.recommendations_q(), partnership=access.partnership
            ).values("pk"),
            result="",
            earliest_on__lte=today,
        )
        .select_related("recommendation__case")
        .order_by("due_on", "pk")
    )
    return Agenda(
        overdue=overdue,
        awaiting_evidence=awaiting,
        withdrawals=withdrawals,
        ready_to_close=ready,
        impact_checks=checks,
    )


def evidence_get(action: CaseAction, evidence_id: int) -> ActionEvidence | None:
    return (
        ActionEvidence.objects.filter(action=action, pk=evidence_id, document__removed_at__isnull=True)
        .select_related("document")
        .first()
    )


def partnerships_named(ids: list[int]) -> list[Partnership]:
    return list(Partnership.objects.filter(pk__in=ids).only("name", "slug").order_by("name"))


def agency_choices(partnership: Partnership) -> list[tuple[int, str]]:
    return list(Agency.objects.filter(partnership=partnership).order_by("name").values_list("pk", "name"))


def theme_choices() -> list[tuple[int, str]]:
    return list(PracticeTheme.objects.filter(is_active=True).values_list("pk", "label"))


def owner_account_choices(
    partnership: Partnership, agency_ids: list[int] | None = None
) -> list[tuple[int, str]]:
    """The accounts that may be named as an action's owner: the agencies' representatives and authors."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(
        is_active=True,
        memberships__partnership=partnership,
        memberships__ended_at__isnull=True,
        memberships__roles__role__in=["agency_representative", "agency_author"],
    )
    if agency_ids is not None:
        people = people.filter(memberships__roles__agency_id__in=agency_ids)
    return [(user.pk, user.full_name) for user in people.distinct().order_by("full_name", "pk")]


def cases_named(rows: list[Any]) -> list[str]:
    """The case ids behind rows shown (recommendations or actions), for the read event."""
    return sorted({str(row.case_id) for row in rows if getattr(row, "case_id", None)})
