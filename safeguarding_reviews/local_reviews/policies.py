"""Who may read and run a case's local review. Roles are those held in the case's lead partnership.

- Read: the business unit, the three safeguarding partner delegates, the Independent Chair and the auditor
  (partnership-wide roles that see the case through cases.policies.visible_cases).
- Write (plan, terms of reference, agreements, methodology, progress reviews, family contact): the business
  unit (officer and manager).
- Start a local learning review on a case that did not go to an LCSPR: the business manager.
Anyone else who can see the case gets 403; a case they cannot see is 404. The reviewer and the LCPC's list
(issue 13 items 5 and 7) are the reviewers app's.

Written requests for information or drafts (InformationRequest): the readers above read the list and each
request; the business unit sends, accepts, asks again and withdraws. The request's named recipient (a person
at an agency, or the case's independent reviewer) sees that one request and answers it, and nothing else of
the review: being named does not make the case's other pages visible, so everything else is 404 (or 403
where they already see the case). Their access lasts while the request is open or answered, they are
active, still a member of the case's partnership and still named on the case.

The review methods page (the managed list, ReviewMethod): the business manager of the partnership, as on its
report templates and clock settings pages; another member gets 403, a non-member 404.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguarding_reviews.cases.models import Case, CaseMembership
from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.organisations.models import Partnership
from safeguarding_reviews.organisations.policies import partnership_get_for_manager
from safeguarding_reviews.organisations.roles import DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from .models import RECIPIENT_STATUSES, InformationRequest, LocalReview

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


class ReviewAction(enum.Enum):
    VIEW = "view"
    WRITE = "write"
    START_LEARNING_REVIEW = "start_learning_review"


READERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR}
_ALLOWED = {
    ReviewAction.VIEW: READERS,
    ReviewAction.WRITE: CASE_RUNNERS,
    ReviewAction.START_LEARNING_REVIEW: frozenset({Role.BUSINESS_MANAGER}),
}
METHOD_LIST_MANAGERS = frozenset({Role.BUSINESS_MANAGER})
# A local learning review is for a case that did not go to an LCSPR: the decision stage (no LCSPR decided)
# or the action plan that follows the learning route.
LEARNING_REVIEW_STAGES = frozenset({Stage.DECISION, Stage.ACTION_PLAN})


def may(user: User, action: ReviewAction, case: Case) -> bool:
    roles = roles_by_partnership(user).get(case.lead_partnership_id, frozenset())
    return bool(roles & _ALLOWED[action])


def may_manage_methods(user: User, partnership: Partnership) -> bool:
    """The partnership's own review methods (add, retire, reinstate): its business manager."""
    return bool(roles_by_partnership(user).get(partnership.pk, frozenset()) & METHOD_LIST_MANAGERS)


def methods_partnership_get(*, user: User, slug: str) -> Partnership:
    """The partnership whose review methods `user` manages: 404 if not a member, 403 if not its manager."""
    partnership = partnership_get_for_manager(user, slug)
    if not may_manage_methods(user, partnership):
        raise PermissionDenied
    return partnership


def review_case_get(*, user: User, case_id: UUID | str, action: ReviewAction) -> Case:
    """The case: 404 if invisible, 403 if visible but the user may not do `action` with its review."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, action, case):
        raise PermissionDenied
    return case


def review_get(*, user: User, case_id: UUID | str, action: ReviewAction) -> LocalReview:
    """The case's review (its case loaded): 404/403 as review_case_get, then 404 if it has none."""
    case = review_case_get(user=user, case_id=case_id, action=action)
    review = LocalReview.objects.filter(case=case).first()
    if review is None:
        raise Http404("No local review on this case")
    review.case = case
    return review


def is_recipient(user: User, request: InformationRequest) -> bool:
    """The user is the request's named recipient and their access has not ended."""
    return (
        request.recipient_id is not None
        and request.recipient_id == getattr(user, "pk", None)
        and request.status in RECIPIENT_STATUSES
    )


def _recipient_request(user: User, case_id: UUID | str, request_id: int) -> InformationRequest | None:
    """The user's own request on this case, found directly (the review is not visible to them)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        case_uuid = UUID(str(case_id))
    except ValueError:
        return None
    request = (
        InformationRequest.objects.select_related(
            "case__lead_partnership", "review", "agency", "recipient", "answer_document"
        )
        .filter(case_id=case_uuid, pk=request_id, recipient=user, status__in=RECIPIENT_STATUSES)
        .first()
    )
    if request is None or request.case.lead_partnership_id not in roles_by_partnership(user):
        return None
    named = CaseMembership.objects.filter(case=request.case, user=user, ended_at__isnull=True).exists()
    return request if named else None


def information_request_get(
    *, user: User, case_id: UUID | str, request_id: int
) -> tuple[InformationRequest, bool]:
    """(request with its case and review, may the user write as the business unit). The recipient finds
    their own request first; otherwise 404 for an invisible case, a user who does not read the review, or a
    request not of this case."""
    own = _recipient_request(user, case_id, request_id)
    if own is not None:
        own.review.case = own.case
        return own, may(user, ReviewAction.WRITE, own.case)
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, ReviewAction.VIEW, case):
        raise Http404("No request found")
    request = (
        InformationRequest.objects.select_related("review", "agency", "recipient", "answer_document")
        .filter(case=case, pk=request_id)
        .first()
    )
    if request is None:
        raise Http404("No request found")
    request.case = case
    request.review.case = case
    return request, may(user, ReviewAction.WRITE, case)
