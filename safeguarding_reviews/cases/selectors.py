"""Reads of cases that depend on who is asking. Views and dashboards list cases only through here."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Case, CaseMembership, CaseShare
from .policies import CaseAction, can, visible_cases

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def case_get_for_user(*, user: User, case_id: UUID | str, action: CaseAction = CaseAction.VIEW) -> Case:
    """The case, or 404 if the user may not see it (the same answer as for a missing one),
    or 403 if they may see it but not do `action`."""
    case = visible_cases(user).select_related("lead_partnership").filter(pk=case_id).first()
    if case is None:
        raise Http404("No case found")
    if not can(user, action, case):
        raise PermissionDenied
    return case


def case_list_for_user(*, user: User) -> QuerySet[Case]:
    return visible_cases(user).select_related("lead_partnership").order_by("-created_at", "pk")


def case_members(*, case: Case) -> QuerySet[CaseMembership]:
    return (
        CaseMembership.objects.filter(case=case, ended_at__isnull=True)
        .select_related("user")
        .order_by("capacity", "user__full_name")
    )


def case_shares(*, case: Case) -> QuerySet[CaseShare]:
    return CaseShare.objects.filter(case=case, ended_at__isnull=True).select_related("partnership")


def case_membership_get(*, case: Case, membership_id: int) -> CaseMembership | None:
    """A current membership of the case (None once ended or if it is another case's)."""
    return CaseMembership.objects.filter(case=case, pk=membership_id, ended_at__isnull=True).first()


def case_share_get(*, case: Case, share_id: int) -> CaseShare | None:
    """A current share of the case (None once ended or if it is another case's)."""
    return CaseShare.objects.filter(case=case, pk=share_id, ended_at__isnull=True).first()
