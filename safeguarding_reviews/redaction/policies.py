"""Who may read, run and decide on a case's redaction checks. Roles are those held in the case's lead
partnership; a case the user cannot see is 404, a visible case and a forbidden action 403.

- Read the checks (the list, a check's page: its file, checksum, status and counts by kind): the business
  unit, the three partners' delegates, the Independent Chair, the auditor, the review committee (LCPC)
  members who see the case, and the case's independent reviewer, as for the report's drafts
  (report_drafts.policies).
- The findings' text and the words around them are identity details: shown only to those who may see the
  case's identity details (subjects.policies.may_see_identity) and to the person who uploaded the checked file
  (the reviewer must be able to find and fix it). Every other reader sees counts only.
- Run a check on a file of the case: the business unit and the case's independent reviewer.
- Accept a finding with a reason, and undo an acceptance: the business unit, and the case's independent
  reviewer when they may see the finding's text (the file is theirs, or they hold the identity grant): a
  decision is taken on what one has read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import is_case_reviewer
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.organisations.roles import CASE_RUNNERS, DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership
from safeguarding_reviews.subjects.policies import may_see_identity

from .models import RedactionCheck

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.documents.models import Document

READER_ROLES = (
    CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR, Role.REVIEW_COMMITTEE_MEMBER}
)


def _roles(user: User, case: Case) -> frozenset[str]:
    return roles_by_partnership(user).get(case.lead_partnership_id, frozenset())


def may_read(user: User, case: Case) -> bool:
    return bool(_roles(user, case) & READER_ROLES) or is_case_reviewer(user, case)


def may_run(user: User, case: Case) -> bool:
    return bool(_roles(user, case) & CASE_RUNNERS) or is_case_reviewer(user, case)


def may_see_text(user: User, case: Case, document: Document) -> bool:
    """The findings' text of a check of `document`. The caller has established the user reads the checks."""
    return document.uploaded_by_id == user.pk or may_see_identity(user, case)


def may_decide(user: User, case: Case, document: Document) -> bool:
    if _roles(user, case) & CASE_RUNNERS:
        return True
    return is_case_reviewer(user, case) and may_see_text(user, case, document)


WHY = {
    "read": "Only the review's readers see its redaction checks",
    "run": "Only the business unit or the case's independent reviewer runs a redaction check",
    "decide": (
        "Only the business unit, or the case's independent reviewer who may read the findings, "
        "decides on them"
    ),
}


def checks_case_get(*, user: User, case_id: UUID | str, action: str = "read") -> Case:
    """The case: 404 if invisible; 403 if the user may not read its checks, or run one (`action="run"`)."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not may_read(user, case):
        raise PermissionDenied(WHY["read"])
    if action == "run" and not may_run(user, case):
        raise PermissionDenied(WHY["run"])
    return case


def check_get(*, user: User, case_id: UUID | str, check_id: int) -> RedactionCheck:
    """A check of the case with its case, file, requester and previous check: 404 if the case is invisible
    or the check is not of this case; 403 if the user may not read the case's checks."""
    case = checks_case_get(user=user, case_id=case_id)
    check = (
        RedactionCheck.objects.select_related("document", "requested_by", "previous__document")
        .filter(case=case, pk=check_id)
        .first()
    )
    if check is None:
        raise Http404("No check found")
    check.case = case
    return check
