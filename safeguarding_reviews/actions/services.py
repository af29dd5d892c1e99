"""Writes on the case action list: a dated update, a change of status. Each checks the policy, owns its
transaction, is a conditional update on the action's version (core.versioning: a stale save raises
StaleVersionError) and records one audit event holding ids, dates and codes only (never the text typed).

Neither touches the outcome or the meeting that agreed the action: an immediate action's status and updates
never raise the outcome's version, so they never supersede a sign-off.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import update_versioned

from .lifecycle import Move, move
from .models import ActionStatus, CaseAction, CaseActionUpdate
from .policies import ActionPermission, may

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


# The moves the case action list's status page makes (the business unit keeps the list): working on it,
# completed, and the business unit's decision on it. Withdrawing and replacing are the action plan's pages.
LIST_MOVES = frozenset({Move.WORK, Move.COMPLETE, Move.ACCEPT, Move.RETURN})
STATUS_REFUSED = "That change is not allowed here: withdraw or replace an action in the action plan"


def list_statuses(current: str) -> list[tuple[str, str]]:
    """The statuses the status page offers for an action now at `current`."""
    from .lifecycle import next_statuses

    return [(status.value, status.label) for status in next_statuses(current, LIST_MOVES)]


def _check_date(happened_on: dt.date) -> None:
    if happened_on > clock.today():
        raise ValidationError({"happened_on": "The date of the update must be today or in the past"})


def case_action_update_add(
    *, actor: User, action: CaseAction, expected_version: int, happened_on: dt.date, text: str
) -> CaseActionUpdate:
    """A dated progress note: the business unit on any action, an owning agency's representative on theirs."""
    if not may(actor, ActionPermission.UPDATE, action):
        raise PermissionDenied("Only the business unit or the owning agency updates this action")
    if not text.strip():
        raise ValidationError({"text": "Enter the update"})
    _check_date(happened_on)
    case = action.case
    with transaction.atomic(durable=True):
        action = update_versioned(action, expected_version=expected_version, changes={})
        action.case = case
        update = CaseActionUpdate.objects.create(
            action=action, happened_on=happened_on, text=text.strip(), added_by=actor
        )
        record_event(
            event_type=EventType.CASE_ACTION_UPDATE_ADDED,
            actor=actor,
            case=case,
            target=update,
            data={
                "action_id": action.pk,
                "update_id": update.pk,
                "version": action.version,
                "happened_on": happened_on.isoformat(),
            },
        )
    return update


def case_action_set_status(
    *,
    actor: User,
    action: CaseAction,
    expected_version: int,
    status: str,
    happened_on: dt.date | None = None,
    text: str = "",
) -> CaseAction:
    """Change the status (the business unit). Kept in the action's updates as a dated entry, with an optional
    note, so the list of updates is the action's whole history."""
    if not may(actor, ActionPermission.SET_STATUS, action):
        raise PermissionDenied("Only the business unit changes an action's status")
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Select the status"})
    if status == action.status:
        raise ValidationError({"status": "Select a status different from the current one"})
    if move(action.status, status) not in LIST_MOVES:
        # Withdrawing (with the business manager's approval) and replacing an action are the action plan's.
        raise ValidationError({"status": STATUS_REFUSED})
    happened_on = happened_on or clock.today()
    _check_date(happened_on)
    case, previous = action.case, action.status
    changes: dict[str, object] = {"status": status}
    if move(previous, status) == Move.COMPLETE:
        changes["completed_on"] = happened_on
    with transaction.atomic(durable=True):
        action = update_versioned(action, expected_version=expected_version, changes=changes)
        action.case = case
        update = CaseActionUpdate.objects.create(
            action=action,
            happened_on=happened_on,
            text=text.strip(),
            status_from=previous,
            status_to=status,
            added_by=actor,
        )
        record_event(
            event_type=EventType.CASE_ACTION_STATUS_CHANGED,
            actor=actor,
            case=case,
            target=action,
            data={
                "action_id": action.pk,
                "update_id": update.pk,
                "version": action.version,
                "from": previous,
                "to": status,
                "happened_on": happened_on.isoformat(),
            },
        )
    return action
