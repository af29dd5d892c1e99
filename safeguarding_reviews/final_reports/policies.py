"""Who may read and write a case's final report record. Roles are those held in the case's lead partnership.

- Read the record (the record page): everyone who may see the case (cases.policies.visible_cases): the
  business unit, the three partners' delegates (who sign it through signoffs), the Independent Chair, the
  LCPC members named on the case (read only), the case's agency people, the reviewer and the auditor.
- Write the summary, the systemic analysis, the findings and the report's recommendations: the case's
  independent reviewer (named on the case as reviewer, with the reviewer role: the same test as
  local_reviews.services.reviewers_of) and the business unit (officer and business manager).
- Write the partners' response and the recommendations it sets, and submit the record for sign-off: the
  business unit, on behalf of the partners.
Anyone else who can see the case gets 403 on the writing pages; a case they cannot see is 404.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CASE_RUNNERS, is_case_reviewer
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.organisations.selectors import roles_by_partnership

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


class ReportAction(enum.Enum):
    VIEW = "view"
    WRITE = "write"  # summary, analysis, findings, the report's recommendations
    RESPOND = "respond"  # the partners' response and its recommendations
    SUBMIT = "submit"


REFUSALS = {
    ReportAction.WRITE: "Only the case's independent reviewer and the business unit write the final report",
    ReportAction.RESPOND: "Only the business unit records the partners' response",
    ReportAction.SUBMIT: "Only the business unit submits the final report for sign-off",
}


def may(user: User, action: ReportAction, case: Case) -> bool:
    """`case` is visible to the user (loaded through report_case_get)."""
    if action == ReportAction.VIEW:
        return True
    runner = bool(roles_by_partnership(user).get(case.lead_partnership_id, frozenset()) & CASE_RUNNERS)
    if action == ReportAction.WRITE:
        return runner or is_case_reviewer(user, case)
    return runner


def report_case_get(*, user: User, case_id: UUID | str, action: ReportAction = ReportAction.VIEW) -> Case:
    """The case: 404 if invisible; 403 (saying why) if visible but the user may not do `action`."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, action, case):
        raise PermissionDenied(REFUSALS[action])
    return case
