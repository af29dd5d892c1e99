"""Who may read and keep a case's practitioners register. Roles are those held in the case's lead partnership.

- Read the register (agency, role, team, involvement period): everyone who may see the case
  (cases.policies.visible_cases), as for the case's children and household.
- Names and work emails: only those who may see the case's identity details
  (subjects.policies.may_see_identity: the business unit, the local authority and police delegates, the
  agency representative named on the case, an independent reviewer with the business manager's identity
  grant). Everyone else sees agency and role.
- Involvement (invitations, attendance, the no-blame statement, the draft): read as the register; recorded
  by the business unit, as for adding practitioners.
- Add, change and remove practitioners: the business unit (officer and business manager) of the lead
  partnership, while the case is open. An agency representative does not add their own agency's
  practitioners: the register is the business unit's one list for the review, names reach it through the
  business unit (the agency's return or a request for information), and the agency representative named on a
  case is the referrer, not necessarily the agency's review lead (docs/practitioners.md).
Anyone else who can see the case gets 403 on the writing pages; a case they cannot see is 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.organisations.selectors import roles_by_partnership
from safeguarding_reviews.subjects.policies import may_see_identity

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def may_manage_practitioners(user: User, case: Case) -> bool:
    """Add, change and remove practitioners: the business unit of the lead partnership."""
    return bool(roles_by_partnership(user).get(case.lead_partnership_id, frozenset()) & CASE_RUNNERS)


def may_see_practitioner_names(user: User, case: Case) -> bool:
    """Practitioners' names are identity details: the same people as the family's (subjects.policies)."""
    return may_see_identity(user, case)


def register_case_get(*, user: User, case_id: UUID | str, manage: bool = False) -> Case:
    """The case: 404 if invisible; with `manage`, 403 if visible but the user may not keep the register."""
    case = case_get_for_user(user=user, case_id=case_id)
    if manage and not may_manage_practitioners(user, case):
        raise PermissionDenied("Only the business unit keeps the practitioners register")
    return case
