"""An agency's referral of a serious incident (the local referral form; docs/referrals.md).

An agency representative writes it online: a draft only they can see, section by section, then submits it,
which opens the case. The business unit may instead record a referral received by phone or email on an
agency's behalf: that opens the case at once (the 48-hour written-confirmation clock starts) and the business
unit completes the same sections on the case. People named in the referral are subjects.Subject rows; their
identity details are subjects.SubjectIdentity rows, apart from everything here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from safeguarding_reviews.core.models import VersionedModel


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Channel(models.TextChoices):
    ONLINE = "online", "Online form"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class AbuseOrNeglect(models.TextChoices):
    KNOWN = "known", "Known"
    SUSPECTED = "suspected", "Suspected"
    NOT_SUSPECTED = "not_suspected", "Neither known nor suspected"


class MediaInterest(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class ParallelProcess(models.TextChoices):
    POLICE = "police_investigation", "Police investigation"
    CORONER = "coroner", "Coroner's investigation or inquest"
    FAMILY_COURT = "family_court", "Family court proceedings"
    DHR = "domestic_homicide_review", "Domestic homicide review"
    SAR = "safeguarding_adults_review", "Safeguarding adults review"
    OTHER = "other", "Other"


class Criterion(models.TextChoices):
    DIED_IN_AREA = "died_or_harmed_in_area", "A child died or was seriously harmed in the area (s16C(1)(a))"
    HARMED_OUTSIDE_ENGLAND = (
        "resident_harmed_outside_england",
        "A child normally resident here died or was seriously harmed outside England (s16C(1)(b))",
    )
    LOOKED_AFTER_DEATH = "looked_after_child_death", "Death of a looked-after child"
    CARE_LEAVER_DEATH = "care_leaver_death", "Death of a care leaver aged up to 24"
    NOT_SURE = "not_sure", "Not sure"


class Referral(VersionedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.PROTECT, related_name="referrals"
    )
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    # Set when the case exists: at submission (online) or at once (recorded by the business unit).
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="referral"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    received_at = models.DateTimeField("date and time the referral was received", null=True, blank=True)
    written_confirmation_at = models.DateTimeField("written confirmation received", null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_sections = models.JSONField(default=list, blank=True)

    # About the referrer
    referrer_name = models.CharField("your name", max_length=200, blank=True)
    referrer_role = models.CharField("your role", max_length=200, blank=True)
    referrer_phone = models.CharField("phone number", max_length=40, blank=True)
    referrer_email = models.EmailField("email address", blank=True)
    # The agency's safeguarding lead
    lead_agreed = models.CharField(
        "agreed with the agency's safeguarding lead", max_length=3, choices=YesNo.choices, blank=True
    )
    lead_name = models.CharField("safeguarding lead's name", max_length=200, blank=True)
    # The incident
    incident_date = models.DateField("date of the incident", null=True, blank=True)
    aware_date = models.DateField("date the agency became aware", null=True, blank=True)
    what_happened = models.TextField("what happened", blank=True)
    # Abuse or neglect
    abuse_or_neglect = models.CharField(
        "abuse or neglect", max_length=20, choices=AbuseOrNeglect.choices, blank=True
    )
    abuse_or_neglect_reason = models.TextField("why", blank=True)
    # Agencies involved: ids of the partnership's agencies, plus others as text
    agencies_involved = models.JSONField("agencies involved", default=list, blank=True)
    agencies_other = models.TextField("other agencies involved", blank=True)
    immediate_actions = models.TextField("immediate safeguarding actions", blank=True)
    parallel_processes = models.JSONField("parallel processes", default=list, blank=True)
    parallel_details = models.TextField("details of parallel processes", blank=True)
    media_interest = models.CharField(
        "media interest", max_length=10, choices=MediaInterest.choices, blank=True
    )
    media_details = models.TextField("details of media interest", blank=True)
    criteria = models.JSONField("criteria the referrer believes are met", default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_by", "status"]),
            models.Index(fields=["partnership", "status"]),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == ReferralStatus.DRAFT


class ReferralAttachment(models.Model):
    """A document sent with a referral. The document is in the shared store (documents.Document)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="attachments")
    document = models.OneToOneField("documents.Document", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Referral attachment {self.pk}"
