"""Who may read and write a case's rapid review meetings. Roles are those held in the case's lead partnership.

- Read: the business unit, the three safeguarding partner delegates, the Independent Chair and the auditor
  (the same people who read the merged chronology).
- Write (record a meeting, its attendees and the actions agreed): the business unit, from the rapid review
  stage on, while the case is open.
Anyone else who can see the case gets 403; a case they cannot see is 404.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.cases.selectors import case_get_for_user
from safeguarding_reviews.organisations.roles import DELEGATE_ROLES, Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from .models import RapidReviewMeeting

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


class MeetingAction(enum.Enum):
    VIEW = "view"
    WRITE = "write"


READERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR}
WRITERS = CASE_RUNNERS
_ALLOWED = {MeetingAction.VIEW: READERS, MeetingAction.WRITE: WRITERS}


def may(user: User, action: MeetingAction, case: Case) -> bool:
    roles = roles_by_partnership(user).get(case.lead_partnership_id, frozenset())
    return bool(roles & _ALLOWED[action])


def meetings_case_get(*, user: User, case_id: UUID | str, action: MeetingAction) -> Case:
    """The case: 404 if invisible, 403 if visible but the user may not do `action` with its meetings."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, action, case):
        raise PermissionDenied
    return case


def meeting_get(
    *, user: User, case_id: UUID | str, meeting_id: int, action: MeetingAction
) -> RapidReviewMeeting:
    case = meetings_case_get(user=user, case_id=case_id, action=action)
    meeting = RapidReviewMeeting.objects.filter(case=case, pk=meeting_id).select_related("case").first()
    if meeting is None:
        raise Http404("No meeting found")
    meeting.case = case
    return meeting
