"""The case action list (issue 11 §11): every action a case owes, whatever agreed it.

One model for the outcome's immediate actions, the actions agreed at a rapid review meeting and, later, the
recommendations an action plan (AP) turns into actions. `source` says which; `outcome` or `meeting` points at
what agreed it. The action's description, owner and due date are part of what agreed it (an immediate action
is added, changed or removed as an edit of the outcome and raises the outcome's version); its status and dated
updates live here and never touch the outcome's version. Written through actions.services (and the outcome's
and meeting's services for adding), never directly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.models import VersionedModel
from safeguarding_reviews.organisations.models import Agency


class ActionStatus(models.TextChoices):
    """The one status enum of every case action."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


OPEN_STATUSES = frozenset({ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS})


class ActionSource(models.TextChoices):
    IMMEDIATE = "immediate", "Immediate action (rapid review outcome)"
    MEETING = "meeting", "Agreed at a rapid review meeting"
    RECOMMENDATION = "recommendation", "Later recommendation"


class CaseAction(VersionedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="actions")
    source = models.CharField(max_length=20, choices=ActionSource.choices)
    # What agreed it: the outcome for an immediate action, the meeting for a meeting's action; neither for a
    # later recommendation until AP adds its own link.
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
    description = models.TextField("action")
    # The owner is a role in the owning agency ("Head of children's social care"), never a name.
    owner_role = models.CharField("owner (role)", max_length=200, blank=True)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
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
                    models.Q(source="immediate", outcome__isnull=False, meeting__isnull=True)
                    | models.Q(source="meeting", outcome__isnull=True, meeting__isnull=False)
                    | models.Q(source="recommendation", outcome__isnull=True, meeting__isnull=True)
                ),
                name="case_action_source_matches_link",
            )
        ]
        indexes = [models.Index(fields=["case", "status"], name="case_action_case_status")]

    def __str__(self) -> str:
        return f"Case action {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


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
