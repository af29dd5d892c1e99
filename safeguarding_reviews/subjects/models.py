"""The people in a case: pseudonymous facts on Subject, identity details kept apart on SubjectIdentity.

Screens, documents and emails use `Subject.label` ("Child A", "Mother of Child A"). The identity details
(names, dates of birth, addresses, NHS numbers, schools, legal status) live in their own table and are shown
only to the roles subjects/policies.py names; every showing is audited (IDENTITY_VIEWED, ids only).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.core.models import VersionedModel


class SubjectKind(models.TextChoices):
    CHILD = "child", "Child"
    HOUSEHOLD_MEMBER = "household_member", "Household member"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not_known", "Not known"


class Subject(VersionedModel):
    """A child the incident is about, or a member of their household. `version` guards both this row and
    its identity (the edit page saves them together)."""

    # A subject belongs to a case; while the referral that names them is still a draft it belongs to the
    # draft only (case is empty) and is visible to the draft's author alone.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="subjects"
    )
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="subjects"
    )
    kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    label = models.CharField("label", max_length=80, help_text='For example "Child A" or "Mother of Child A"')
    relationship = models.CharField("relationship to the child", max_length=100, blank=True)
    sex = models.CharField("sex", max_length=20, choices=Sex.choices, blank=True)
    age_years = models.PositiveSmallIntegerField("age in years at the incident", null=True, blank=True)
    is_unborn = models.BooleanField("unborn", default=False)
    ethnicity = models.CharField("ethnicity", max_length=100, blank=True)
    disability = models.CharField("disability", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "order", "pk"]
        indexes = [models.Index(fields=["case", "kind", "order"])]

    def __str__(self) -> str:
        return self.label

    @property
    def is_child(self) -> bool:
        return self.kind == SubjectKind.CHILD

    @property
    def age_display(self) -> str:
        if self.is_unborn:
            return "Unborn"
        if self.age_years is None:
            return "Not known"
        return f"{self.age_years} year{'s' if self.age_years != 1 else ''}"


class SubjectIdentity(models.Model):
    """Who the subject really is. Never shown on a screen without may_see_identity and an audit event."""

    subject = models.OneToOneField(Subject, on_delete=models.CASCADE, related_name="identity")
    full_name = models.CharField("full name", max_length=200)
    other_names = models.CharField("other names used", max_length=200, blank=True)
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    expected_delivery_date = models.DateField("expected date of delivery", null=True, blank=True)
    address = models.TextField("address", blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    school = models.CharField("school or setting", max_length=200, blank=True)
    legal_status = models.CharField("legal status", max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "subject identities"

    def __str__(self) -> str:
        return f"Identity of subject {self.subject_id}"


class IdentityGrant(models.Model):
    """A business manager let one independent reviewer on a case see its identity details, with a reason.
    Revocable: revoking ends the row (never deletes it). Only reviewers are granted this way; every other role
    sees identity details by role (subjects/policies.py)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="identity_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("reason")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField("reason for revoking", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_identity_grant",
            )
        ]

    def __str__(self) -> str:
        return f"Identity grant {self.pk}"
