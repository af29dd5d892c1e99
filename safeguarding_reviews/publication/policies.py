"""Who may read and write a case's publication. Roles are those held in the case's lead partnership.

- Read (the task list, the files and their versions, downloads): the business unit, the three partners'
  delegates (who sign the decision through signoffs), the Independent Chair, the LCPC members who see the case
  and the case's independent reviewer. Anyone else who can see the case (an agency representative, the
  auditor) gets 404, as a case they cannot see: publication is the partners' business until it is public.
- Write (files, the decision, holds, the notice, the publication record, the briefing): the business unit.
- Decide a hold (approve or refuse the pause of the clock): a business manager who did not ask for it (the
  clocks app's rule, clocks.policies.may_decide).
Readers get 403 on the writing pages.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CASE_RUNNERS, is_case_reviewer
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.organisations.roles import DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

READER_ROLES = frozenset(
    {*CASE_RUNNERS, *DELEGATE_ROLES, Role.INDEPENDENT_CHAIR, Role.REVIEW_COMMITTEE_MEMBER}
)


class PublicationAction(enum.Enum):
    VIEW = "view"
    EDIT = "edit"
    DECIDE_HOLD = "decide_hold"


REFUSALS = {
    PublicationAction.EDIT: "Only the business unit records the publication of a review",
    PublicationAction.DECIDE_HOLD: "Only a business manager decides whether publication is held",
}


def _roles(user: User, case: Case) -> frozenset[str]:
    return roles_by_partnership(user).get(case.lead_partnership_id, frozenset())


def may(user: User, action: PublicationAction, case: Case) -> bool:
    """`case` is visible to the user (cases.policies.visible_cases)."""
    roles = _roles(user, case)
    if action == PublicationAction.VIEW:
        return bool(roles & READER_ROLES) or is_case_reviewer(user, case)
    if action == PublicationAction.EDIT:
        return bool(roles & CASE_RUNNERS)
    return Role.BUSINESS_MANAGER in roles


def publication_case_get(
    *, user: User, case_id: UUID | str, action: PublicationAction = PublicationAction.VIEW
) -> Case:
    """The case: 404 if invisible or if the user is not among the readers; 403 (saying why) if a reader may
    not do `action`."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, PublicationAction.VIEW, case):
        raise Http404("No publication found")
    if action != PublicationAction.VIEW and not may(user, action, case):
        raise PermissionDenied(REFUSALS[action])
    return case
