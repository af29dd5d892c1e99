"""Publication of a local child safeguarding practice review (issue 15 items 5 to 8).

- PublicationFile: every version of the three publishable files (the report for publication, the information
  about the improvements, the seven-minute briefing), never replaced, each a stored document with its
  SHA-256 and the id of the redaction check run on it.
- PublicationDecision: the partners' decision (publish the report, or the improvements only with reasons),
  one per case, versioned: a new version of the file it publishes makes a new version too, so the partners
  sign the decision and that exact file (signoffs, kind "publication_decision": wiring.py).
- PublicationHold: a parallel process holds publication: an approved pause of the lcspr_publication clock
  (its state is read from the clock's DeadlineAdjustment), its reason, who agreed it and its review date.
- PublicationNotice: the notice to the Panel, the Secretary of State (and Ofsted when the rules say so): sent
  date, planned date, recipients, the exact file's checksum.
- PublicationRecord: the review as published: date, public address, checksum, pseudonym, available until,
  the clock met or late (with the reason), the Panel told.
- PublicationRules: the rule data (notice period, recipients, Ofsted, minimum time available), versioned,
  with its source (rule_data.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.core.models import VersionedModel

from .rules import ClockOutcome, Decision, FileKind, OfstedWhen


class PublicationRules(models.Model):
    """One version of the publication rules. Never edited once used: a change is a new entry."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    # The clock rule set (clocks.RuleSet.code) a case runs under that these rules go with.
    rule_set_code = models.SlugField(max_length=60)
    effective_from = models.DateField()
    notice_working_days = models.PositiveSmallIntegerField()
    notice_recipients = models.JSONField(default=list)
    ofsted_when = models.CharField(max_length=20, choices=OfstedWhen.choices)
    available_months = models.PositiveSmallIntegerField()
    source = models.TextField(help_text="What the rules follow, with addresses")
    is_default = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "publication rules"
        ordering = ["-effective_from", "pk"]

    def __str__(self) -> str:
        return f"Publication rules {self.code}"


class FileSource(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    GENERATED = "generated", "Generated"


class PublicationFile(models.Model):
    """One version of one publishable file. Immutable once its check has been run."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=FileKind.choices)
    version = models.PositiveIntegerField()
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    source = models.CharField(max_length=20, choices=FileSource.choices, default=FileSource.UPLOADED)
    # The Word document the reports app made (the seven-minute briefing), when generated.
    generation = models.OneToOneField(
        "reports.DocumentGeneration", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField("what changed in this version", blank=True)
    # The redaction check run on this version (redaction.RedactionCheck's id, kept as text so the id's type is
    # the redaction app's: checking.py is the one place that reads it), or why the check could not run.
    check_id = models.CharField(max_length=40, blank=True)
    check_error = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "version"], name="one_publication_file_version"),
        ]

    def __str__(self) -> str:
        return f"Publication file {self.pk} ({self.kind} version {self.version})"


class PublicationDecision(VersionedModel):
    """The partners' decision. `version` also moves when a new version of the file it publishes is added, so
    the version the partners sign always names exactly one file version."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reasons = models.TextField("the partners' reasons", blank=True)
    # Everyone who has written the decision (user ids): they may not sign it (signoffs' rule).
    written_by = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Publication decision {self.pk} (version {self.version})"


class PublicationHold(VersionedModel):
    """A hold on publication while a parallel process runs. The pause it is (clocks.DeadlineAdjustment on the
    case's lcspr_publication deadline) says whether it is waiting, held, refused or ended."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    process = models.ForeignKey(
        "parallel_processes.ParallelProcess",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField("reason for the hold")
    agreed_by = models.CharField("who agreed the hold (their role)", max_length=200)
    review_on = models.DateField("review date", db_index=True)
    adjustment = models.OneToOneField(
        "clocks.DeadlineAdjustment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_note = models.TextField("why it was lifted", blank=True)

    class Meta:
        ordering = ["case", "-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Publication hold {self.pk}"


class PublicationNotice(models.Model):
    """The notice before publication, as sent: never changed (a new version of the file needs a new one)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    file = models.ForeignKey(PublicationFile, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    decision_version = models.PositiveIntegerField()
    sent_on = models.DateField("date sent")
    planned_on = models.DateField("planned publication date")
    recipients = models.JSONField(default=list)
    rules = models.ForeignKey(PublicationRules, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Publication notice {self.pk}"


class PublicationRecord(VersionedModel):
    """The review as published. Versioned: the Panel told, the address or the dates may be corrected."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="+")
    file = models.ForeignKey(PublicationFile, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    notice = models.ForeignKey(PublicationNotice, on_delete=models.PROTECT, related_name="+")
    pseudonym = models.CharField(max_length=100)
    published_on = models.DateField("date published")
    public_url = models.URLField("public address", max_length=500)
    available_until = models.DateField("available until", db_index=True)
    clock_outcome = models.CharField(max_length=10, choices=ClockOutcome.choices, blank=True)
    clock_due_on = models.DateField(null=True, blank=True)
    late_reason = models.TextField("reason it was published late", blank=True)
    panel_told_on = models.DateField("date the Panel was told", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Publication record {self.pk}"


class ReminderKind(models.TextChoices):
    HOLD_REVIEW = "hold_review", "A hold's review date has arrived"
    AVAILABLE_UNTIL = "available_until", "A published review's 'available until' date is near"


class PublicationReminder(models.Model):
    """One reminder, once: inserted before the emails are queued, so a second worker's insert fails on the
    unique constraint and sends nothing (as clocks.ReminderSent)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField()
    due_on = models.DateField()
    sent_at = models.DateTimeField()
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "due_on"], name="publication_reminder_once")
        ]

    def __str__(self) -> str:
        return f"Publication reminder {self.pk}"
