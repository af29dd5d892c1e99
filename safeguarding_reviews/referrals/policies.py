"""Who may write, record and read referrals (docs/roles.md, "Referral intake").

- An agency representative refers for the agency their role names. Their draft is theirs alone: anyone else
  asking for it gets "Page not found", the same as for a missing one.
- The business unit (officer or business manager) of a partnership records a referral received by phone or
  email on an agency's behalf; that opens the case at once, and the business unit completes it on the case.
- Once a referral belongs to a case, everyone who may see the case may read it (identity details only as
  subjects/policies.py allows); the business unit records written confirmation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CASE_RUNNERS, visible_cases
from safeguarding_reviews.organisations.models import Agency, MembershipRole
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import partnerships_where, roles_by_partnership

from .models import Referral, ReferralStatus

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def referrer_agencies(user: User) -> list[Agency]:
    """The agencies this user may refer for: those named on their active agency representative roles."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_platform_admin:
        return []
    ids = MembershipRole.objects.filter(
        membership__user=user,
        membership__ended_at__isnull=True,
        role=Role.AGENCY_REPRESENTATIVE,
        agency__isnull=False,
        agency__is_active=True,
    ).values("agency_id")
    return list(
        Agency.objects.filter(pk__in=ids).select_related("partnership").order_by("partnership__name", "name")
    )


def may_refer_for(user: User, agency: Agency) -> bool:
    return any(a.pk == agency.pk for a in referrer_agencies(user))


def recording_partnerships(user: User) -> list[int]:
    """Partnerships whose business unit this user is in: they may record phone and email referrals."""
    return partnerships_where(user, CASE_RUNNERS)


def is_case_runner(user: User, case: Case | None) -> bool:
    if case is None:
        return False
    return bool(roles_by_partnership(user).get(case.lead_partnership_id, frozenset()) & CASE_RUNNERS)


def referral_get_for_user(*, user: User, referral_id: UUID | str) -> Referral:
    """A referral to work on. A draft without a case: its author only (404 for everyone else). A referral on
    a case: 404 unless the case is visible, 403 unless the user is in the case's business unit."""
    referral = Referral.objects.select_related("agency", "partnership", "case").filter(pk=referral_id).first()
    if referral is None:
        raise Http404("No referral found")
    if referral.case_id is None:
        if referral.created_by_id != getattr(user, "pk", None) or not may_refer_for(user, referral.agency):
            raise Http404("No referral found")
        return referral
    if not visible_cases(user).filter(pk=referral.case_id).exists():
        raise Http404("No referral found")
    if referral.status == ReferralStatus.SUBMITTED and getattr(user, "pk", None) in (
        referral.created_by_id,
        referral.submitted_by_id,
    ):
        return referral  # its pages lead its author to the confirmation
    if not is_case_runner(user, referral.case):
        raise PermissionDenied
    return referral


def section_draft_open(*, user: User, referral_id: Any, section: str) -> Any:
    """drafts.registry opener for a referral's question sections (not people or files), until submitted."""
    from safeguarding_reviews.drafts.registry import OpenForm

    from .forms import SECTION_FORMS

    referral = referral_get_for_user(user=user, referral_id=referral_id)
    if section not in SECTION_FORMS or referral.status == ReferralStatus.SUBMITTED:
        raise Http404("No such form")
    return OpenForm(case=referral.case, partnership=referral.partnership, version=referral.version)
