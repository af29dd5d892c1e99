"""The case's parallel-process register: police investigations, inquests, court proceedings and other reviews
running beside the case (issue 11 item 10). Started from the referral's answers, kept current by the business
unit, shown in the rapid review report. Written through parallel_processes.services only."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.models import VersionedModel

from .constraints import Block


class ProcessKind(models.TextChoices):
    """The referral's parallel-process codes (referrals.models.ParallelProcess), so a referral's answer maps
    to a row one to one, plus criminal proceedings (a charge or trial after the investigation)."""

    POLICE = "police_investigation", "Police investigation"
    CRIMINAL = "criminal_proceedings", "Criminal proceedings"
    CORONER = "coroner", "Coroner's investigation or inquest"
    FAMILY_COURT = "family_court", "Family court proceedings"
    DHR = "domestic_homicide_review", "Domestic homicide review"
    SAR = "safeguarding_adults_review", "Safeguarding adults review"
    OTHER = "other", "Other"


class ProcessStatus(models.TextChoices):
    REPORTED = "reported", "Reported in the referral, not yet confirmed"
    EXPECTED = "expected", "Expected, not yet started"
    UNDER_WAY = "under_way", "Under way"
    ON_HOLD = "on_hold", "On hold"
    CONCLUDED = "concluded", "Concluded"
    NOT_PROCEEDING = "not_proceeding", "Not proceeding"


class ParallelProcess(VersionedModel):
    """One process running beside the case. No names: the reference is the other body's reference."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="parallel_processes")
    kind = models.CharField("kind of process", max_length=40, choices=ProcessKind.choices)
    status = models.CharField(max_length=20, choices=ProcessStatus.choices, default=ProcessStatus.UNDER_WAY)
    led_by = models.CharField("led by", max_length=200, blank=True)
    reference = models.CharField("reference", max_length=200, blank=True)
    notes = models.TextField("notes", blank=True)
    started_on = models.DateField("date started", null=True, blank=True)
    next_date = models.DateField("next key date", null=True, blank=True)
    concluded_on = models.DateField("date concluded", null=True, blank=True)
    # True for a row started from the referral's answers (referrals.Referral.parallel_processes).
    from_referral = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Parallel process {self.pk}"


class ProcessConstraint(models.Model):
    """A constraint a parallel process puts on the local review, e.g. "no contact with the family until the
    verdict": active until lifted. The local review's steps it names are refused while it is active
    (local_reviews/steps.py). Written through parallel_processes.services only."""

    process = models.ForeignKey(ParallelProcess, on_delete=models.PROTECT, related_name="constraints")
    blocks = models.CharField("what it blocks", max_length=30, choices=Block.choices)
    reason = models.TextField("reason")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    lifted_on = models.DateField("date lifted", null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"Constraint {self.pk}"
