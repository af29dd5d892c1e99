"""Who may see identity details (names, dates of birth, addresses, NHS numbers, schools, legal status).

Need-to-know, narrower than seeing the case (docs/roles.md, "People in this case"):
- the business unit (officer and business manager) of the case's lead partnership: they run the case;
- the local authority delegate: the national notification to the Panel asks for each child's details;
- the police delegate: parallel criminal investigations have to be matched to the right people;
- an agency representative named on the case as agency representative: the referrer, who supplied them.
- an independent reviewer named on the case, while the business manager's grant (`IdentityGrant`, with a
  reason, revocable) stands.
Not the ICB delegate, the Independent Chair, committee members, agency authors, ungranted reviewers or the
auditor: they work from pseudonyms. Roles held in a partnership the case is only shared with do not count.
The caller has already established that the case is visible to the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguarding_reviews.cases.models import Case, CaseCapacity, CaseMembership
from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from .models import IdentityGrant

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

IDENTITY_ROLES = frozenset({*CASE_RUNNERS, Role.DELEGATE_LOCAL_AUTHORITY, Role.DELEGATE_POLICE})


def may_see_identity(user: User, case: Case) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = roles_by_partnership(user).get(case.lead_partnership_id, frozenset())
    if roles & IDENTITY_ROLES:
        return True
    if (
        Role.AGENCY_REPRESENTATIVE in roles
        and CaseMembership.objects.filter(
            case=case, user=user, capacity=CaseCapacity.AGENCY_REPRESENTATIVE, ended_at__isnull=True
        ).exists()
    ):
        return True
    if Role.INDEPENDENT_REVIEWER not in roles:
        return False
    return reviewer_identity_granted(user=user, case=case)


def reviewer_identity_granted(*, user: User, case: Case) -> bool:
    """An independent reviewer named on the case whose identity grant stands."""
    return (
        CaseMembership.objects.filter(
            case=case, user=user, capacity=CaseCapacity.INDEPENDENT_REVIEWER, ended_at__isnull=True
        ).exists()
        and IdentityGrant.objects.filter(case=case, user=user, revoked_at__isnull=True).exists()
    )


def may_manage_subjects(user: User, case: Case) -> bool:
    """Add people and edit their details and labels: the business unit of the lead partnership."""
    return bool(roles_by_partnership(user).get(case.lead_partnership_id, frozenset()) & CASE_RUNNERS)
