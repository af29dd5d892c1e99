"""The local review of a case (issue 13): a statutory LCSPR opened by the route into Stage.LCSPR, or a local
learning review a business manager starts for a case that did not go to an LCSPR. Its plan (local target
dates), versioned terms of reference with the LCPC's agreement of one version, the methodology and its
agreement, the LCPC's progress reviews (reg 14) and contacts with the family. Written through
local_reviews.services only."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core.models import VersionedModel

from .plan import Target


class ReviewKind(models.TextChoices):
    STATUTORY = "lcspr", "Local child safeguarding practice review (statutory)"
    LOCAL_LEARNING = "local_learning", "Local learning review (not a statutory LCSPR)"


class LocalReview(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="local_review")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    initiated_on = models.DateField("date initiated")
    # Null for a review the data migration opened for a case already at the LCSPR stage.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Local review {self.pk}"

    @property
    def is_statutory(self) -> bool:
        return self.kind == ReviewKind.STATUTORY


class PlanTarget(VersionedModel):
    review = models.ForeignKey(LocalReview, on_delete=models.PROTECT, related_name="targets")
    target = models.CharField(max_length=30, choices=Target.choices)
    due_on = models.DateField("target date")
    achieved_on = models.DateField("date achieved", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "target"], name="one_target_per_review")]

    def __str__(self) -> str:
        return f"Plan target {self.pk}"


class TermsOfReference(VersionedModel):
    """One version of the terms of reference: never changed once saved (a change is a new row whose `version`
    is one more). VersionedModel's `version` is the version number, so a save against a stale one is a
    conflict (core.versioning.StaleVersionError)."""

    review = models.ForeignKey(LocalReview, on_delete=models.PROTECT, related_name="terms")
    scope_from = models.DateField("scope period from")
    scope_to = models.DateField("scope period to")
    lines_of_enquiry = models.JSONField("key lines of enquiry", default=list)
    agency_ids = models.JSONField("agencies in scope", default=list)
    child_perspective = models.TextField("how the child's perspective will be addressed")
    family_context = models.TextField("how the family context will be addressed")
    proportionality = models.TextField("how the review stays proportionate")
    # The known parallel processes when this version was saved: [{"id", "kind", "status"}] from the register.
    parallel_processes = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["version"]
        constraints = [models.UniqueConstraint(fields=["review", "version"], name="one_terms_version")]

    def __str__(self) -> str:
        return f"Terms of reference {self.pk} v{self.version}"


class LcpcAgreement(models.Model):
    """The LCPC's agreement: of one terms-of-reference version, or of the methodology as it stood."""

    agreed_on = models.DateField("date agreed")
    meeting = models.CharField("meeting", max_length=200)
    members_present = models.TextField("members present")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        abstract = True


class TermsAgreement(LcpcAgreement):
    terms = models.OneToOneField(TermsOfReference, on_delete=models.PROTECT, related_name="agreement")

    def __str__(self) -> str:
        return f"Terms agreement {self.pk}"


class Method(models.TextChoices):
    LEARNING_TOGETHER = "learning_together", "SCIE Learning Together"
    SILP = "silp", "Significant Incident Learning Process (SILP)"
    APPRECIATIVE = "appreciative_inquiry", "Appreciative inquiry"
    HYBRID = "hybrid", "A hybrid"
    OTHER = "other", "Other"


class Methodology(VersionedModel):
    """The review's methodology; any change clears the LCPC's agreement (it agreed what it saw)."""

    review = models.OneToOneField(LocalReview, on_delete=models.PROTECT, related_name="methodology")
    method = models.CharField(max_length=30, choices=Method.choices)
    other_description = models.TextField("description of the method", blank=True)
    analysis_rationale = models.TextField(
        "how frontline practice and organisational learning will be analysed"
    )
    participation_rationale = models.TextField("how practitioners and the family will take part")
    agreed_on = models.DateField("date agreed", null=True, blank=True)
    agreed_meeting = models.CharField("meeting", max_length=200, blank=True)
    agreed_members_present = models.TextField("members present", blank=True)
    agreed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Methodology {self.pk}"

    @property
    def agreed(self) -> bool:
        return self.agreed_on is not None


class ProgressReview(models.Model):
    """The LCPC's oversight of time and quality (reg 14)."""

    review = models.ForeignKey(LocalReview, on_delete=models.PROTECT, related_name="progress_reviews")
    held_on = models.DateField("date of the progress review")
    # Time against plan on held_on, computed from the plan when recorded (plan.late_targets): target codes.
    late_targets = models.JSONField(default=list)
    quality_comments = models.TextField("comments on quality")
    actions_agreed = models.TextField("actions agreed", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Progress review {self.pk}"


class FamilyContact(models.Model):
    """A contact with the child's family for the review (refused while a constraint blocks it)."""

    review = models.ForeignKey(LocalReview, on_delete=models.PROTECT, related_name="family_contacts")
    contacted_on = models.DateField("date of contact")
    summary = models.TextField("what the contact was for")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-contacted_on", "-pk"]

    def __str__(self) -> str:
        return f"Family contact {self.pk}"
