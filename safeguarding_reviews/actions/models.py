"""The case action list (issue 11 §11): every action a case owes, whatever agreed it.

One model for the outcome's immediate actions, the actions agreed at a rapid review meeting and the actions
agencies add to answer a recommendation in an action plan (issue 16, action_plans). `source` says which;
`outcome`, `meeting` or `recommendation` points at what agreed it. An action answering a recommendation the
partnership adopted from elsewhere has no case: it is held at partnership level (`partnership`, which every
action has). The statuses and the moves between them are lifecycle.py (pure); overdue is derived, never
stored. The action's description, owner and due date are part of what agreed it (an immediate action
is added, changed or removed as an edit of the outcome and raises the outcome's version); its status and dated
updates live here and never touch the outcome's version. Written through actions.services (and the outcome's
and meeting's services for adding), never directly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.models import VersionedModel
from safeguarding_reviews.organisations.models import Agency, Partnership

# The one status enum of every case action, with its rules (pure): re-exported here for the model's users.
from .lifecycle import OPEN_STATUSES, WORK_STATUSES, ActionStatus

__all__ = ["OPEN_STATUSES", "ActionSource", "ActionStatus", "CaseAction", "CaseActionUpdate"]


class ActionSource(models.TextChoices):
    IMMEDIATE = "immediate", "Immediate action (rapid review outcome)"
    MEETING = "meeting", "Agreed at a rapid review meeting"
    RECOMMENDATION = "recommendation", "Action plan (answers a recommendation)"


class CaseAction(VersionedModel):
    # Empty only for an action answering a recommendation the partnership adopted from elsewhere (no case).
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    # The partnership that holds the action: the case's lead partnership, or the adopted recommendation's.
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=ActionSource.choices)
    # What agreed it: the outcome for an immediate action, the meeting for a meeting's action, the
    # recommendation (action_plans) for an agency's answer to one.
    outcome = models.ForeignKey(
        "outcomes.RapidReviewOutcome",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="immediate_actions",
    )
    meeting = models.ForeignKey(
        "meetings.RapidReviewMeeting", on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    recommendation = models.ForeignKey(
        "action_plans.Recommendation", on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    description = models.TextField("action")
    # The owner is a role in the owning agency ("Head of children's social care"), never a name typed in;
    # where the owner has an account, `owner_user` names it (an agency author then sees this action).
    owner_role = models.CharField("owner (role)", max_length=200, blank=True)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    # The date the agency wants the action considered complete (given when it marks it completed).
    completed_on = models.DateField("date to be considered complete", null=True, blank=True)
    # A withdrawal is asked for with a reason, then approved by the business manager: only then "withdrawn".
    withdrawal_reason = models.TextField("reason for withdrawing", blank=True)
    withdrawal_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_requested_on = models.DateField(null=True, blank=True)
    withdrawal_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_approved_on = models.DateField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    # Only for an immediate action: the outcome confirms other children are safe (an edit of the outcome).
    other_children_safe = models.BooleanField("confirmed that other children are safe", default=False)
    other_children_note = models.TextField("how other children's safety was confirmed", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        source="immediate",
                        outcome__isnull=False,
                        meeting__isnull=True,
                        recommendation__isnull=True,
                        case__isnull=False,
                    )
                    | models.Q(
                        source="meeting",
                        outcome__isnull=True,
                        meeting__isnull=False,
                        recommendation__isnull=True,
                        case__isnull=False,
                    )
                    | models.Q(
                        source="recommendation",
                        outcome__isnull=True,
                        meeting__isnull=True,
                        recommendation__isnull=False,
                    )
                ),
                name="case_action_source_matches_link_v2",
            ),
            # Withdrawn only with the business manager's approval; superseded only by a named action.
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn") | models.Q(withdrawal_approved_by__isnull=False),
                name="case_action_withdrawn_is_approved",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="superseded") | models.Q(superseded_by__isnull=False),
                name="case_action_superseded_names_replacement",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "status"], name="case_action_case_status"),
            models.Index(fields=["partnership", "status", "due_on"], name="case_action_plan_status_due"),
            models.Index(fields=["owner_agency", "status"], name="case_action_agency_status"),
        ]

    def __str__(self) -> str:
        return f"Case action {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def awaits_work(self) -> bool:
        """The agency still has the work to do (so it can be overdue: lifecycle.is_overdue)."""
        return self.status in WORK_STATUSES


class CaseActionUpdate(models.Model):
    """A dated progress note on an action, or a change of its status (then `status_to` says to what)."""

    action = models.ForeignKey(CaseAction, on_delete=models.PROTECT, related_name="updates")
    happened_on = models.DateField("date of the update")
    text = models.TextField("update", blank=True)
    status_from = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"Case action update {self.pk}"
