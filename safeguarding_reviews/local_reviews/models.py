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


class ReviewMethod(models.Model):
    """One method a local review may be run by: the managed list (issue 13 item 6), versioned data with its
    source. `partnership` null is the national list, seeded by migration 0005 (vocabulary_version
    NATIONAL_VERSION); a partnership's own additions carry their partnership. A method is retired
    (is_active False), never deleted, so an old methodology keeps its meaning. Which methods a partnership may
    choose, and when a description is required, is methods.py (pure). Written through local_reviews.services
    only (the national list by migrations only)."""

    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vocabulary_version = models.CharField(max_length=40)
    code = models.SlugField(max_length=60)
    label = models.CharField("name of the method", max_length=200)
    description = models.TextField("what the method is", blank=True)
    source = models.CharField("source", max_length=400)
    # The review's methodology must then say how the method is used (a hybrid, "other").
    requires_description = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    # Who added, and who last retired or reinstated, a partnership's own method (null on the national list).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sort_order", "label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vocabulary_version", "code"],
                condition=models.Q(partnership__isnull=True),
                name="review_method_national_code",
            ),
            models.UniqueConstraint(
                fields=["partnership", "code"],
                condition=models.Q(partnership__isnull=False),
                name="review_method_partnership_code",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_national(self) -> bool:
        return self.partnership_id is None


class Methodology(VersionedModel):
    """The review's methodology; any change clears the LCPC's agreement (it agreed what it saw)."""

    review = models.OneToOneField(LocalReview, on_delete=models.PROTECT, related_name="methodology")
    method = models.ForeignKey(ReviewMethod, on_delete=models.PROTECT, related_name="+")
    # How the method is used, when the method requires it (methods.description_refusal).
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


# Written requests for information or drafts during the review (reg 14 oversight, issue 13 item 8): the
# rapid review's agency-request pattern (a named recipient, a scoped grant, chasing) reused for the review.


class RecipientKind(models.TextChoices):
    AGENCY = "agency", "An agency"
    REVIEWER = "reviewer", "The independent reviewer"


class InformationAsk(models.TextChoices):
    INFORMATION = "information", "Information"
    DRAFT = "draft", "A draft"


class InformationStatus(models.TextChoices):
    OPEN = "open", "Open"
    ASKED_AGAIN = "asked_again", "Asked again"
    ANSWERED = "answered", "Answered"
    ACCEPTED = "accepted", "Accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The recipient may answer in these states (the chase ladder runs on them).
AWAITING_ANSWER = frozenset({InformationStatus.OPEN, InformationStatus.ASKED_AGAIN})
# The recipient keeps access to their request in these states.
RECIPIENT_STATUSES = AWAITING_ANSWER | {InformationStatus.ANSWERED}


class InformationRequest(VersionedModel):
    """One written request, to a named person at an agency or to the case's independent reviewer, for
    information or for a draft. Written through local_reviews.services only."""

    review = models.ForeignKey(LocalReview, on_delete=models.PROTECT, related_name="information_requests")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    recipient_kind = models.CharField("send to", max_length=20, choices=RecipientKind.choices)
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Empty while the recipient is a new person invited from the send form who has not accepted yet.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invitation = models.ForeignKey(
        "organisations.Invitation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    asks_for = models.CharField("asking for", max_length=20, choices=InformationAsk.choices)
    asked = models.TextField("what is asked")
    context = models.TextField("context", blank=True)
    due_on = models.DateField("due date")
    round = models.PositiveSmallIntegerField(default=1)
    round_started_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=InformationStatus.choices, default=InformationStatus.OPEN
    )
    # The business unit's follow-up when it asked again (shown to the recipient).
    asked_again = models.TextField("what is asked now", blank=True)
    answer = models.TextField("answer", blank=True)
    answer_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField("reason for withdrawal", blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    # The "agency author" place on the case this request granted (null if the recipient was already named).
    granted_membership = models.ForeignKey(
        "cases.CaseMembership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Information request {self.pk}"


class InformationRequestChase(models.Model):
    """The reminder before a request's due date or one step of the chase ladder (rapid_review.chasing),
    recorded before its email goes: unique per (request, round, step), so never sent twice."""

    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, related_name="chases")
    step = models.CharField(max_length=30)
    round = models.PositiveSmallIntegerField(default=1)
    chased_at = models.DateTimeField()
    chased_on = models.DateField()
    emailed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "round", "step"], name="one_information_chase_per_step"
            )
        ]
        ordering = ["chased_at", "pk"]

    def __str__(self) -> str:
        return f"Information request chase {self.pk}"
