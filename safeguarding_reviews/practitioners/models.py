"""The practitioners involved in a case, by agency and role; their names kept apart, like the family's.

Screens, documents and the review's text name a practitioner by agency and role ("Health visitor, Northbridge
Community Health"). The name and work email live in their own table (PractitionerIdentity) and are shown only
to the roles that may see the case's identity details (subjects/policies.py: may_see_identity); every showing
is audited as an identity read (IDENTITY_VIEWED, ids only). A practitioner is never deleted: removing one
records who, when and why, and the row stays for the audit trail.

Issue 14 builds on this row: invitations to a conversation or a learning event, attendance, the draft seen and
commented on, and the no-blame statement given to each practitioner hang off `Practitioner` by foreign key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.core.models import VersionedModel


class Practitioner(VersionedModel):
    """A practitioner involved with the child or family. `version` guards this row and its identity (the
    edit page saves them together), and removal."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="practitioners")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("role or job title", max_length=200)
    team = models.CharField("team or service", max_length=200, blank=True)
    involved_from = models.DateField("involved from", null=True, blank=True)
    involved_to = models.DateField("involved until", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField("reason for removing", blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["case", "removed_at"])]

    def __str__(self) -> str:
        return f"Practitioner {self.pk}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class PractitionerIdentity(models.Model):
    """Who the practitioner is. Never shown on a screen without may_see_identity and an audit event."""

    practitioner = models.OneToOneField(Practitioner, on_delete=models.CASCADE, related_name="identity")
    full_name = models.CharField("full name", max_length=200)
    work_email = models.EmailField("work email", blank=True)

    class Meta:
        verbose_name_plural = "practitioner identities"

    def __str__(self) -> str:
        return f"Identity of practitioner {self.practitioner_id}"
