"""Who may see and do what with a case. Predicates and the visible queryset live side by side.

Deny by default. A case the user may not see is a 404, exactly like a missing one; a case they may
see but not act on is a 403. docs/roles.md is the hand-written statement of these rules and the
authorization-matrix test holds the code to it.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from safeguarding_reviews.organisations.roles import (
    CASE_RUNNERS,
    PARTNERSHIP_WIDE_ROLES,
    RESTRICTED_CASE_ROLES,
    Role,
)
from safeguarding_reviews.organisations.selectors import partnerships_where, roles_by_partnership

from .models import Case, CaseCapacity, CaseMembership, CaseShare, CommitteeListing

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

AUDIT_READERS = frozenset({Role.BUSINESS_MANAGER, Role.AUDITOR})


class CaseAction(enum.Enum):
    VIEW = "view"
    EDIT = "edit"
    MANAGE_MEMBERS = "manage_members"
    SHARE = "share"
    VIEW_AUDIT = "view_audit"
    # Moves that go back (reopen a closed case, the partners reconsider): the business manager only.
    MOVE_BACK = "move_back"


def visible_cases(user: User) -> QuerySet[Case]:
    """Every case this user may see: partnership-wide roles see their partnerships' cases (restricted
    ones only as business manager); review committee (LCPC) members also see their partnership's unrestricted
    cases whose review is on the committee's list (`CommitteeListing`); everyone else sees the cases they
    are named on. Being named as an
    agency author does not show the case: the author sees only their own request to their agency
    (`rapid_review.policies.request_get`), never the case's other pages."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    return Case.objects.filter(visible_case_q(user))


def visible_case_q(user: User, *, through: str = "") -> Q:
    """The visibility rule of `visible_cases` as a condition on a case row, reached from another model
    through the relation `through` (e.g. "case__"). Checking it on each row of a small set (a person's
    alerts) avoids building the set of every case they may see. The caller has checked that the user is
    signed in and active."""
    wide = partnerships_where(user, PARTNERSHIP_WIDE_ROLES)
    restricted_ok = partnerships_where(user, RESTRICTED_CASE_ROLES)
    member_partnerships = list(roles_by_partnership(user))
    named = CaseMembership.objects.filter(user=user, ended_at__isnull=True).exclude(
        capacity=CaseCapacity.AGENCY_AUTHOR
    )
    shared_wide = CaseShare.objects.filter(partnership_id__in=wide, ended_at__isnull=True).values("case_id")
    lead = f"{through}lead_partnership_id__in"
    in_scope = Q(**{lead: wide}) | Q(**{f"{through}pk__in": shared_wide})
    # A restricted case: only the lead partnership's business manager, besides the people named on it.
    may_see_restricted = Q(**{lead: restricted_ok})
    # Named on the case counts only while the person still belongs to the case's partnership. Checked row by
    # row (one index probe per case row read), never as the list of every case the person is named on: a
    # business unit officer may lead thousands, and SQLite built that whole list for every query, so even a
    # page that reads 100 cases cost time in proportion to every case the officer had ever led. The case is
    # also named in an inequality (always true beside the equality) for PostgreSQL, which otherwise may run
    # the EXISTS as one hashed pass over every case the person is named on (5,000 rows for the synthetic
    # officer) when it expects many case rows, though a page's walk stops after a few: an EXISTS whose outer
    # row is named other than by equality cannot be hashed, so it is probed by index for each row read.
    this_case = OuterRef(f"{through}pk")
    is_named = Q(Exists(named.filter(case_id=this_case, case_id__gte=this_case)))
    named_q = is_named & Q(**{lead: member_partnerships})
    # The partnership-wide test first: it reads only the row, and SQLite stops at the first true branch.
    visible = (in_scope & (Q(**{f"{through}is_restricted": False}) | may_see_restricted)) | named_q
    committee = partnerships_where(user, {Role.REVIEW_COMMITTEE_MEMBER})
    if committee:
        # The LCPC sees a review the business unit put on its list (read-only, never identity details);
        # a restricted case still needs them named on it.
        listed = CommitteeListing.objects.filter(removed_at__isnull=True).values("case_id")
        visible |= (
            Q(**{lead: committee})
            & Q(**{f"{through}pk__in": listed})
            & Q(**{f"{through}is_restricted": False})
        )
    return visible


def _lead_roles(user: User, case: Case) -> frozenset[str]:
    return roles_by_partnership(user).get(case.lead_partnership_id, frozenset())


def can(user: User, action: CaseAction, case: Case) -> bool:
    """May `user` do `action` to `case`? The caller has already established the case is visible."""
    roles = _lead_roles(user, case)
    if action is CaseAction.VIEW:
        return True
    if action in (CaseAction.EDIT, CaseAction.MANAGE_MEMBERS, CaseAction.SHARE):
        return bool(roles & CASE_RUNNERS)
    if action is CaseAction.VIEW_AUDIT:
        return bool(roles & AUDIT_READERS)
    if action is CaseAction.MOVE_BACK:
        return Role.BUSINESS_MANAGER in roles
    return False


def is_case_reviewer(user: User, case: Case) -> bool:
    """The user holds the independent reviewer role in the case's lead partnership and is named on the case
    as its independent reviewer (an active membership: reviewers.services names them). The one test the
    local review's apps use (families, report_drafts, final_reports)."""
    if Role.INDEPENDENT_REVIEWER not in _lead_roles(user, case):
        return False
    return CaseMembership.objects.filter(
        case=case, user=user, capacity=CaseCapacity.INDEPENDENT_REVIEWER, ended_at__isnull=True
    ).exists()


def case_nav(user: User, case: Case) -> dict[str, Any]:
    """The context of the case pages' shared navigation (cases/_case_nav.html): the case, and which of its
    guarded pages this user may open, so that no link leads to a refusal."""
    return {
        "case": case,
        "may_manage_members": can(user, CaseAction.MANAGE_MEMBERS, case),
        "may_share": can(user, CaseAction.SHARE, case),
        "may_view_audit": can(user, CaseAction.VIEW_AUDIT, case),
    }


def can_create_case_in(user: User) -> list[int]:
    """The partnerships in which this user may open a case."""
    return partnerships_where(user, CASE_RUNNERS)
