"""Reads of cases that depend on who is asking. Views and dashboards list cases only through here."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from safeguarding_reviews.core.compiled_query import CompiledQueries, instance, model_values
from safeguarding_reviews.organisations.models import Partnership
from safeguarding_reviews.organisations.selectors import roles_key

from .models import Case, CaseMembership, CaseShare
from .policies import CaseAction, can, visible_cases

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


# Every case page reads its case through the visibility rule: the query is compiled once per person and roles,
# the case's id bound (core.compiled_query), as building and compiling it cost more than running it.
_VISIBLE_CASE = CompiledQueries()
_CASE_VALUES = (*model_values(Case), *model_values(Partnership, "lead_partnership__"))


def visible_case(*, user: User, case_id: UUID | str) -> Case | None:
    """The case with its lead partnership if this user may see it, else None (one query)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        case_uuid = case_id if isinstance(case_id, UUID) else UUID(str(case_id))
    except ValueError:
        return None
    compiled = _VISIBLE_CASE.get(
        ("visible case", user.pk, roles_key(user)),
        lambda case_id: visible_cases(user).filter(pk=case_id).values(*_CASE_VALUES)[:1],
        {"case_id": UUID},
    )
    rows = compiled.rows(case_id=case_uuid)
    if not rows:
        return None
    case = instance(Case, rows[0])
    case.lead_partnership = instance(Partnership, rows[0], "lead_partnership__")
    return case


def case_get_for_user(*, user: User, case_id: UUID | str, action: CaseAction = CaseAction.VIEW) -> Case:
    """The case, or 404 if the user may not see it (the same answer as for a missing one),
    or 403 if they may see it but not do `action`."""
    case = visible_case(user=user, case_id=case_id)
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
