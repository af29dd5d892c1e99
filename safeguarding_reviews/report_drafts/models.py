"""The reviewer's drafts of a local review's report (issue 14 item 3): every version kept, with its checksum.

A draft's file lives in the document store (documents.Document, content-checked on upload: DOCX or PDF);
`sha256` repeats the stored file's checksum so that a sign-off, a comment or a practitioner's "saw the draft"
names exactly the bytes they read. Versions are numbered per case from 1 and never deleted or replaced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.core.models import VersionedModel


class ReportDraft(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="report_drafts")
    version = models.PositiveIntegerField()
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    # What changed since the last version, in the reviewer's words (no names: the report uses pseudonyms).
    note = models.TextField("what changed in this version", blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_report_draft_per_version")
        ]

    def __str__(self) -> str:
        return f"Report draft {self.pk} (version {self.version})"


# Comments on a draft (issue 14 item 3): by the LCPC, the partners' delegates and the business unit on the
# latest version, and an agency author's factual corrections through a factual-accuracy request; each with the
# reviewer's response (accepted, or not accepted with a reason).


class Response(models.TextChoices):
    AWAITING = "awaiting", "Awaiting the reviewer's response"
    ACCEPTED = "accepted", "Accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class FactualStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class FactualReply(models.TextChoices):
    CORRECTIONS = "corrections", "Factual corrections sent as comments"
    NO_CORRECTIONS = "no_corrections", "No factual corrections"


class FactualAccuracyRequest(VersionedModel):
    """A request to a named person at an agency (the agency's author) to check one draft version for factual
    accuracy by a due date. Naming them on the case as agency author (if they were not named) is the scoped
    grant: it shows them this request and its draft, never the case's other pages; it ends when they reply or
    the business unit withdraws the request."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.PROTECT, related_name="factual_requests")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=FactualStatus.choices, default=FactualStatus.OPEN)
    reply = models.CharField(max_length=20, choices=FactualReply.choices, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    granted_membership = models.ForeignKey(
        "cases.CaseMembership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Factual-accuracy request {self.pk}"


class DraftComment(VersionedModel):
    """One comment on a draft version: where (paragraph or section), what, by whom (the role they commented
    as, and the agency for a factual correction), and the reviewer's response. `version` guards the
    response."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.PROTECT, related_name="comments")
    reference = models.CharField("paragraph or section", max_length=100)
    text = models.TextField("comment")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_role = models.CharField(max_length=40)
    factual_request = models.ForeignKey(
        FactualAccuracyRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    created_at = models.DateTimeField()
    response = models.CharField(max_length=20, choices=Response.choices, default=Response.AWAITING)
    response_reason = models.TextField("reason for not accepting", blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["draft", "pk"]
        indexes = [models.Index(fields=["draft", "response"])]

    def __str__(self) -> str:
        return f"Comment {self.pk} on report draft {self.draft_id}"
