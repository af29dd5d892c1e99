"""Partnerships (the tenant), their agencies, and people's memberships with roles."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from safeguarding_reviews.core import clock
from safeguarding_reviews.core.models import VersionedModel

from .roles import Role


class Partnership(VersionedModel):
    """A Local Safeguarding Children Partnership: the tenant every case belongs to."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    local_authority_name = models.CharField("local authority", max_length=200)
    case_reference_prefix = models.CharField(max_length=10, help_text="For example PSCP")
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyType(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    POLICE = "police", "Police"
    ICB = "icb", "Integrated care board"
    ACUTE_TRUST = "acute_trust", "Acute hospital trust"
    COMMUNITY_HEALTH = "community_health", "Community health"
    MENTAL_HEALTH = "mental_health", "Mental health"
    GP = "gp", "GP practice"
    EDUCATION = "education", "Education"
    EARLY_YEARS = "early_years", "Early years"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    HOUSING = "housing", "Housing"
    VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary sector"
    OTHER = "other", "Other"


class Agency(VersionedModel):
    """An organisation that works with children in the partnership's area."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    agency_type = models.CharField(max_length=40, choices=AgencyType.choices)
    is_active = models.BooleanField(default=True)
    # Where the chase ladder's second step goes when the agency's return is overdue (a shared mailbox).
    safeguarding_lead_email = models.EmailField("safeguarding lead's email", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique_in_partnership")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(VersionedModel):
    """A person's place in one partnership. Ending it removes every role there at once.

    `version` guards the roles form: a change of roles bumps it (core.versioning).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="memberships")
    job_title = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_membership_per_partnership",
            )
        ]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"Membership {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class MembershipRole(models.Model):
    """One role held under a membership; agency roles say which agency."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=40, choices=Role.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "role", "agency"], name="role_once_per_membership"),
            models.UniqueConstraint(
                fields=["membership", "role"],
                condition=models.Q(agency__isnull=True),
                name="role_once_per_membership_no_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class Invitation(models.Model):
    """A business manager's invitation to join a partnership with given roles."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    roles = models.JSONField(help_text="List of role codes")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["partnership", "email"])]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"

    @property
    def state(self) -> str:
        """pending, accepted, revoked or expired (checked in that order of finality)."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= clock.now():
            return "expired"
        return "pending"

    @property
    def role_labels(self) -> list[str]:
        return [Role(code).label for code in self.roles if code in Role.values]
