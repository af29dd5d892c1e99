"""The people in a case: pseudonymous facts on Subject, identity details kept apart on SubjectIdentity.

Screens, documents and emails use `Subject.label` ("Child A", "Mother of Child A"). The identity details
(names, dates of birth, addresses, NHS numbers, schools, legal status) live in their own table and are shown
only to the roles subjects/policies.py names; every showing is audited (IDENTITY_VIEWED, ids only). Names and
addresses are kept in parts (first names, last name, known-as names and initials; line 1, town, postcode) so
the redaction check can look for each (issue 15 item 0).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.core.models import VersionedModel

from .identity_parts import address_lines, display_name


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


class NameInParts(models.Model):
    """A person's name kept in parts (the redaction check looks for each), with the name as first recorded
    when it was one free-text field (kept by the data migrations that split it; blank for names entered in
    parts). Shared by the identities of subjects, added family members and practitioners."""

    first_names = models.CharField("first names", max_length=200, blank=True)
    last_name = models.CharField("last name", max_length=200, blank=True)
    name_as_recorded = models.CharField("name as first recorded", max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def display_name(self) -> str:
        """'Jayden Smith (known as Jay)'."""
        return display_name(self.first_names, self.last_name, getattr(self, "known_as", ()))


class KnownAs(models.Model):
    """Other names a person goes by (nicknames, a former surname) and the initials the family uses ("JS"):
    lists, so the redaction check can look for each."""

    known_as = models.JSONField("known as", default=list, blank=True)
    initials = models.JSONField("initials the family uses", default=list, blank=True)

    class Meta:
        abstract = True


class AddressInParts(models.Model):
    """A UK address as line 1 (number and street, or the building and street), town or city and postcode
    (normalised, "SW1A 1AA"), with the address as first recorded when it was free text."""

    address_line_1 = models.CharField("address line 1", max_length=300, blank=True)
    town = models.CharField("town or city", max_length=100, blank=True)
    postcode = models.CharField("postcode", max_length=8, blank=True)
    address_as_recorded = models.TextField("address as first recorded", blank=True)

    class Meta:
        abstract = True

    @property
    def address_lines(self) -> list[str]:
        return address_lines(self.address_line_1, self.town, self.postcode)


class SubjectIdentity(NameInParts, KnownAs, AddressInParts):
    """Who the subject really is. Never shown on a screen without may_see_identity and an audit event."""

    subject = models.OneToOneField(Subject, on_delete=models.CASCADE, related_name="identity")
    other_names_as_recorded = models.CharField("other names as first recorded", max_length=200, blank=True)
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    expected_delivery_date = models.DateField("expected date of delivery", null=True, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    # A child can have been at more than one school or setting; the short forms ("St Mary's") are what
    # reports and agencies often write, so the redaction check looks for them too.
    schools = models.JSONField("schools or settings", default=list, blank=True)
    school_short_names = models.JSONField("short forms of the school names", default=list, blank=True)
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
