"""Who may read and record the family's involvement in a case's review. Roles are those held in the case's
lead partnership.

- Read the family page and a member's page (relationship or label, the decisions, contacts, views, the
  draft): everyone who may see the case (cases.policies.visible_cases), the LCPC and the partners' delegates
  included (read-only).
- Names and addresses: only those who may see the case's identity details (subjects.policies.
  may_see_identity); every showing audited as an identity read.
- Record (add members, decide the approach, record contacts, meetings, expectations, views, the draft): the
  business unit (officer and business manager) and the case's independent reviewer (named on the case,
  their declaration accepted), who leads the engagement with the family; while the case is open.
- The information letter carries a name and an address: generating and downloading it need the identity
  details. Anyone who may see the case but not identity details gets 404 on its pages (the letter's
  existence is itself about an identified person); one who may see identity details but not record gets 403
  on generating it and may download it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CASE_RUNNERS, is_case_reviewer
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.organisations.roles import PARTNERSHIP_WIDE_ROLES
from safeguarding_reviews.organisations.selectors import roles_by_partnership
from safeguarding_reviews.subjects.policies import may_see_identity

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

WRITE_REFUSED = "Only the business unit and the case's independent reviewer record the family's involvement"


def may_record_family(user: User, case: Case) -> bool:
    """The business unit, or the independent reviewer named on the case."""
    roles = roles_by_partnership(user).get(case.lead_partnership_id, frozenset())
    if roles & CASE_RUNNERS:
        return True
    return is_case_reviewer(user, case)


def may_see_family_names(user: User, case: Case) -> bool:
    return may_see_identity(user, case)


def family_case_get(*, user: User, case_id: UUID | str, write: bool = False) -> Case:
    """The case: 404 if invisible; with `write`, 403 if visible but the user may not record."""
    case = case_get_for_user(user=user, case_id=case_id)
    if write and not may_record_family(user, case):
        raise PermissionDenied(WRITE_REFUSED)
    return case


def letter_case_get(*, user: User, case_id: UUID | str, generate: bool = False) -> Case:
    """The case for the information letter's pages: 404 if invisible or the user may not see identity
    details; with `generate`, 403 if they may see them but not record."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not may_see_identity(user, case):
        raise Http404("No letter found")
    if generate and not may_record_family(user, case):
        raise PermissionDenied(WRITE_REFUSED)
    return case


def may_read_contact_log(user: User, case: Case) -> bool:
    """The local review's general log of contacts with the family (local_reviews:family_contact), linked from
    the family page: its readers are the partnership-wide roles (local_reviews.policies.READERS is the same
    set), so the link is shown only to them and never leads to a refusal."""
    return bool(
        roles_by_partnership(user).get(case.lead_partnership_id, frozenset()) & PARTNERSHIP_WIDE_ROLES
    )
