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
from safeguarding_reviews.subjects.models import NameInParts


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


class PractitionerIdentity(NameInParts):
    """Who the practitioner is: first names and last name (the redaction check looks for each) and work
    email. Never shown on a screen without may_see_identity and an audit event."""

    practitioner = models.OneToOneField(Practitioner, on_delete=models.CASCADE, related_name="identity")
    work_email = models.EmailField("work email", blank=True)

    class Meta:
        verbose_name_plural = "practitioner identities"

    def __str__(self) -> str:
        return f"Identity of practitioner {self.practitioner_id}"


# Issue 14, item 1: the practitioners' involvement in the review. Every row refers to the practitioner by id
# (agency and role on screen); none has free text, so no name can reach the review's records through them.


class InvitationKind(models.TextChoices):
    CONVERSATION = "conversation", "Individual conversation"
    EVENT = "event", "Learning or practitioner event"
    OTHER = "other", "Other"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"


class InvitationResponse(models.TextChoices):
    AWAITING = "awaiting", "Awaiting a reply"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NO_RESPONSE = "no_response", "No response"


class Attendance(models.TextChoices):
    NOT_YET = "not_yet", "Not yet"
    YES = "yes", "Attended"
    NO = "no", "Did not attend"


class StatementGivenBy(models.TextChoices):
    BUSINESS_UNIT = "business_unit", "The business unit"
    REVIEWER = "reviewer", "The independent reviewer"
    FACILITATOR = "facilitator", "The event's facilitator"
    AGENCY_LEAD = "agency_lead", "Their agency's review lead"
    OTHER = "other", "Someone else"


class DraftComment(models.TextChoices):
    NOT_YET = "not_yet", "Not yet"
    YES = "yes", "Commented"
    NO = "no", "Did not comment"


class PractitionerInvitation(VersionedModel):
    """An invitation to an individual conversation, a learning or practitioner event, or something else; the
    reply and attendance are recorded on it as they become known. A practitioner may have several."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT, related_name="invitations")
    kind = models.CharField("invited to", max_length=20, choices=InvitationKind.choices)
    invited_on = models.DateField("date invited")
    method = models.CharField("how they were invited", max_length=20, choices=ContactMethod.choices)
    event_on = models.DateField("date of the conversation or event", null=True, blank=True)
    response = models.CharField(
        "their reply", max_length=20, choices=InvitationResponse.choices, default=InvitationResponse.AWAITING
    )
    attended = models.CharField(
        "attended", max_length=20, choices=Attendance.choices, default=Attendance.NOT_YET
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["invited_on", "pk"]

    def __str__(self) -> str:
        return f"Invitation {self.pk} of practitioner {self.practitioner_id}"


class NoBlameStatement(VersionedModel):
    """That the practitioner was told they are invited to contribute without fear of being blamed for actions
    taken in good faith: when, how and by whom (by role). One per practitioner; correcting it is versioned."""

    practitioner = models.OneToOneField(Practitioner, on_delete=models.PROTECT, related_name="statement")
    given_on = models.DateField("date given")
    method = models.CharField("how it was given", max_length=20, choices=ContactMethod.choices)
    given_by = models.CharField("given by", max_length=20, choices=StatementGivenBy.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"No-blame statement to practitioner {self.practitioner_id}"


class DraftSharing(VersionedModel):
    """Whether the practitioner saw the draft report (the date shared with them) and commented on it."""

    practitioner = models.OneToOneField(Practitioner, on_delete=models.PROTECT, related_name="draft_sharing")
    shared_on = models.DateField("date the draft was shared")
    # The version they saw (report_drafts), when the drafts are kept in the service; optional: a draft shared
    # before the versions were uploaded has none.
    draft = models.ForeignKey(
        "report_drafts.ReportDraft",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="version of the draft",
    )
    commented = models.CharField(
        "commented", max_length=20, choices=DraftComment.choices, default=DraftComment.NOT_YET
    )
    commented_on = models.DateField("date of their comments", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Draft shared with practitioner {self.practitioner_id}"
