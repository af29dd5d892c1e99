"""Requests to agencies for their returns (individual agency summaries) and the returns themselves."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case, CaseMembership
from safeguarding_reviews.core.models import VersionedModel
from safeguarding_reviews.organisations.models import Agency, Partnership


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned_for_more_information", "Returned for more information"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The author may work on the return in these states.
AUTHOR_EDITABLE = frozenset({RequestStatus.REQUESTED, RequestStatus.ACKNOWLEDGED, RequestStatus.RETURNED})
# The request is still open: the author keeps access to it.
OPEN_STATUSES = AUTHOR_EDITABLE | {RequestStatus.SUBMITTED}


class AgencyRequest(VersionedModel):
    """One agency asked for its return on one case, written by one named author."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="agency_requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # Empty while the author is a new person invited from the send form who has not accepted yet.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invitation = models.ForeignKey(
        "organisations.Invitation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField("due date")
    # The period the agency is asked to cover (either end may be open). A chronology date outside it is a
    # warning the importer must accept (chronology.dates.window_warning), never a problem.
    period_from = models.DateField("period to cover from", null=True, blank=True)
    period_to = models.DateField("period to cover to", null=True, blank=True)
    # The request's own time (rapid_review.request_time): the working days it allows on the partnership's
    # local calendar, and the round it is in. A return sent back with questions starts a new round, due the
    # same number of working days after the day it was sent back. Null working days: a row older than this
    # rule (counted from its sent date to its first due date).
    working_days = models.PositiveSmallIntegerField("working days allowed", null=True, blank=True)
    round = models.PositiveSmallIntegerField(default=1)
    round_started_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=40, choices=RequestStatus.choices, default=RequestStatus.REQUESTED)
    # The business unit's questions when it returned the return for more information (shown to the author).
    questions = models.TextField(blank=True)
    # Why the business unit withdrew the request (required when withdrawing; case data, so never in the audit
    # event, which says only that a reason was given).
    withdrawal_reason = models.TextField("reason for withdrawal", blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The "agency author" place on the case this request granted (null if the author was already named).
    granted_membership = models.ForeignKey(
        CaseMembership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency"],
                condition=~models.Q(status="withdrawn"),
                name="one_live_agency_request_per_case",
            )
        ]

    # Set by selectors.with_time_states for a given day; not stored.
    time_state: str

    def __str__(self) -> str:
        return f"Agency request {self.pk}"

    @property
    def window(self) -> tuple[dt.date | None, dt.date | None] | None:
        """(from, to) for chronology.validation.check_file, or None when the business unit set neither."""
        if self.period_from is None and self.period_to is None:
            return None
        return (self.period_from, self.period_to)

    @property
    def time_label(self) -> str:
        from .request_time import state_label

        return state_label(self.time_state)

    @property
    def time_tag(self) -> str:
        from .request_time import state_tag_class

        return state_tag_class(self.time_state)

    def is_overdue(self, today: dt.date) -> bool:
        return self.due_on < today and self.status in AUTHOR_EDITABLE

    def status_label(self, today: dt.date) -> str:
        label = self.get_status_display()
        return f"Overdue ({label.lower()})" if self.is_overdue(today) else str(label)


RETURN_SECTIONS: list[tuple[str, str]] = [
    ("period_of_involvement", "Period of involvement"),
    ("summary_of_involvement", "Summary of involvement"),
    ("key_practice_episodes", "Key practice episodes, with analysis"),
    ("what_went_well", "What went well"),
    ("learning", "Learning"),
    ("immediate_actions", "Immediate actions taken"),
    ("other_children_at_risk", "Other children who may be at risk"),
]


class AgencyReturn(VersionedModel):
    """The individual agency summary. One per request, created with it; saved through services only."""

    request = models.OneToOneField(AgencyRequest, on_delete=models.PROTECT, related_name="agency_return")
    period_of_involvement = models.TextField("period of involvement", blank=True)
    summary_of_involvement = models.TextField("summary of involvement", blank=True)
    key_practice_episodes = models.TextField("key practice episodes, with analysis", blank=True)
    what_went_well = models.TextField("what went well", blank=True)
    learning = models.TextField("learning", blank=True)
    immediate_actions = models.TextField("immediate actions taken", blank=True)
    other_children_at_risk = models.TextField("other children who may be at risk", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Agency return {self.pk}"

    def missing_sections(self) -> list[str]:
        return [name for name, _ in RETURN_SECTIONS if not getattr(self, name).strip()]


class ChaseStep(models.TextChoices):
    DUE_SOON = "due_soon", "Reminder before the due date"
    AUTHOR = "author", "Author"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Agency's safeguarding lead"
    BUSINESS_MANAGER = "business_manager", "Business manager"


CHASE_ORDER = [ChaseStep.AUTHOR, ChaseStep.SAFEGUARDING_LEAD, ChaseStep.BUSINESS_MANAGER]


class RequestChase(models.Model):
    """The reminder before a request's due date, or one step of the chase ladder once it is overdue.
    Inserted before the email is sent, so the unique (request, round, step) constraint means a step is never
    sent twice in a round, whatever runs at once."""

    request = models.ForeignKey(AgencyRequest, on_delete=models.PROTECT, related_name="chases")
    step = models.CharField(max_length=30, choices=ChaseStep.choices)
    # The request's round when the step was taken: a return sent back with questions restarts the ladder.
    round = models.PositiveSmallIntegerField(default=1)
    chased_at = models.DateTimeField()
    chased_on = models.DateField()
    # Whether an email went (a step with nobody to email is still recorded, so the ladder moves on).
    emailed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "round", "step"], name="one_chase_per_round_step")
        ]
        ordering = ["chased_at", "pk"]

    def __str__(self) -> str:
        return f"Chase {self.pk}"


class RapidReviewSettings(models.Model):
    """A partnership's settings for chasing agency returns (defaults apply when it has no row)."""

    partnership = models.OneToOneField(Partnership, on_delete=models.PROTECT, related_name="+")
    chase_interval_working_days = models.PositiveSmallIntegerField(
        "working days between chase steps", default=2
    )

    def __str__(self) -> str:
        return f"Rapid review settings {self.pk}"


class FamilyToldStatus(models.TextChoices):
    TOLD = "told", "Yes, the family has been told"
    NOT_YET = "not_yet", "Not yet"
    NOT_TELLING = "not_telling", "No, the partners decided not to tell them for now"


class FamilyToldMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    LETTER = "letter", "By letter or email"
    OTHER = "other", "Another way"


class FamilyTold(VersionedModel):
    """Whether and how the child's family has been told of the review (issue 11 item 10): one row per case,
    written by the business unit through services.family_told_record, shown in the rapid review report.
    Kept apart from the outcome so that recording it never changes the outcome's version (and its
    sign-offs)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="family_told")
    status = models.CharField("has the family been told", max_length=20, choices=FamilyToldStatus.choices)
    told_on = models.DateField("date told", null=True, blank=True)
    method = models.CharField("how", max_length=20, choices=FamilyToldMethod.choices, blank=True)
    told_by = models.CharField("told by (agency and role)", max_length=200, blank=True)
    notes = models.TextField("notes", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Family told {self.pk}"
