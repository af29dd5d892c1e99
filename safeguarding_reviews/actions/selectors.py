"""Reads of the case action list: a fixed number of queries however many actions and updates there are."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Max, QuerySet

from safeguarding_reviews.cases.models import Case

from .models import OPEN_STATUSES, CaseAction, CaseActionUpdate


def case_has_open_actions(case: Case) -> bool:
    """True while any action on the case is not done (the no-LCSPR route keeps the case at "Action plan" until
    then). One query."""
    return CaseAction.objects.filter(case=case, status__in=OPEN_STATUSES).exists()


def actions_for_case(case: Case, *, agency_ids: Iterable[int] | None = None) -> QuerySet[CaseAction]:
    """The case's actions, soonest due first, with the date of each one's latest update; only the given
    agencies' actions when `agency_ids` is given (an agency representative's view)."""
    actions = (
        CaseAction.objects.filter(case=case)
        .select_related("owner_agency", "meeting")
        .annotate(last_update_on=Max("updates__happened_on"))
        .order_by("due_on", "pk")
    )
    if agency_ids is not None:
        actions = actions.filter(owner_agency_id__in=list(agency_ids))
    return actions


def action_updates(action: CaseAction) -> QuerySet[CaseActionUpdate]:
    return CaseActionUpdate.objects.filter(action=action).select_related("added_by")
