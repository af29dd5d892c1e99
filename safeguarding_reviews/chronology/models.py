"""Chronology entries: one agency's account of one event in a child's life, merged across agencies."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.models import VersionedModel
from safeguarding_reviews.organisations.models import Agency


class DatePrecision(models.TextChoices):
    """How precise an agency's date is. The names match chronology.dates.ParsedDate.precision. Every
    precision but EXACT and APPROXIMATE is a span: `date` is its first day and `date_to` its last."""

    EXACT = "exact", "Exact date"
    MONTH = "month", "Month only"
    APPROXIMATE = "approximate", "Approximate"
    SEASON = "season", "Season (for example Spring 2024)"
    PART_YEAR = "part_year", "Part of a year (for example early 2024)"
    YEAR = "year", "Year only"


# Precisions whose entries cover [date, date_to] (date_to is required for them).
SPAN_PRECISIONS = frozenset(
    {DatePrecision.MONTH, DatePrecision.SEASON, DatePrecision.PART_YEAR, DatePrecision.YEAR}
)


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
    # The start of the entry's date span (the day itself for an exact or approximate date).
    date = models.DateField("date")
    # The last day of the span: set for month, season, part-year and year precision; empty otherwise.
    date_to = models.DateField("date to", null=True, blank=True)
    date_precision = models.CharField(
        "how precise the date is", max_length=12, choices=DatePrecision.choices, default=DatePrecision.EXACT
    )
    # The date exactly as the agency wrote it ("Spring 2024", "w/c 3/2/24"), shown beside the date.
    date_as_written = models.CharField("date as written", max_length=100, blank=True)
    time = models.TimeField("time", null=True, blank=True)
    source_record = models.CharField("source record", max_length=200, blank=True)
    event_type = models.CharField("type of event", max_length=40, choices=ChronologyEventType.choices)
    # The agency's own words for the type of event (from an imported file), kept as written.
    event_type_as_written = models.CharField("type of event as written", max_length=200, blank=True)
    what_happened = models.TextField("what happened")
    action_taken = models.TextField("action taken", blank=True)
    outcome = models.TextField("outcome", blank=True)
    who_seen = models.CharField(
        "who was seen",
        max_length=100,
        blank=True,
        help_text="Initials or role only, for example Child A, mother, MGM. Never a full name.",
    )
    practitioner_role = models.CharField("practitioner role", max_length=200, blank=True)
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
    # The spreadsheet import that created it (empty for an entry added by hand).
    import_batch = models.ForeignKey(
        "ChronologyImportBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    # The latest correction, kept here so the merged page shows "changed on ... because ..." without a
    # query per row; every earlier version is a ChronologyEntryVersion.
    corrected_at = models.DateTimeField(null=True, blank=True)
    correction_reason = models.TextField(blank=True)
    # Withdrawn: left out of the merged chronology, exports and reports; kept with its reason.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)

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
            ),
            # The silent periods read every date of a case's visible entries: this index holds all they read,
            # in the order they are distinct in, so the entries themselves (their text) are never read.
            models.Index(
                fields=["case", "date", "date_precision", "date_to", "withdrawn_at", "restricted_roles_key"],
                name="chronology_dates_by_case",
            ),
        ]

    def __str__(self) -> str:
        return f"Chronology entry {self.pk}"

    @property
    def is_restricted(self) -> bool:
        return bool(self.restricted_to_roles)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


# The fields a correction may change, in the order the history page lists them.
CORRECTABLE_FIELDS = (
    "date",
    "date_to",
    "date_precision",
    "date_as_written",
    "time",
    "source_record",
    "event_type",
    "what_happened",
    "action_taken",
    "outcome",
    "who_seen",
    "practitioner_role",
    "is_key_episode",
    "analysis",
)


class ChronologyImportBatch(models.Model):
    """One spreadsheet import: the entries it created know it, so the whole import can be undone."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    # Set when the agency's author imported through their request (rapid_review.AgencyRequest).
    agency_request = models.ForeignKey(
        "rapid_review.AgencyRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undo_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["case", "created_at"], name="chronology_import_by_case")]

    def __str__(self) -> str:
        return f"Chronology import {self.pk}"


class VersionKind(models.TextChoices):
    CORRECTED = "corrected", "Corrected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ChronologyEntryVersion(models.Model):
    """An earlier version of an entry: the values it held before a correction (or a withdrawal), who
    changed it, when and why. Never edited or deleted."""

    entry = models.ForeignKey(ChronologyEntry, on_delete=models.PROTECT, related_name="versions")
    # The entry's version these values belonged to (the entry is now at version + 1).
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=VersionKind.choices)
    # The old values of CORRECTABLE_FIELDS (dates and times as ISO text).
    values = models.JSONField(default=dict)
    changed_fields = models.JSONField(default=list)
    reason = models.TextField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["entry", "version"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="chronology_entry_version_unique")
        ]

    def __str__(self) -> str:
        return f"Chronology entry {self.entry_id} version {self.version}"


class DuplicateDecisionKind(models.TextChoices):
    SAME = "same", "Same event"
    DIFFERENT = "different", "Different events"


class DuplicateDecision(models.Model):
    """The business unit's decision on a flagged pair, keyed by the unordered pair (lower id first). A
    decided pair is never flagged again. For the same event, `primary` is the entry shown; the other is
    shown as "also recorded by <agency>"."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    entry_low = models.ForeignKey(ChronologyEntry, on_delete=models.PROTECT, related_name="+")
    entry_high = models.ForeignKey(ChronologyEntry, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=DuplicateDecisionKind.choices)
    primary = models.ForeignKey(
        ChronologyEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry_low", "entry_high"], name="chronology_duplicate_pair_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(entry_low__lt=models.F("entry_high")),
                name="chronology_duplicate_pair_ordered",
            ),
        ]
        indexes = [models.Index(fields=["case"], name="chronology_decision_by_case")]

    def __str__(self) -> str:
        return f"Duplicate decision {self.pk}"

    @property
    def other(self) -> int:
        """The id of the entry that is not the primary (same event only)."""
        return self.entry_high_id if self.primary_id == self.entry_low_id else self.entry_low_id


class PossibleDuplicate(models.Model):
    """A pair of entries the duplicate rule (duplicates.py: different agencies, close dates, shared words)
    flags, keyed like DuplicateDecision (lower id first). The rule reads only the two entries, so the pairs
    are stored for every entry, withdrawn and restricted ones too, when an entry is added, imported or
    corrected (chronology.services.duplicate_pairs_store), and each reader keeps a pair only when both entries
    are shown to them and the pair is undecided: the same flags the rule gives over the entries they see,
    read from the database instead of computed over every entry (the "possible duplicates only" filter is an
    EXISTS)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    entry_low = models.ForeignKey(ChronologyEntry, on_delete=models.CASCADE, related_name="+")
    entry_high = models.ForeignKey(ChronologyEntry, on_delete=models.CASCADE, related_name="+")
    why = models.CharField(max_length=20)  # "same time", "same date" or "adjacent days"
    words = models.PositiveSmallIntegerField()  # words in common

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry_low", "entry_high"], name="chronology_possible_pair_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(entry_low__lt=models.F("entry_high")),
                name="chronology_possible_pair_ordered",
            ),
        ]
        indexes = [models.Index(fields=["entry_high", "entry_low"], name="chronology_possible_by_high")]

    def __str__(self) -> str:
        return f"Possible duplicate {self.pk}"


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
    # When a worker claimed it (last). Also the claim's token: a build re-queued by `tick` because its
    # worker died may only finish as the claim it started with (chronology.exports), so it finishes once.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the retention schedule deleted the stored file (chronology.services.chronology_export_expire).
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["case", "requested_by", "created_at"]),
            models.Index(fields=["status", "finished_at"], name="chronology_export_by_status"),
        ]
        constraints = [
            # One export in flight per person and case, however many POSTs arrive at once: the database
            # refuses the second insert (chronology.services.chronology_export_request handles it).
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


# How long an uploaded file waits, mapped but not imported, before it must be uploaded again.
IMPORT_DRAFT_HOURS = 24


class ChronologyLayoutMapping(models.Model):
    """A confirmed mapping of one agency's layout: which heading feeds which field, and the value table for
    its free-text types of event. Keyed by the partnership, the agency and the layout's heading signature
    (layout.heading_signature), and offered the next time the same layout is uploaded for that agency."""

    partnership = models.ForeignKey("organisations.Partnership", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    signature = models.CharField(max_length=64)
    headings = models.JSONField(default=list)  # the headings as written, in column order
    mapping = models.JSONField(default=dict)  # {"column heading": "field"}
    event_types = models.JSONField(default=dict)  # {"type as written": ChronologyEventType code}
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "agency", "signature"], name="chronology_layout_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Chronology layout mapping {self.pk}"


class ChronologyImportDraft(models.Model):
    """An uploaded agency file waiting to be mapped, previewed and imported (the mapping pages). Kept in the
    document store; owned by the person who uploaded it (nobody else sees it); expires after
    IMPORT_DRAFT_HOURS. Write through chronology.services only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    # Set when an agency's author uploads through their request: the agency is then theirs, fixed.
    agency_request = models.ForeignKey(
        "rapid_review.AgencyRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    visible_sheets = models.JSONField(default=list)
    skipped_sheets = models.JSONField(default=list)
    sheet = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Set once the person has confirmed the sheet and agency (the first step after the upload).
    chosen = models.BooleanField(default=False)
    mapping = models.JSONField(default=dict)  # {"column heading": "field"}; empty: the suggestion
    event_types = models.JSONField(default=dict)  # value table overrides {"as written": code}
    mapping_confirmed = models.BooleanField(default=False)
    # The saved mapping offered for this layout and agency, when there was one.
    saved_mapping = models.ForeignKey(
        ChronologyLayoutMapping, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    import_batch = models.ForeignKey(
        ChronologyImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["uploaded_by", "case", "created_at"])]

    def __str__(self) -> str:
        return f"Chronology import draft {self.pk}"
