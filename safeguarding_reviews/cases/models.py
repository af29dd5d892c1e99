"""A case is one serious incident and everything done about it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from safeguarding_reviews.core.models import VersionedModel
from safeguarding_reviews.organisations.models import Partnership

from .stages import Stage


class Case(VersionedModel):
    """One serious incident. Screens and documents use the pseudonym, never identity details."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=30, unique=True)
    pseudonym = models.CharField("pseudonym", max_length=60, help_text='For example "Child N"')
    lead_partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="cases")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REFERRAL)
    stage_entered_at = models.DateTimeField()
    incident_date = models.DateField("incident date", null=True, blank=True)
    referral_received_on = models.DateField(
        "date the partnership received the referral", null=True, blank=True
    )
    summary = models.TextField(
        "working summary",
        blank=True,
        help_text="A short description using the pseudonym. Do not include names or addresses.",
    )
    is_restricted = models.BooleanField(
        "restricted case",
        default=False,
        help_text="Only people named on the case and the business manager see it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    # The clock rules the case runs under (clocks app). Set at creation to the default rule set; only a
    # business manager's audited re-base changes it. Null only for rows older than the clocks app.
    rule_set = models.ForeignKey(
        "clocks.RuleSet", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    # The due date of the case's next open (not met, not paused) deadline; None when it has none. Derived:
    # written only by the clocks services in the transaction that changes a deadline
    # (clocks.services.case_next_due_refresh), never by a form, and never a reason to raise `version`. The
    # business unit dashboard orders and pages by it (index case_next_due) instead of a correlated subquery.
    next_due_on = models.DateField(null=True, blank=True, editable=False)
    # Whether the case is open, as a column the database keeps from `stage` (never written by the code), so
    # that an index can hold the open cases alone: My tasks walks them in reference order (index
    # case_open_by_reference) instead of every case ever held, most of which are closed. A boolean column
    # rather than a condition on `stage`, because SQLite uses a partial index only when the query repeats its
    # condition word for word, and Django sends the stage as a bound parameter.
    is_open = models.GeneratedField(
        expression=models.ExpressionWrapper(~Q(stage=Stage.CLOSED), output_field=models.BooleanField()),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["lead_partnership", "stage"]),
            models.Index(fields=["lead_partnership", "next_due_on", "reference"], name="case_next_due"),
            # "Your cases" lists the newest first (cases.selectors.case_list_for_user): read in this order and
            # stopped at the page's end, not every visible case sorted.
            models.Index(fields=["-created_at", "id"], name="case_newest"),
            # The dashboard's order (dashboards.selectors.DashboardCases), open cases only: the dated ones by
            # next due date, the undated (next_due_on IS NULL) by reference.
            models.Index(
                fields=["next_due_on", "reference", "id"], condition=Q(is_open=True), name="case_due_order"
            ),
            # My tasks' order (dashboards.selectors._my_task_cases): the open cases by reference.
            models.Index(
                fields=["reference", "id"], condition=Q(is_open=True), name="case_open_by_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.pseudonym})"


class CaseCapacity(models.TextChoices):
    CASE_LEAD = "case_lead", "Case lead (business unit)"
    PARTNER_DELEGATE = "partner_delegate", "Safeguarding partner delegate"
    COMMITTEE_MEMBER = "committee_member", "Review committee member"
    AGENCY_REPRESENTATIVE = "agency_representative", "Agency representative"
    AGENCY_AUTHOR = "agency_author", "Agency author"
    INDEPENDENT_REVIEWER = "independent_reviewer", "Independent reviewer"
    SCRUTINEER = "scrutineer", "Independent Chair or scrutineer"


class CaseMembership(models.Model):
    """Who is on a case and in what capacity: the need-to-know grant."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships"
    )
    capacity = models.CharField(max_length=30, choices=CaseCapacity.choices)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_case_membership",
            )
        ]
        indexes = [models.Index(fields=["user", "ended_at", "case"])]

    def __str__(self) -> str:
        return f"Case membership {self.pk}"


class CaseShare(models.Model):
    """A case shared with a second partnership (the child lived elsewhere)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="shares")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="shared_cases")
    reason = models.TextField()
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "partnership"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_share",
            )
        ]

    def __str__(self) -> str:
        return f"Case share {self.pk}"


class CommitteeListing(models.Model):
    """A case's review on the review committee's (LCPC's) list: while listed, the lead partnership's
    committee members see the case's pages (read-only, never identity details) and comment on the review
    (docs/roles.md). Added and removed by the business unit; a removal ends the row, never deletes it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="committee_listings")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(removed_at__isnull=True),
                name="one_active_committee_listing",
            )
        ]

    def __str__(self) -> str:
        return f"Committee listing {self.pk}"
