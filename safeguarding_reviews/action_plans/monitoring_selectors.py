"""Reads for the monitoring view, its exports and repeated recommendations (issue 16 items 5 and 6). Every
read starts from the policies' visible sets (`PlanAccess.actions_q`, `visible_recommendations`), so the
monitoring view counts exactly the actions the action plans' lists show the same person; each runs a fixed
number of queries however many actions there are (tests/test_monitoring_views.py counts them at 10 and
10,000 actions).

Who may use the monitoring view (docs/roles.md): the readers of every action (the business unit, the three
partner delegates, the Independent Chair, the auditor, the monitoring committee member) and an agency
representative, who sees it over their own agency's actions only (the same rule as their action lists). An
agency author (who sees only the actions assigned to them) and everyone else in the partnership get 403.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from safeguarding_reviews.actions.lifecycle import SETTLED_STATUSES, ActionStatus
from safeguarding_reviews.actions.models import CaseAction, CaseActionUpdate
from safeguarding_reviews.organisations.models import Partnership

from . import monitoring, similar
from .closure import RecommendationStatus
from .models import (
    ADOPTED_ORIGINS,
    EXPORT_IN_FLIGHT,
    ExportFormat,
    ImpactCheck,
    MonitoringExport,
    Recommendation,
    RecommendationLink,
    RecommendationOrigin,
)
from .policies import PlanAccess, plans_get, visible_recommendations
from .selectors import overdue_q

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

ADOPTED = "adopted"
ORIGIN_LABELS: dict[str, str] = dict(RecommendationOrigin.choices)


def may_monitor(access: PlanAccess) -> bool:
    """The monitoring view: the readers of every action, and an agency representative (their agency's)."""
    return access.reads_all or bool(access.agency_ids)


def monitoring_get(*, user: User, slug: str) -> tuple[Partnership, PlanAccess]:
    """The partnership and the user's access for the monitoring view: 404 outside the partnership, 403 for
    anyone it is not for (an agency author, a review committee member, an independent reviewer)."""
    partnership, access = plans_get(user=user, slug=slug)
    if not may_monitor(access):
        raise PermissionDenied
    return partnership, access


# --- the filters --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonitoringFilters:
    """The monitoring view's filters, as they persist in its URL and in an export (`as_data`): a review (a
    case's id, or "adopted" for the recommendations adopted from elsewhere), an agency, a practice theme, a
    status (a stored one, or "overdue") and the due dates: a quarter, or a range (which wins when given)."""

    review: str = ""
    agency_id: int | None = None
    theme_id: int | None = None
    status: str = ""
    quarter: str = ""
    due_from: dt.date | None = None
    due_to: dt.date | None = None

    @property
    def due_range(self) -> tuple[dt.date | None, dt.date | None]:
        if self.due_from or self.due_to:
            return self.due_from, self.due_to
        chosen = monitoring.parse_quarter(self.quarter) if self.quarter else None
        if chosen is None:
            return None, None
        return chosen.starts_on, chosen.ends_on

    @property
    def is_empty(self) -> bool:
        return self == MonitoringFilters()

    def as_data(self) -> dict[str, Any]:
        return {
            "review": self.review,
            "agency": self.agency_id,
            "theme": self.theme_id,
            "status": self.status,
            "quarter": self.quarter,
            "due_from": self.due_from.isoformat() if self.due_from else "",
            "due_to": self.due_to.isoformat() if self.due_to else "",
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> MonitoringFilters:
        """Back from `as_data` (an export's stored filters); anything unreadable is left out."""

        def number(value: Any) -> int | None:
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        def day(value: Any) -> dt.date | None:
            try:
                return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
            except ValueError:
                return None

        status = data.get("status", "")
        quarter = data.get("quarter", "")
        return cls(
            review=str(data.get("review") or ""),
            agency_id=number(data.get("agency")),
            theme_id=number(data.get("theme")),
            status=status if status in ActionStatus.values or status == monitoring.OVERDUE else "",
            quarter=quarter if isinstance(quarter, str) and monitoring.parse_quarter(quarter) else "",
            due_from=day(data.get("due_from")),
            due_to=day(data.get("due_to")),
        )

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as form fields (the export buttons carry them as hidden inputs)."""
        return [(name, str(value)) for name, value in self.as_data().items() if value not in ("", None)]


def period_words(filters: MonitoringFilters, today: dt.date) -> str:
    """What the figures' period is, in words: the quarter's name, the due dates chosen, or all of them."""
    start, end = filters.due_range
    chosen = monitoring.parse_quarter(filters.quarter) if filters.quarter else None
    if chosen is not None and not (filters.due_from or filters.due_to):
        return f"actions due {chosen.label}"
    if start and end:
        return f"actions due {monitoring.format_day(start)} to {monitoring.format_day(end)}"
    if start:
        return f"actions due from {monitoring.format_day(start)}"
    if end:
        return f"actions due by {monitoring.format_day(end)}"
    return f"all actions, as at {monitoring.format_day(today)}"


def _filtered(
    actions: QuerySet[CaseAction], filters: MonitoringFilters, today: dt.date
) -> QuerySet[CaseAction]:
    if filters.review == ADOPTED:
        actions = actions.filter(case__isnull=True, recommendation__origin__in=sorted(ADOPTED_ORIGINS))
    elif filters.review:
        actions = actions.filter(case_id=filters.review)
    if filters.agency_id is not None:
        actions = actions.filter(owner_agency_id=filters.agency_id)
    if filters.theme_id is not None:
        actions = actions.filter(recommendation__themes=filters.theme_id)
    if filters.status == monitoring.OVERDUE:
        actions = actions.filter(overdue_q(today))
    elif filters.status in ActionStatus.values:
        actions = actions.filter(status=filters.status)
    start, end = filters.due_range
    if start is not None:
        actions = actions.filter(due_on__gte=start)
    if end is not None:
        actions = actions.filter(due_on__lte=end)
    return actions


def monitored_actions(access: PlanAccess, filters: MonitoringFilters, today: dt.date) -> QuerySet[CaseAction]:
    """The actions the user may see in the plans (policies: the same rule as every list), filtered."""
    actions = CaseAction.objects.filter(access.actions_q(), partnership=access.partnership)
    return _filtered(actions, filters, today)


# --- the figures ------------------------------------------------------------------------------------------


def review_of(
    case_id: Any, reference: str | None, pseudonym: str | None, origin: str | None, source_title: str | None
) -> tuple[str, str]:
    """(key, label) of the review an action belongs to: its case, or the review an adopted recommendation
    came from."""
    if case_id is not None:
        return f"case:{case_id}", f"{pseudonym} ({reference})"
    title = (source_title or "").strip() or "source not given"
    return f"adopted:{origin}:{title.casefold()}", f"{ORIGIN_LABELS.get(origin or '', 'Adopted')}: {title}"


@dataclass
class Facts:
    facts: list[monitoring.ActionFact]
    case_ids: list[str]


def monitoring_facts(access: PlanAccess, filters: MonitoringFilters, today: dt.date) -> Facts:
    """One small row per action shown, and the themes of their recommendations: two queries, any size."""
    actions = monitored_actions(access, filters, today)
    rows = list(
        actions.order_by().values_list(
            "pk",
            "status",
            "due_on",
            "owner_agency_id",
            "owner_agency__name",
            "case_id",
            "case__reference",
            "case__pseudonym",
            "recommendation_id",
            "recommendation__origin",
            "recommendation__source_title",
        )
    )
    themes: dict[int, list[tuple[int, str]]] = defaultdict(list)
    through = Recommendation.themes.through
    for recommendation_id, theme_id, label in (
        through.objects.filter(recommendation_id__in=actions.order_by().values("recommendation_id"))
        .order_by("practicetheme__sort_order", "practicetheme__label")
        .values_list("recommendation_id", "practicetheme_id", "practicetheme__label")
    ):
        themes[recommendation_id].append((theme_id, label))
    facts = []
    case_ids: set[str] = set()
    for pk, status, due_on, agency_id, agency, case_id, reference, pseudonym, rec_id, origin, title in rows:
        key, label = review_of(case_id, reference, pseudonym, origin, title)
        if case_id is not None:
            case_ids.add(str(case_id))
        facts.append(
            monitoring.ActionFact(
                action_id=pk,
                status=status,
                due_on=due_on,
                agency_id=agency_id,
                agency_name=agency,
                review_key=key,
                review_label=label,
                themes=tuple(themes.get(rec_id, ())) if rec_id is not None else (),
                recommendation_id=rec_id,
            )
        )
    return Facts(facts=facts, case_ids=sorted(case_ids))


def action_descriptions(action_ids: list[int]) -> dict[int, str]:
    """The text of the few actions the page lists by name (the most overdue)."""
    return dict(CaseAction.objects.filter(pk__in=action_ids).values_list("pk", "description"))


def review_choices(access: PlanAccess) -> list[tuple[str, str]]:
    """The reviews the filter offers: the cases of the actions the user may see, and "adopted"."""
    cases = (
        CaseAction.objects.filter(access.actions_q(), partnership=access.partnership, case__isnull=False)
        .order_by("case__reference")
        .values_list("case_id", "case__reference", "case__pseudonym")
        .distinct()
    )
    return [(str(case_id), f"{pseudonym} ({reference})") for case_id, reference, pseudonym in cases] + [
        (ADOPTED, "Recommendations adopted from elsewhere")
    ]


# --- linked recommendations -------------------------------------------------------------------------------


def _impact_result() -> Subquery:
    latest = ImpactCheck.objects.filter(recommendation_id=OuterRef("pk")).exclude(result="")
    return Subquery(latest.order_by("-recorded_on", "-pk").values("result")[:1])


def _with_progress(recommendations: QuerySet[Recommendation], access: PlanAccess) -> QuerySet[Recommendation]:
    seen = access.actions_q("actions__")
    return recommendations.annotate(
        action_count=Count(
            "actions", filter=seen & ~Q(actions__status=ActionStatus.SUPERSEDED), distinct=True
        ),
        settled_count=Count(
            "actions", filter=seen & Q(actions__status__in=sorted(SETTLED_STATUSES)), distinct=True
        ),
        impact=_impact_result(),
    )


def recommendation_label(recommendation: Recommendation) -> str:
    """A recommendation named as the committee knows it: its review, then its number."""
    case = recommendation.case
    if case is not None:
        return f"{case.pseudonym} ({case.reference}), recommendation {recommendation.number}"
    title = recommendation.source_title or "source not given"
    origin = ORIGIN_LABELS.get(recommendation.origin, "Adopted")
    return f"{origin}: {title}, recommendation {recommendation.number}"


@dataclass
class LinkedGroup:
    group_id: int
    members: list[Recommendation] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return similar.group_summary(
            [member.status == RecommendationStatus.CLOSED for member in self.members],
            [getattr(member, "impact", None) or "" for member in self.members],
        )


def linked_groups(access: PlanAccess, *, review: str = "", theme_id: int | None = None) -> list[LinkedGroup]:
    """The groups of linked recommendations, with the members this user may see (a group shows when at least
    two are), optionally only those with a member in the review or with the theme chosen. Two queries."""
    members = (
        _with_progress(
            visible_recommendations(access.user, access.partnership).filter(link__isnull=False), access
        )
        .select_related("case", "link")
        .prefetch_related("themes")
        .order_by("link__group_id", "created_at", "pk")
    )
    groups: dict[int, LinkedGroup] = {}
    for member in members:
        group_id = member.link.group_id
        groups.setdefault(group_id, LinkedGroup(group_id=group_id)).members.append(member)

    def wanted(group: LinkedGroup) -> bool:
        if len(group.members) < 2:
            return False
        if review == ADOPTED and not any(member.case_id is None for member in group.members):
            return False
        if (
            review
            and review != ADOPTED
            and not any(str(member.case_id) == review for member in group.members)
        ):
            return False
        return theme_id is None or any(
            theme.pk == theme_id for member in group.members for theme in member.themes.all()
        )

    return [group for group in groups.values() if wanted(group)]


def recommendation_group(access: PlanAccess, recommendation: Recommendation) -> list[Recommendation]:
    """The other recommendations linked with this one that the user may see (one query)."""
    link = RecommendationLink.objects.filter(recommendation=recommendation).first()
    if link is None:
        return []
    return list(
        _with_progress(
            visible_recommendations(access.user, access.partnership)
            .filter(link__group_id=link.group_id)
            .exclude(pk=recommendation.pk),
            access,
        )
        .select_related("case")
        .order_by("created_at", "pk")
    )


def earlier_candidates(access: PlanAccess, recommendation: Recommendation) -> list[Recommendation]:
    """The recommendations of other reviews the user may see that this one might repeat: another case's, or
    adopted from elsewhere (an adopted one is compared with every other recommendation, adopted ones with
    another source title included). Not those already in its group. Two queries (themes prefetched)."""
    others = visible_recommendations(access.user, access.partnership).exclude(pk=recommendation.pk)
    if recommendation.case_id is not None:
        others = others.exclude(case_id=recommendation.case_id)
    link = RecommendationLink.objects.filter(recommendation=recommendation).values("group_id")
    others = others.exclude(link__group_id__in=link)
    return list(
        _with_progress(others, access)
        .select_related("case")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )


def as_candidate(recommendation: Recommendation) -> similar.Candidate:
    return similar.Candidate(
        id=recommendation.pk,
        text=recommendation.text,
        theme_ids=frozenset(theme.pk for theme in recommendation.themes.all()),
        closed=recommendation.status == RecommendationStatus.CLOSED,
        impact=getattr(recommendation, "impact", None) or "",
    )


@dataclass
class Repeats:
    """The earlier recommendations like one recommendation, as its pages show them."""

    matches: list[tuple[similar.Match, Recommendation]]
    summary: str
    linked: list[Recommendation]


def recommendation_repeats(access: PlanAccess, recommendation: Recommendation) -> Repeats:
    """What earlier recommendations look like this one (similar.py), with the sentence that says so, and
    those already linked with it."""
    candidates = earlier_candidates(access, recommendation)
    by_id = {candidate.pk: candidate for candidate in candidates}
    themes = {theme.pk: theme.label for theme in recommendation.themes.all()}
    found = similar.find_similar(
        recommendation.text, themes, [as_candidate(candidate) for candidate in candidates]
    )
    return Repeats(
        matches=[(match, by_id[match.candidate.id]) for match in found],
        summary=similar.summary(found, themes),
        linked=recommendation_group(access, recommendation),
    )


# --- exports ----------------------------------------------------------------------------------------------


def export_of_requester(*, access: PlanAccess, export_id: int) -> MonitoringExport | None:
    """The requester's own export in this partnership; anyone else's is None (404)."""
    return (
        MonitoringExport.objects.filter(
            pk=export_id, partnership=access.partnership, requested_by=access.user
        )
        .select_related("document", "generation", "generation__document")
        .first()
    )


# A spreadsheet still waiting or being built after this long is taken as lost (its worker died): shown as
# failed, and failed when its requester asks again, so the one-in-flight rule cannot keep them waiting.
EXPORT_STALE_AFTER = dt.timedelta(hours=1)


def export_is_stale(export: MonitoringExport, now: dt.datetime) -> bool:
    return export.status in EXPORT_IN_FLIGHT and export.created_at < now - EXPORT_STALE_AFTER


def export_in_flight(user: User, partnership: Partnership) -> MonitoringExport | None:
    return MonitoringExport.objects.filter(
        requested_by=user,
        partnership=partnership,
        format=ExportFormat.XLSX,
        status__in=sorted(EXPORT_IN_FLIGHT),
    ).first()


def recent_exports(access: PlanAccess, *, limit: int = 5) -> list[MonitoringExport]:
    return list(
        MonitoringExport.objects.filter(partnership=access.partnership, requested_by=access.user)
        .select_related("generation")
        .order_by("-created_at", "-pk")[:limit]
    )


def export_for_build(export_id: int) -> MonitoringExport | None:
    return MonitoringExport.objects.filter(pk=export_id).select_related("partnership", "requested_by").first()


def latest_update_q() -> dict[str, Subquery]:
    """The date and text of each action's latest dated update (the newest first, as the action page)."""
    latest = CaseActionUpdate.objects.filter(action_id=OuterRef("pk")).order_by(
        "-happened_on", "-added_at", "-pk"
    )
    return {
        "latest_update_on": Subquery(latest.values("happened_on")[:1]),
        "latest_update_text": Subquery(latest.values("text")[:1]),
    }
