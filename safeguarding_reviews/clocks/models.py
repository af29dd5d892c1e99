"""Statutory and local clocks as versioned data, the milestones they run from, and the deadlines.

A RuleSet (for example "Working Together 2023 with Panel guidance 2025") holds ClockRules. Each case
records the rule set it runs under (Case.rule_set). Deadlines are computed from stored Milestones and
the calendar, then stored (due_on indexed) so lists and reminders can query them; they are never
counters. See docs/clocks.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.models import VersionedModel
from safeguarding_reviews.organisations.models import Partnership


class MilestoneEvent(models.TextChoices):
    # The partnership received a referral; for phone/email referrals recorded by the business unit it
    # starts the 48-hour written-confirmation clock.
    REFERRAL_RECEIVED = "referral_received", "Referral received"
    WRITTEN_CONFIRMATION_RECEIVED = "written_confirmation_received", "Written confirmation received"
    # Starts the 5-working-day notification and "tell local partners" clocks, and the rapid review
    # clock when the partnership chose "became aware".
    LA_BECAME_AWARE = "la_became_aware", "Local authority became aware"
    DECISION_RECORDED = "decision_recorded", "Decision to notify recorded"
    # Stops the notification clock; starts the 15-working-day rapid review clock by default.
    NOTIFICATION_SENT = "notification_sent", "Notification sent to the Panel"
    LOCAL_PARTNERS_TOLD = "local_partners_told", "Local safeguarding partners told"
    RAPID_REVIEW_SENT = "rapid_review_sent", "Rapid review sent to the Panel"
    AGENCY_RETURNS_REQUESTED = "agency_returns_requested", "Agency returns requested"
    AGENCY_RETURNS_RECEIVED = "agency_returns_received", "Agency returns received"
    LCSPR_INITIATED = "lcspr_initiated", "Local review (LCSPR) started"
    LCSPR_PUBLISHED = "lcspr_published", "Local review (LCSPR) published"


class ClockUnit(models.TextChoices):
    HOURS = "hours", "Hours"
    WORKING_DAYS = "working_days", "Working days"
    CALENDAR_MONTHS = "calendar_months", "Calendar months"


class ClockKind(models.TextChoices):
    STATUTORY = "statutory", "Statutory or national guidance (England and Wales bank holidays)"
    LOCAL = "local", "Local to the partnership (its closure days count too)"


class RuleSet(models.Model):
    """One version of the rules. Never edited once cases use it: a change is a new rule set."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    effective_from = models.DateField()
    source = models.TextField(help_text="What the rule set follows, with addresses")
    is_default = models.BooleanField(default=False, help_text="New cases run under the default rule set")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_rule_set"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ClockRule(models.Model):
    """A clock: runs `duration` `unit`s from `start_event` until `stop_event`."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="rules")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    start_event = models.CharField(max_length=40, choices=MilestoneEvent.choices)
    stop_event = models.CharField(max_length=40, choices=MilestoneEvent.choices)
    # A partnership may choose another start event (the rapid review: "notification sent" or "became aware").
    start_event_configurable = models.BooleanField(default=False)
    duration = models.PositiveIntegerField()
    # When set, the partnership's ClockSettings field of this name gives the duration instead.
    duration_setting = models.CharField(max_length=40, blank=True)
    unit = models.CharField(max_length=20, choices=ClockUnit.choices)
    kind = models.CharField(max_length=20, choices=ClockKind.choices)
    applies_to = models.TextField()
    source = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    # The routes (cases/routes.py) the clock runs on, comma-separated; empty for every route. A care-leaver
    # death runs the notification clock only.
    routes = models.CharField(max_length=100, blank=True)
    routes_source = models.TextField(blank=True)
    # False: the clock cannot be paused or extended, only met late with a reason (the notification and
    # local-partners-told duties).
    adjustable = models.BooleanField(default=True)
    # An extension must record that the Panel agreed to it (the rapid review).
    extension_needs_panel_agreement = models.BooleanField(default=False)
    adjustable_source = models.TextField(blank=True)

    class Meta:
        ordering = ["rule_set", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="rule_code_unique_in_set")]

    def __str__(self) -> str:
        return self.name


class RapidReviewStart(models.TextChoices):
    RULE_SET = "", "As the rule set says"
    NOTIFICATION_SENT = MilestoneEvent.NOTIFICATION_SENT.value, "When the notification is sent to the Panel"
    LA_BECAME_AWARE = MilestoneEvent.LA_BECAME_AWARE.value, "When the local authority became aware"


# Government Security Classifications: case papers about children are OFFICIAL-SENSITIVE by default.
DEFAULT_PRINT_MARKING = "OFFICIAL-SENSITIVE"


class ClockSettings(VersionedModel):
    """A partnership's choices for its clocks. Read when a deadline starts: changing them never moves
    running deadlines (a business manager re-bases a case to apply them)."""

    partnership = models.OneToOneField(Partnership, on_delete=models.PROTECT, related_name="clock_settings")
    rapid_review_start_event = models.CharField(
        "when the rapid review clock starts",
        max_length=40,
        choices=RapidReviewStart.choices,
        blank=True,
        default=RapidReviewStart.RULE_SET,
    )
    agency_return_working_days = models.PositiveSmallIntegerField(
        "working days agencies have for their returns", default=10
    )
    reminder_lead_working_days = models.PositiveSmallIntegerField(
        "working days before a due date to send a reminder", default=2
    )
    # Read by the merged chronology (chronology.silence), not by any clock.
    chronology_silence_days = models.PositiveSmallIntegerField(
        "days without agency contact that the chronology shows as a silent period", default=28
    )
    # Read by base.html's print header and footer (clocks.templatetags.print_marking), not by any clock.
    print_marking = models.CharField(
        "protective marking printed at the top and bottom of every page",
        max_length=60,
        default=DEFAULT_PRINT_MARKING,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Clock settings {self.pk}"


DEFAULT_SETTINGS = {
    "rapid_review_start_event": "",
    "agency_return_working_days": 10,
    "reminder_lead_working_days": 2,
    "chronology_silence_days": 28,
}


class Milestone(models.Model):
    """A dated event in a case that clocks run from or stop on. Corrections update it (audited)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="milestones")
    event = models.CharField(max_length=40, choices=MilestoneEvent.choices)
    occurred_on = models.DateField()
    occurred_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "event"], name="one_milestone_per_event")]

    def __str__(self) -> str:
        return f"Milestone {self.pk}"


# Met after its due date: a day clock met on a later day; an hour clock (due_at set) met after its time, or
# on a later day when the time it was met is not known. With no reason given yet, it is one of My tasks'
# "give the reason for the delay" (dashboards.selectors.my_tasks); the partial index deadline_late_no_reason
# has exactly this condition, so the query that repeats it can use the index.
MET_LATE = Q(due_at__isnull=True, met_on__gt=F("due_on")) | (
    Q(due_at__isnull=False) & (Q(met_at__gt=F("due_at")) | Q(met_at__isnull=True, met_on__gt=F("due_on")))
)
LATE_NO_REASON = Q(delay_reason="") & MET_LATE
# Open and running (not met, not paused): the clocks that can fall due.
RUNNING = Q(met_on__isnull=True, paused_since__isnull=True)


class Deadline(VersionedModel):
    """One clock running on one case. `due_on` (and `due_at` for hour clocks) is computed from the start
    milestone, the rule, the calendar, approved pauses and extensions; `met_on` from the stop milestone.
    `version` guards the reason-for-delay form."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines")
    rule = models.ForeignKey(ClockRule, on_delete=models.PROTECT, related_name="+")
    rule_code = models.SlugField(max_length=40)
    kind = models.CharField(max_length=20, choices=ClockKind.choices)
    start_event = models.CharField(max_length=40, choices=MilestoneEvent.choices)
    duration = models.PositiveIntegerField()
    start_on = models.DateField()
    start_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(db_index=True)
    due_at = models.DateTimeField(null=True, blank=True)
    paused_since = models.DateField(null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(default=0)
    extended_to = models.DateField(null=True, blank=True)
    met_on = models.DateField(null=True, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)
    delay_reason = models.TextField("reason for the delay", blank=True)
    delay_reason_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delay_reason_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Set by clocks.selectors for a given day; not stored.
    state: str
    state_label: str
    tag_class: str
    working_days_left: int | None
    is_missed: bool

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "rule_code"], name="one_deadline_per_rule")]
        indexes = [
            models.Index(fields=["case", "met_on", "due_on"], name="deadline_open_by_case"),
            models.Index(fields=["met_on", "due_on"], name="deadline_open_by_due"),
            # My tasks: running clocks by due date (due this week, overdue), and the clocks met late with
            # no reason yet; each row's case is then checked (open, led by the person, visible).
            models.Index(fields=["due_on", "id"], condition=RUNNING, name="deadline_running_by_due"),
            models.Index(fields=["due_on", "id"], condition=LATE_NO_REASON, name="deadline_late_no_reason"),
        ]

    def __str__(self) -> str:
        return f"Deadline {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.met_on is None


class AdjustmentKind(models.TextChoices):
    PAUSE = "pause", "Pause the clock"
    EXTENSION = "extension", "Extend to a new due date"


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    ENDED = "ended", "Pause ended"


class DeadlineAdjustment(models.Model):
    """A request to pause or extend a deadline (for example parallel criminal proceedings). A business
    manager who did not ask for it approves or refuses it."""

    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="adjustments")
    kind = models.CharField(max_length=20, choices=AdjustmentKind.choices)
    reason = models.TextField()
    new_due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=AdjustmentStatus.choices, default=AdjustmentStatus.PENDING
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # For a clock whose extension needs the Panel's agreement (the rapid review): when, who at the Panel,
    # and the Panel's reference.
    panel_agreed_on = models.DateField("date the Panel agreed", null=True, blank=True)
    panel_agreed_by = models.CharField("who at the Panel agreed", max_length=200, blank=True)
    panel_reference = models.CharField("the Panel's reference", max_length=60, blank=True)
    paused_on = models.DateField(null=True, blank=True)
    resumed_on = models.DateField(null=True, blank=True)
    working_days_paused = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline"],
                condition=models.Q(status="pending"),
                name="one_pending_adjustment_per_deadline",
            )
        ]
        # My tasks: the requests waiting for a business manager's decision, oldest first.
        indexes = [
            models.Index(
                fields=["requested_at", "id"], condition=models.Q(status="pending"), name="adjustment_pending"
            )
        ]

    def __str__(self) -> str:
        return f"Adjustment {self.pk}"


class RuleSetChange(models.Model):
    """A case re-based onto another rule set (or its partnership's current settings), with the reason."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="rule_set_changes")
    from_rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, null=True, related_name="+")
    to_rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Rule set change {self.pk}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class ReminderSent(models.Model):
    """One reminder, once. The row is inserted before the emails are queued: a second worker's insert
    fails on the unique constraint, so the same reminder is never sent twice."""

    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField()
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deadline", "kind", "due_on"], name="reminder_once_per_due_date")
        ]

    def __str__(self) -> str:
        return f"Reminder {self.pk}"
