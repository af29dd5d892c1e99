"""Who may see and act on the sign-off page. Roles are those held in the case's lead partnership.

- Read: the business unit, the three partner delegates, the Independent Chair and the auditor.
- Sign: a partner's delegate, for that partner (rules.py says when).
- Raise a challenge: the Independent Chair or scrutineer. Answer one: the business unit.
- Record how a partner's disagreement was resolved, or that it stands: the business manager.
- Download a sign-off record (PDF), and follow its generation: the readers.
- Generate the sign-off record again after its generation failed: the business unit.
Anyone else who can see the case gets 403; a case they cannot see is 404.

The sign page of any registered signable kind (signable.py) has the same readers, signers and business
manager; an unknown kind is 404 like a case that cannot be seen.
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

from . import signable
from .models import PARTNER_ROLE, SignOffRecord

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


class SignOffAction(enum.Enum):
    VIEW = "view"
    SIGN = "sign"
    CHALLENGE = "challenge"
    ANSWER = "answer"
    RESOLVE = "resolve"
    REGENERATE = "regenerate"


READERS = CASE_RUNNERS | DELEGATE_ROLES | {Role.INDEPENDENT_CHAIR, Role.AUDITOR}
_ALLOWED = {
    SignOffAction.VIEW: READERS,
    SignOffAction.SIGN: DELEGATE_ROLES,
    SignOffAction.CHALLENGE: frozenset({Role.INDEPENDENT_CHAIR}),
    SignOffAction.ANSWER: CASE_RUNNERS,
    # Recording how a partner's disagreement was resolved (or that it stands): the business manager only.
    SignOffAction.RESOLVE: frozenset({Role.BUSINESS_MANAGER}),
    # Asking again for a sign-off record whose generation failed: the business unit, who send it.
    SignOffAction.REGENERATE: CASE_RUNNERS,
}


def _roles(user: User, case: Case) -> frozenset[str]:
    return roles_by_partnership(user).get(case.lead_partnership_id, frozenset())


def may(user: User, action: SignOffAction, case: Case) -> bool:
    return bool(_roles(user, case) & _ALLOWED[action])


def partners_of(user: User, case: Case) -> frozenset[str]:
    """The partners this person is a delegate of, in the case's lead partnership."""
    roles = _roles(user, case)
    return frozenset(str(partner) for partner, role in PARTNER_ROLE.items() if role in roles)


def signoff_case_get(*, user: User, case_id: UUID | str, action: SignOffAction) -> Case:
    case = case_get_for_user(user=user, case_id=case_id)
    if not may(user, action, case):
        raise PermissionDenied
    return case


def signoff_record_get(*, user: User, case_id: UUID | str, record_id: int) -> SignOffRecord:
    """A sign-off record of a case the user may read sign-offs of: 404 if the case is invisible or there is
    no such record on it, 403 if the user may not read its sign-offs."""
    case = signoff_case_get(user=user, case_id=case_id, action=SignOffAction.VIEW)
    record = SignOffRecord.objects.filter(case=case, pk=record_id).select_related("pdf").first()
    if record is None:
        raise Http404("No sign-off record found")
    record.case = case
    return record


def document_signoff_case_get(
    *, user: User, case_id: UUID | str, kind: str, action: SignOffAction
) -> tuple[Case, signable.SignableKind]:
    """The case and the registered kind for the sign page of that kind: 404 for an unknown kind or a case
    the user cannot see, 403 when they can see it but not do `action`."""
    try:
        found = signable.get(kind)
    except signable.UnknownKindError:
        raise Http404("No such document to sign") from None
    return signoff_case_get(user=user, case_id=case_id, action=action), found
