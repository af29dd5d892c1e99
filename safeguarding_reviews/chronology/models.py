"""Chronology entries: one agency's account of one event in a child's life, merged across agencies."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.models import VersionedModel
from safeguarding_reviews.organisations.models import Agency


class DatePrecision(models.TextChoices):
    EXACT = "exact", "Exact date"
    MONTH = "month", "Month only"
    APPROXIMATE = "approximate", "Approximate"


class ChronologyEventType(models.TextChoices):
    """The managed vocabulary of event types (one list for every partnership; change it here)."""

    CONTACT = "contact", "Contact with the child or family"
    HOME_VISIT = "home_visit", "Home visit"
    REFERRAL = "referral", "Referral"
    ASSESSMENT = "assessment", "Assessment"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    CONFERENCE = "conference", "Child protection conference or core group"
    MEETING = "meeting", "Multi-agency meeting"
    HEALTH_APPOINTMENT = "health_appointment", "Health appointment"
    HOSPITAL_ATTENDANCE = "hospital_attendance", "Hospital attendance"
    POLICE_INCIDENT = "police_incident", "Police incident"
    EDUCATION = "education", "School or early years"
    MISSED_APPOINTMENT = "missed_appointment", "Missed appointment or no access"
    INFORMATION_SHARED = "information_shared", "Information shared"
    OTHER = "other", "Other"


class ChronologyEntry(VersionedModel):
    """Write through chronology.services only: the sort columns are derived there (chronology.ordering)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="chronology_entries")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    date_precision = models.CharField(
        max_length=12, choices=DatePrecision.choices, default=DatePrecision.EXACT
    )
    time = models.TimeField(null=True, blank=True)
    source_record = models.CharField(max_length=200, blank=True)
    event_type = models.CharField(max_length=40, choices=ChronologyEventType.choices)
    what_happened = models.TextField()
    practitioner_role = models.CharField(max_length=200, blank=True)
    is_key_episode = models.BooleanField(default=False)
    analysis = models.TextField(blank=True)
    # Role codes that may see this entry (empty: everyone who may see the chronology).
    restricted_to_roles = models.JSONField(default=list, blank=True)
    # ",role_a,role_b," derived from restricted_to_roles so SQLite and PostgreSQL filter it alike.
    restricted_roles_key = models.CharField(max_length=400, blank=True, default="")
    # The order within the agency's own chronology for this case (1, 2, 3, ...).
    agency_order = models.PositiveIntegerField()
    # The merge order (chronology.ordering.merge_key), stored so the database sorts and pages on an index.
    sort_date = models.DateField()
    has_time = models.BooleanField()
    sort_time = models.TimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "chronology entries"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency", "agency_order"], name="chronology_agency_order_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["case", "sort_date", "has_time", "sort_time", "agency", "agency_order", "id"],
                name="chronology_merge_order",
            )
        ]

    def __str__(self) -> str:
        return f"Chronology entry {self.pk}"

    @property
    def is_restricted(self) -> bool:
        return bool(self.restricted_to_roles)


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being built"
    DONE = "done", "Ready to download"
    FAILED = "failed", "Could not be built"
    EXPIRED = "expired", "Deleted after the retention period"


# An export waiting for or on the task worker: one at a time per person and case (security finding 4).
IN_FLIGHT = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ChronologyExport(models.Model):
    """A Word (DOCX) export of the merged chronology, built on the task worker as the person who asked
    (chronology.exports). Only they may download it, and only while they may still read the chronology."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The page's filters (selectors.Filters.as_data): ids, codes and ISO dates only.
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the retention schedule deleted the stored file (chronology.exports.chronology_export_expire).
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["case", "requested_by", "created_at"]),
            models.Index(fields=["status", "finished_at"], name="chronology_export_by_status"),
        ]
        constraints = [
            # One export in flight per person and case, however many POSTs arrive at once: the database
            # refuses the second insert (chronology.exports.chronology_export_request handles it).
            models.UniqueConstraint(
                fields=["requested_by", "case"],
                condition=models.Q(status__in=["queued", "running"]),
                name="chronology_export_one_in_flight",
            )
        ]

    def __str__(self) -> str:
        return f"Chronology export {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status not in IN_FLIGHT

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0
