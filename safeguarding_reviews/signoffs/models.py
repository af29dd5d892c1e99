"""Sign-off of the rapid review outcome by the three safeguarding partners, and the Independent Chair's
challenges (issue 4 §7).

A sign-off is given by one partner's delegate against one version of the outcome AND the checksum of one
generated report, so what was agreed is exactly known. Sign-offs are never deleted: an edit of the outcome
supersedes them (superseded_at), and they stay on the record with any dissent.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from safeguarding_reviews.organisations.roles import Role


class Partner(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    ICB = "icb", "Integrated care board"
    POLICE = "police", "Police"


# Which delegate role signs for which partner.
PARTNER_ROLE = {
    Partner.LOCAL_AUTHORITY: Role.DELEGATE_LOCAL_AUTHORITY,
    Partner.ICB: Role.DELEGATE_ICB,
    Partner.POLICE: Role.DELEGATE_POLICE,
}


class SignOff(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(
        "outcomes.RapidReviewOutcome", on_delete=models.PROTECT, related_name="signoffs"
    )
    outcome_version = models.PositiveIntegerField()
    report = models.ForeignKey("reports.GeneratedReport", on_delete=models.PROTECT, related_name="+")
    report_sha256 = models.CharField(max_length=64)
    partner = models.CharField(max_length=20, choices=Partner.choices)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agrees = models.BooleanField()
    comments = models.TextField(blank=True)
    signed_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_because = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            # One standing sign-off per partner, and nobody standing for two partners.
            models.UniqueConstraint(
                fields=["outcome", "partner"],
                condition=Q(superseded_at__isnull=True),
                name="signoff_one_per_partner",
            ),
            models.UniqueConstraint(
                fields=["outcome", "signed_by"],
                condition=Q(superseded_at__isnull=True),
                name="signoff_one_partner_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Sign-off {self.pk}"


class Challenge(models.Model):
    """A question or challenge from the Independent Chair or scrutineer, answered by the business unit."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(
        "outcomes.RapidReviewOutcome", on_delete=models.PROTECT, related_name="challenges"
    )
    outcome_version = models.PositiveIntegerField()
    text = models.TextField("challenge")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "pk"]

    def __str__(self) -> str:
        return f"Challenge {self.pk}"


class Resolution(models.TextChoices):
    RESOLVED = "resolved", "The disagreement was resolved"
    STANDS = "stands", "The disagreement stands and is reported to the Panel as such"


class DissentResolution(models.Model):
    """How the business manager recorded that one partner's standing disagreement was dealt with (issue 11
    item 5). One per dissenting sign-off; never changed or deleted. A later sign-off by that partner (or an
    edit of the outcome) supersedes the dissent, and a new dissent needs its own resolution."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    signoff = models.OneToOneField(SignOff, on_delete=models.PROTECT, related_name="resolution")
    resolution = models.CharField(max_length=20, choices=Resolution.choices)
    explanation = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolution__in=Resolution.values), name="dissent_resolution_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Dissent resolution {self.pk}"


class SignOffRecordImmutableError(Exception):
    """A sign-off record cannot be changed: a new one is generated instead."""


class SignOffRecord(models.Model):
    """The sign-off record (PDF) of one report: each partner's signatory role, date and position, with any
    dissent and its resolution. The report cannot list its own sign-offs (they are made against its checksum),
    so this record goes to the Panel with it. Immutable, like reports.GeneratedReport: generated after the
    third sign-off and again whenever a resolution is recorded; the newest whose `basis` matches the standing
    sign-offs and resolutions is current. `basis` lists their ids ("s1,2,3;r4")."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(
        "outcomes.RapidReviewOutcome", on_delete=models.PROTECT, related_name="signoff_records"
    )
    outcome_version = models.PositiveIntegerField()
    report = models.ForeignKey("reports.GeneratedReport", on_delete=models.PROTECT, related_name="+")
    report_sha256 = models.CharField(max_length=64)
    basis = models.CharField(max_length=200)
    pdf = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    pdf_sha256 = models.CharField("SHA-256 of the PDF", max_length=64)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField()

    class Meta:
        ordering = ["-generated_at", "-pk"]
        indexes = [models.Index(fields=["outcome", "generated_at"])]

    def __str__(self) -> str:
        return f"Sign-off record {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A guard, not a side effect: rows are written once, by services.signoff_record_generate.
        if not self._state.adding:
            raise SignOffRecordImmutableError("A sign-off record cannot be changed; generate a new one")
        super().save(*args, **kwargs)


class BuildStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being generated"
    DONE = "done", "Generated"
    FAILED = "failed", "Could not be generated"


class SignOffRecordBuild(models.Model):
    """One run of the sign-off record's generation on the task worker, for one `basis` (the standing
    sign-offs and resolutions). Queued after the third sign-off, after each resolution, and when the business
    unit asks for it again after a failure. It lets the page tell "being generated" from "failed" (or stuck:
    still waiting or running after selectors.BUILD_STALE_AFTER, a worker that died), so a failed build is not
    shown as in progress forever."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(
        "outcomes.RapidReviewOutcome", on_delete=models.PROTECT, related_name="signoff_record_builds"
    )
    basis = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=BuildStatus.choices, default=BuildStatus.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(
        SignOffRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["outcome", "basis", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BuildStatus.values), name="signoff_record_build_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Sign-off record build {self.pk}"

    @property
    def in_flight(self) -> bool:
        return self.status in (BuildStatus.QUEUED, BuildStatus.RUNNING)


class DocumentSignOff(models.Model):
    """One partner's sign-off of one version of a registered signable document (signable.py): the kind's
    code, the document's id, version and checksum as the delegate read them. Same rules as SignOff (rules.py):
    one standing sign-off per partner, nobody standing for two partners; never deleted, superseded instead
    (a new version of the document, or the partner signing again). Dissent stays, with its resolution."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    document_id = models.PositiveBigIntegerField()
    document_version = models.PositiveIntegerField()
    document_sha256 = models.CharField(max_length=64)
    partner = models.CharField(max_length=20, choices=Partner.choices)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agrees = models.BooleanField()
    comments = models.TextField(blank=True)
    signed_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_because = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        indexes = [models.Index(fields=["case", "kind", "signed_at"])]
        constraints = [
            # One standing sign-off per partner, and nobody standing for two partners, per document.
            models.UniqueConstraint(
                fields=["case", "kind", "document_id", "partner"],
                condition=Q(superseded_at__isnull=True),
                name="document_signoff_one_per_partner",
            ),
            models.UniqueConstraint(
                fields=["case", "kind", "document_id", "signed_by"],
                condition=Q(superseded_at__isnull=True),
                name="document_signoff_one_partner_per_person",
            ),
            models.CheckConstraint(
                condition=Q(partner__in=Partner.values), name="document_signoff_partner_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Document sign-off {self.pk}"


class DocumentDissentResolution(models.Model):
    """How the business manager recorded that one partner's standing disagreement with a signed document
    was dealt with. One per dissenting sign-off; never changed or deleted."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    signoff = models.OneToOneField(DocumentSignOff, on_delete=models.PROTECT, related_name="resolution")
    resolution = models.CharField(max_length=20, choices=Resolution.choices)
    explanation = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolution__in=Resolution.values), name="document_dissent_resolution_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Document dissent resolution {self.pk}"
