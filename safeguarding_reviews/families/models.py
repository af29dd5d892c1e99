"""The family's involvement in a local review, surviving children included (issue 14 item 2).

A family member is either one of the case's people (subjects.Subject: the child or children, a parent or
another household member) or someone added for the review (a grandparent, an aunt). Screens, documents and
the review's text name them by relationship or the subject's label ("Mother of Child V", "Grandparent");
an added person's name and address live in their own table (FamilyMemberIdentity), as a subject's live in
subjects.SubjectIdentity, and are shown only to those who may see identity details
(subjects.policies.may_see_identity), every showing audited (IDENTITY_VIEWED, ids only).

Everything the review decides and records about one member is on FamilyMember (versioned as one row: the
approach decision, a child's wishes and how their involvement is adapted, the expectations explained, how
their views were used, the draft shared); contact attempts and meetings are rows of FamilyMemberContact.
The information letter is a reports.DocumentGeneration made from the member (families/wiring.py).
A member recorded in error is removed, never deleted (removed_at, removed_by, removal_reason): their pages
stay readable and refuse writes; they are left out of the counts, the task list and the letter.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.core.models import VersionedModel
from safeguarding_reviews.subjects.models import AddressInParts, KnownAs, NameInParts


class Approach(models.TextChoices):
    YES = "yes", "Approach them"
    NO = "no", "Do not approach them"


class ApproachMethod(models.TextChoices):
    LETTER = "letter", "Letter"
    VISIT = "visit", "Home visit"
    PHONE = "phone", "Phone call"
    POLICE_FLO = "police_flo", "Through the police family liaison officer"
    ADVOCATE = "advocate", "Through an advocate or supporter"
    SOCIAL_WORKER = "social_worker", "Through their social worker"
    OTHER = "other", "Another way"


class ContactKind(models.TextChoices):
    ATTEMPT = "attempt", "Contact attempt"
    MEETING = "meeting", "Meeting"


class ContactMethod(models.TextChoices):
    LETTER = "letter", "Letter"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    VISIT = "visit", "Home visit"
    IN_PERSON = "in_person", "In person elsewhere"
    VIDEO = "video", "Video call"
    POLICE_FLO = "police_flo", "Through the police family liaison officer"
    ADVOCATE = "advocate", "Through an advocate or supporter"


class ContactResult(models.TextChoices):
    NO_RESPONSE = "no_response", "No response"
    SPOKE = "spoke", "Spoke with them"
    AGREED = "agreed", "Agreed to take part"
    DECLINED = "declined", "Declined to take part"
    HELD = "held", "Meeting held"
    CANCELLED = "cancelled", "Meeting cancelled or did not attend"


class ExplainedHow(models.TextChoices):
    LETTER = "letter", "The information letter"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    POLICE_FLO = "police_flo", "Through the police family liaison officer"
    ADVOCATE = "advocate", "Through an advocate or supporter"


class DraftResponse(models.TextChoices):
    NOT_YET = "not_yet", "No response yet"
    COMMENTED = "commented", "Commented on it"
    CONTENT = "content", "Content with it"
    NO_RESPONSE = "no_response", "Did not respond"
    DECLINED = "declined", "Did not wish to see it"


class FamilyMember(VersionedModel):
    """One member of the family in the review. `subject` is set when they are one of the case's people;
    otherwise `relationship` says who they are and their name is in FamilyMemberIdentity. `version` guards
    this row and (for an added person) their identity."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="family_members")
    subject = models.ForeignKey(
        "subjects.Subject", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    relationship = models.CharField("relationship to the child", max_length=100, blank=True)
    is_child = models.BooleanField("a child", default=False)
    age_years = models.PositiveSmallIntegerField("age in years", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Whether and how to approach them.
    approach = models.CharField("approach", max_length=10, choices=Approach.choices, blank=True)
    approach_method = models.CharField(
        "how to approach them", max_length=20, choices=ApproachMethod.choices, blank=True
    )
    approach_reason = models.TextField("reasons", blank=True)
    agreed_with = models.CharField("agreed with (by role)", max_length=200, blank=True)
    decided_on = models.DateField("date decided", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A child's wishes and how their involvement is adapted to their age and understanding.
    child_wishes = models.TextField("the child's wishes", blank=True)
    child_adaptation = models.TextField("how their involvement is adapted", blank=True)
    # The expectations explained (the information letter is a reports.DocumentGeneration).
    expectations_on = models.DateField("date explained", null=True, blank=True)
    expectations_how = models.CharField("how", max_length=20, choices=ExplainedHow.choices, blank=True)
    # How their views were used in the report (no names: the report uses pseudonyms).
    views_used = models.TextField("how their views were used", blank=True)
    # The draft shared before publication.
    draft_shared_on = models.DateField("date the draft was shared", null=True, blank=True)
    draft = models.ForeignKey(
        "report_drafts.ReportDraft", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    draft_response = models.CharField(
        "their response", max_length=20, choices=DraftResponse.choices, blank=True
    )
    draft_response_on = models.DateField("date of their response", null=True, blank=True)
    # Removed when recorded in error: never deleted, kept (read-only) with who removed them and why.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField("reason for removing", blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["case", "approach"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "subject"],
                condition=models.Q(subject__isnull=False, removed_at__isnull=True),
                name="one_current_family_member_per_subject",
            )
        ]

    def __str__(self) -> str:
        return f"Family member {self.pk}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def label(self) -> str:
        """How screens and documents name them: the subject's label, or the relationship."""
        if self.subject is not None:
            return self.subject.label
        return self.relationship[:1].upper() + self.relationship[1:]


class FamilyMemberIdentity(NameInParts, KnownAs, AddressInParts):
    """An added member's name (in parts, with any known-as names and initials) and address (line 1, town,
    postcode), as a subject's are kept. Never shown without may_see_identity and an audit event."""

    member = models.OneToOneField(FamilyMember, on_delete=models.CASCADE, related_name="identity")

    class Meta:
        verbose_name_plural = "family member identities"

    def __str__(self) -> str:
        return f"Identity of family member {self.member_id}"


class FamilyMemberContact(models.Model):
    """A contact attempt (date, method, result) or a meeting (date, who attended by role, where)."""

    member = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, related_name="contacts")
    kind = models.CharField("contact attempt or meeting", max_length=10, choices=ContactKind.choices)
    on = models.DateField("date")
    method = models.CharField("method", max_length=20, choices=ContactMethod.choices)
    result = models.CharField("result", max_length=20, choices=ContactResult.choices)
    attended_by = models.CharField("who attended (by role)", max_length=300, blank=True)
    place = models.CharField("where", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"Contact {self.pk} with family member {self.member_id}"
