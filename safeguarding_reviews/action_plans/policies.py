"""Who may see and do what in the action plans (docs/action-plans.md, docs/roles.md). Roles are those held in
the partnership that holds the plan: a case's lead partnership, or the partnership that adopted a
recommendation. One rule per thing, so lists, detail pages and the services agree:

- **Read every recommendation and action** (`READERS`): the business unit (officer, manager), the three
  partner delegates, the Independent Chair, the auditor and the **monitoring committee member**, which reads
  the plans and records the committee's decisions but never opens a case page. An action or recommendation
  on a restricted case is read only by those who may see that case (its business manager, people named on
  it).
- **An agency representative** reads and updates every action **their agency owns**, on any case, and the
  recommendations addressed to their agency (to answer them with actions): without being named on the case
  and without gaining any other page of it.
- **An agency author** reads and updates only the actions assigned to them (`owner_user`).
- The business unit writes the recommendations, adds actions for any addressed agency and supersedes
  actions; the business unit or the committee accepts evidence or returns it with questions, closes a
  recommendation and records the impact check; only the business manager approves a withdrawal.
Anyone else in the partnership gets 403 on the plan's pages; a recommendation or an action they may not see
is 404, as is the whole plan to someone outside the partnership.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from safeguarding_reviews.actions.models import CaseAction
from safeguarding_reviews.cases.models import CaseCapacity, CaseMembership
from safeguarding_reviews.organisations.models import MembershipRole, Partnership
from safeguarding_reviews.organisations.roles import CASE_RUNNERS, DELEGATE_ROLES, RESTRICTED_CASE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from .models import Recommendation

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


class PlanPermission(enum.Enum):
    VIEW = "view"
    UPDATE = "update"  # a dated progress update, not started / in progress, marking complete, evidence
    WITHDRAW_REQUEST = "withdraw_request"
    WITHDRAW_APPROVE = "withdraw_approve"
    DECIDE = "decide"  # accept the evidence or return it with questions; close; the impact check
    SUPERSEDE = "supersede"
    EDIT = "edit"  # change a recommendation, take recommendations in
    ADD_ACTION = "add_action"


COMMITTEE = frozenset({Role.MONITORING_COMMITTEE_MEMBER})
READERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR} | COMMITTEE
DECIDERS = CASE_RUNNERS | COMMITTEE


def partnership_for_plans(*, user: User, slug: str) -> Partnership:
    """The partnership whose plans the URL names: 404 unless the user is a member of it."""
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None or partnership.pk not in roles_by_partnership(user):
        raise Http404("No such partnership")
    return partnership


class PlanAccess:
    """What one user may do with one partnership's action plans, worked out once per request (at most two
    queries: their agencies, and the restricted cases they are named on, each only when it matters)."""

    def __init__(self, user: User, partnership: Partnership) -> None:
        self.user = user
        self.partnership = partnership
        roles = roles_by_partnership(user).get(partnership.pk, frozenset())
        self.reads_all = bool(roles & READERS)
        self.runs_plans = bool(roles & CASE_RUNNERS)
        self.is_business_manager = Role.BUSINESS_MANAGER in roles
        self.is_committee = bool(roles & COMMITTEE)
        self.decides = bool(roles & DECIDERS)
        self.sees_restricted = bool(roles & RESTRICTED_CASE_ROLES)
        self.is_author = Role.AGENCY_AUTHOR in roles
        self.agency_ids: frozenset[int] = frozenset()
        if Role.AGENCY_REPRESENTATIVE in roles:
            self.agency_ids = frozenset(
                MembershipRole.objects.filter(
                    membership__user=user,
                    membership__partnership=partnership,
                    membership__ended_at__isnull=True,
                    role=Role.AGENCY_REPRESENTATIVE,
                    agency__isnull=False,
                ).values_list("agency_id", flat=True)
            )

    @property
    def may_use_plans(self) -> bool:
        return self.reads_all or bool(self.agency_ids) or self.is_author

    def _case_q(self, through: str) -> Q:
        """Readers: every unrestricted case's records, a restricted case's only for those who may see it."""
        if self.sees_restricted:
            return Q()
        named = CaseMembership.objects.filter(user=self.user, ended_at__isnull=True).exclude(
            capacity=CaseCapacity.AGENCY_AUTHOR
        )
        return (
            Q(**{f"{through}case__isnull": True})
            | Q(**{f"{through}case__is_restricted": False})
            | Q(**{f"{through}case_id__in": named.values("case_id")})
        )

    def actions_q(self, through: str = "") -> Q:
        """The condition on a CaseAction row (reached through `through`, e.g. "actions__"): the actions this
        user may see in the plans."""
        if self.reads_all:
            return self._case_q(through)
        visible = Q(**{f"{through}pk__in": []})
        if self.agency_ids:
            visible |= Q(**{f"{through}owner_agency_id__in": sorted(self.agency_ids)})
        if self.is_author:
            visible |= Q(**{f"{through}owner_user": self.user})
        return visible

    def recommendations_q(self) -> Q:
        if self.reads_all:
            return self._case_q("")
        visible = Q(pk__in=[])
        if self.agency_ids:
            agencies = sorted(self.agency_ids)
            # "All partners" reaches every agency, but not into a restricted case: there the agency must be
            # named by the recommendation or hold one of its actions.
            unrestricted = Q(case__isnull=True) | Q(case__is_restricted=False)
            visible |= (
                (Q(all_partners=True) & unrestricted)
                | Q(lead_agency_id__in=agencies)
                | Q(contributing_agencies__in=agencies)
                | Q(actions__owner_agency_id__in=agencies)
            )
        if self.is_author:
            visible |= Q(actions__owner_user=self.user)
        return visible

    # --- one action -------------------------------------------------------------------------------------

    def _sees_case_of(self, row: CaseAction | Recommendation) -> bool:
        """A reader's view of one row's case: the same rule as _case_q, for a row already loaded."""
        case = row.case
        if case is None or not case.is_restricted or self.sees_restricted:
            return True
        return (
            CaseMembership.objects.filter(case=case, user=self.user, ended_at__isnull=True)
            .exclude(capacity=CaseCapacity.AGENCY_AUTHOR)
            .exists()
        )

    def may_view_action(self, action: CaseAction) -> bool:
        if self.reads_all:
            return self._sees_case_of(action)
        return action.owner_agency_id in self.agency_ids or (
            self.is_author and action.owner_user_id == self.user.pk
        )

    def _owns(self, action: CaseAction) -> bool:
        return action.owner_agency_id in self.agency_ids or (
            self.is_author and action.owner_user_id == self.user.pk
        )

    def may_action(self, permission: PlanPermission, action: CaseAction) -> bool:
        if permission == PlanPermission.VIEW:
            return self.may_view_action(action)
        if permission == PlanPermission.UPDATE:
            return self.runs_plans or self._owns(action)
        if permission == PlanPermission.WITHDRAW_REQUEST:
            return self.runs_plans or action.owner_agency_id in self.agency_ids
        if permission == PlanPermission.WITHDRAW_APPROVE:
            return self.is_business_manager
        if permission == PlanPermission.DECIDE:
            return self.decides
        if permission == PlanPermission.SUPERSEDE:
            return self.runs_plans
        return False

    # --- one recommendation -----------------------------------------------------------------------------

    def addressed_agency_ids(self, recommendation: Recommendation, agency_ids: set[int]) -> set[int]:
        """Of `agency_ids`, those the recommendation is addressed to (all, for "all partners")."""
        if recommendation.all_partners:
            return set(agency_ids)
        addressed = {a.pk for a in recommendation.contributing_agencies.all()}
        if recommendation.lead_agency_id is not None:
            addressed.add(recommendation.lead_agency_id)
        return addressed & set(agency_ids)

    def may_recommendation(self, permission: PlanPermission, recommendation: Recommendation) -> bool:
        if self.reads_all and not self._sees_case_of(recommendation):
            return False
        if permission == PlanPermission.VIEW:
            # Others are given only what recommendations_q found for them (recommendation_get).
            return self.reads_all or bool(self.agency_ids) or self.is_author
        if permission == PlanPermission.EDIT:
            return self.runs_plans
        if permission == PlanPermission.DECIDE:
            return self.decides
        if permission == PlanPermission.ADD_ACTION:
            # Who may; a closed recommendation refuses new actions in the service (a state, not access).
            return self.runs_plans or bool(self.addressed_agency_ids(recommendation, set(self.agency_ids)))
        return False


def visible_plan_actions(user: User, partnership: Partnership) -> QuerySet[CaseAction]:
    """THE actions this user may see in the partnership's action plans (every list, count, export and detail
    starts here): the actions answering recommendations and the rapid review's actions, which come in as
    actions. Empty for anyone the plans are not for."""
    access = PlanAccess(user, partnership)
    if not access.may_use_plans:
        return CaseAction.objects.none()
    return CaseAction.objects.filter(access.actions_q(), partnership=partnership)


def visible_recommendations(user: User, partnership: Partnership) -> QuerySet[Recommendation]:
    """THE recommendations this user may see in the partnership's action plans."""
    access = PlanAccess(user, partnership)
    if not access.may_use_plans:
        return Recommendation.objects.none()
    matching = Recommendation.objects.filter(access.recommendations_q(), partnership=partnership)
    if access.reads_all:
        return matching
    # The agency conditions join through many-valued relations: de-duplicate by id.
    return Recommendation.objects.filter(pk__in=matching.values("pk"))


def plans_get(*, user: User, slug: str) -> tuple[Partnership, PlanAccess]:
    """The partnership and the user's access to its plans: 404 outside it, 403 if not for them."""
    partnership = partnership_for_plans(user=user, slug=slug)
    access = PlanAccess(user, partnership)
    if not access.may_use_plans:
        raise PermissionDenied
    return partnership, access


def plan_action_get(
    *, user: User, slug: str, action_id: int, permission: PlanPermission
) -> tuple[CaseAction, PlanAccess]:
    """One action of the plans: 404 if invisible to the user (another agency's action, for an agency
    representative), 403 if visible but `permission` is not theirs."""
    partnership, access = plans_get(user=user, slug=slug)
    action = (
        CaseAction.objects.filter(access.actions_q(), partnership=partnership, pk=action_id)
        .select_related(
            "case", "owner_agency", "owner_user", "recommendation", "superseded_by", "withdrawal_requested_by"
        )
        .first()
    )
    if action is None:
        raise Http404("No action found")
    if not access.may_action(permission, action):
        raise PermissionDenied
    return action, access


def recommendation_get(
    *, user: User, slug: str, recommendation_id: int, permission: PlanPermission
) -> tuple[Recommendation, PlanAccess]:
    """One recommendation: 404 if invisible to the user, 403 if visible but `permission` is not theirs."""
    partnership, access = plans_get(user=user, slug=slug)
    recommendation = (
        visible_recommendations(user, partnership)
        .filter(pk=recommendation_id)
        .select_related("case", "lead_agency", "partnership")
        .prefetch_related("contributing_agencies", "themes")
        .first()
    )
    if recommendation is None:
        raise Http404("No recommendation found")
    if not access.may_recommendation(permission, recommendation):
        raise PermissionDenied
    return recommendation, access


def may_add_action_for(access: PlanAccess, recommendation: Recommendation, agency_id: int) -> bool:
    """The agency an action is added for must be addressed by the recommendation; an agency representative
    adds actions for their own agency only."""
    if not access.addressed_agency_ids(recommendation, {agency_id}):
        return False
    return access.runs_plans or agency_id in access.agency_ids
