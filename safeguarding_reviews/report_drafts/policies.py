"""Who may read, upload, comment on and respond to the report's drafts. Roles are those held in the case's
lead partnership; a case the user cannot see is 404, a visible case and a forbidden action 403.

- Read (the versions, each version with its comments and responses, download): the business unit, the
  three partners' delegates, the Independent Chair, the auditor, the review committee (LCPC) members who see
  the case, and the case's independent reviewer (named on it with that capacity).
- Upload a new version: the case's independent reviewer, or the business unit on the reviewer's behalf (a
  reviewer who emails the draft in); the version records who uploaded it. While the case is open.
- Comment (paragraph or section, the comment): the LCPC members, the partners' delegates and the business
  unit, on the latest version only, while the case is open.
- Respond to a comment (accepted, or not accepted with a reason): the case's independent reviewer.
- Send a factual-accuracy request to an agency's author: the business unit.
- A factual-accuracy request's recipient (a person with an agency role for the request's agency): that one
  request and its draft, and their corrections and reply, while it is open and they are still named on the
  case; nothing else of the case (being named as agency author does not show it: cases.policies).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguarding_reviews.cases.models import Case, CaseMembership
from safeguarding_reviews.cases.policies import is_case_reviewer
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.organisations.roles import CASE_RUNNERS, DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from .models import FactualAccuracyRequest, FactualStatus

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

READER_ROLES = (
    CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR, Role.REVIEW_COMMITTEE_MEMBER}
)
COMMENTER_ROLES = CASE_RUNNERS | DELEGATE_ROLES | {Role.REVIEW_COMMITTEE_MEMBER}


def _roles(user: User, case: Case) -> frozenset[str]:
    return roles_by_partnership(user).get(case.lead_partnership_id, frozenset())


def may_read(user: User, case: Case) -> bool:
    return bool(_roles(user, case) & READER_ROLES) or is_case_reviewer(user, case)


def may_upload(user: User, case: Case) -> bool:
    return bool(_roles(user, case) & CASE_RUNNERS) or is_case_reviewer(user, case)


def may_comment(user: User, case: Case) -> bool:
    return bool(_roles(user, case) & COMMENTER_ROLES)


def may_respond(user: User, case: Case) -> bool:
    return is_case_reviewer(user, case)


def may_request_factual_check(user: User, case: Case) -> bool:
    return bool(_roles(user, case) & CASE_RUNNERS)


def commenter_role(user: User, case: Case) -> str:
    """The role a comment is recorded as (shown with it): the first commenting role the user holds."""
    roles = _roles(user, case)
    for role in Role:
        if role in roles and role in COMMENTER_ROLES:
            return role.value
    return ""


ACTIONS = {
    "read": (may_read, "Only the review's readers see its drafts"),
    "upload": (may_upload, "Only the case's independent reviewer or the business unit uploads drafts"),
    "comment": (
        may_comment,
        "Only the LCPC, the partners' delegates and the business unit comment on drafts",
    ),
    "respond": (may_respond, "Only the case's independent reviewer responds to comments"),
    "factual": (may_request_factual_check, "Only the business unit asks agencies to check a draft"),
}


def drafts_case_get(*, user: User, case_id: UUID | str, action: str = "read") -> Case:
    """The case: 404 if invisible; 403 if the user may not read its drafts or do `action`."""
    case = case_get_for_user(user=user, case_id=case_id)
    for name in ("read", action):
        allowed, why = ACTIONS[name]
        if not allowed(user, case):
            raise PermissionDenied(why)
    return case


def _recipient_request(user: User, case_id: UUID | str, request_id: int) -> FactualAccuracyRequest | None:
    """The user's own open request on this case, found directly (the case is not visible to them), while they
    are active, a member of the case's partnership and still named on the case."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        case_uuid = UUID(str(case_id))
    except ValueError:
        return None
    request = (
        FactualAccuracyRequest.objects.select_related("case__lead_partnership", "draft__document", "agency")
        .filter(case_id=case_uuid, pk=request_id, recipient=user, status=FactualStatus.OPEN)
        .first()
    )
    if request is None or request.case.lead_partnership_id not in roles_by_partnership(user):
        return None
    named = CaseMembership.objects.filter(case=request.case, user=user, ended_at__isnull=True).exists()
    return request if named else None


def factual_request_get(
    *, user: User, case_id: UUID | str, request_id: int
) -> tuple[FactualAccuracyRequest, bool]:
    """(request with its case, draft and agency; is the user its recipient). The recipient finds their own
    open request first; otherwise 404 for an invisible case or a request not of this case, 403 for a user
    who does not read the drafts."""
    own = _recipient_request(user, case_id, request_id)
    if own is not None:
        own.draft.case = own.case
        return own, True
    case = drafts_case_get(user=user, case_id=case_id)
    request = (
        FactualAccuracyRequest.objects.select_related("draft__document", "agency", "recipient", "sent_by")
        .filter(case=case, pk=request_id)
        .first()
    )
    if request is None:
        raise Http404("No request found")
    request.case = case
    request.draft.case = case
    return request, False
