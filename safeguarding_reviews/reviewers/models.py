"""The independent reviewer of a case's local review: the appointment with its independence and conflicts
declaration and the business manager's decision, the commission, and the review committee's comments.

Keyed on the case (one local review per case). The reviewer sees the case only once the declaration is
accepted: accepting names them on the case (cases.CaseMembership, capacity INDEPENDENT_REVIEWER). States and
what each allows are reviewers/rules.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.core.models import VersionedModel

from .rules import ACTIVE_STATES, STATE_LABELS, State


class AppointmentState(models.TextChoices):
    INVITED = State.INVITED.value, "Invited"
    AWAITING_DECLARATION = State.AWAITING_DECLARATION.value, "Waiting for the declaration"
    DECLARED = State.DECLARED.value, "Declared"
    ACCEPTED = State.ACCEPTED.value, "Accepted"
    REFUSED = State.REFUSED.value, "Refused"


class ReviewerAppointment(VersionedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="reviewer_appointments")
    # Empty while the person was invited and has not accepted yet.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invitation = models.ForeignKey(
        "organisations.Invitation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=30, choices=AppointmentState.choices)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    appointed_at = models.DateTimeField(auto_now_add=True)
    # The independence and conflicts declaration: each yes or no, with details when yes.
    family = models.BooleanField("prior involvement with the child or family", null=True, blank=True)
    family_details = models.TextField(blank=True)
    agencies = models.BooleanField("prior involvement with the agencies in scope", null=True, blank=True)
    agencies_details = models.TextField(blank=True)
    services = models.BooleanField("work with the area's services in the scope period", null=True, blank=True)
    services_details = models.TextField(blank=True)
    other = models.BooleanField("any other interest", null=True, blank=True)
    other_details = models.TextField(blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    case_membership = models.ForeignKey(
        "cases.CaseMembership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["appointed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(state__in=sorted(s.value for s in ACTIVE_STATES)),
                name="one_active_reviewer_appointment",
            )
        ]

    def __str__(self) -> str:
        return f"Reviewer appointment {self.pk}"

    @property
    def rule_state(self) -> State:
        return State(self.state)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.rule_state]

    @property
    def declares_conflict(self) -> bool:
        return bool(self.family or self.agencies or self.services or self.other)


class Commission(VersionedModel):
    """What the accepted reviewer is commissioned to do: the dates and the agreed deliverables."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="reviewer_commission")
    appointment = models.ForeignKey(ReviewerAppointment, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField("start date")
    end_date = models.DateField("end date")
    deliverables = models.TextField("agreed deliverables")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Commission {self.pk}"


class CommitteeComment(models.Model):
    """A comment on a listed review, by the review committee, the business unit or a partner delegate."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="committee_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("comment")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Committee comment {self.pk}"
