"""Who may act on a case's clocks. The caller has already loaded the case through
cases.selectors.case_get_for_user (404 for a case the user may not see)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguarding_reviews.cases.policies import CASE_RUNNERS
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import roles_by_partnership

from .models import DeadlineAdjustment

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User
    from safeguarding_reviews.cases.models import Case


def _lead_roles(user: User, case: Case) -> frozenset[str]:
    return roles_by_partnership(user).get(case.lead_partnership_id, frozenset())


def may_run_clocks(user: User, case: Case) -> bool:
    """Business unit officers and business managers record reasons for delay, ask for pauses and
    extensions, and restart paused clocks."""
    return bool(_lead_roles(user, case) & CASE_RUNNERS)


def may_decide_adjustments(user: User, case: Case) -> bool:
    return Role.BUSINESS_MANAGER in _lead_roles(user, case)


def may_decide(user: User, adjustment: DeadlineAdjustment, case: Case) -> bool:
    """A business manager of the lead partnership who did not ask for it."""
    return may_decide_adjustments(user, case) and adjustment.requested_by_id != user.pk


def may_rebase(user: User, case: Case) -> bool:
    return Role.BUSINESS_MANAGER in _lead_roles(user, case)
