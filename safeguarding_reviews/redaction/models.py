"""The redaction check of a case's publishable files (issue 15 item 2): each check of one stored file with the
file's checksum at that moment, what it found, and the decisions on what it found.

A finding's `text`, `normalised` key and the words around it (`context_before`, `context_after`) are identity
details: shown only to those who may see the case's identity details and to the person who uploaded the file
(policies.may_see_text); everyone else who reads the checks sees counts. Nothing here is ever deleted: a new
version of a file gets a new check, which settles the previous check's findings (fixed, or an acceptance
carried forward).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safeguarding_reviews.core.models import VersionedModel

from . import rules


class CheckStatus(models.TextChoices):
    CHECKED = rules.CHECKED, "Checked"
    NOT_CHECKABLE = rules.NOT_CHECKABLE, "Not checkable"


class Decision(models.TextChoices):
    OPEN = rules.OPEN, "Open"
    ACCEPTED = rules.ACCEPTED, "Accepted with a reason"


class RedactionCheck(models.Model):
    """One run of the check over one stored file (documents.Document) of a case. `sha256` is the checksum of
    the bytes read at check time, so a check speaks for exactly that file. `label` says what the file is
    (rules.LABELS, or the caller's own short label). `previous` is the check of the file's previous version
    (or an earlier check of the same file), whose findings this check settles."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    label = models.CharField("what the file is", max_length=rules.LABEL_MAX)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_checks"
    )
    status = models.CharField(max_length=20, choices=CheckStatus.choices)
    # Why the file could not be checked (a PDF with no text layer, a damaged file): words for the user.
    reason = models.TextField("why the file could not be checked", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["-checked_at", "-pk"]
        indexes = [
            models.Index(fields=["case", "checked_at"]),
            models.Index(fields=["document", "checked_at"]),
        ]

    def __str__(self) -> str:
        return f"Redaction check {self.pk}"

    @property
    def label_display(self) -> str:
        return rules.label_display(self.label)


class RedactionFinding(VersionedModel):
    """One identifier the check found: where (0-based character offsets into the file's text, end
    exclusive), its kind and the matched text with the words around it. Either open, accepted with a reason
    (by whom, when; `carried_from` when the acceptance came forward from the previous version's same
    finding), or fixed in the next version (`fixed_in`: the check of the next version that no longer finds
    it). `version` guards the decision (ADR 0005); every decision is also a FindingDecision row."""

    redaction_check = models.ForeignKey(RedactionCheck, on_delete=models.PROTECT, related_name="findings")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=40)
    text = models.TextField()
    normalised = models.TextField()
    context_before = models.TextField(blank=True)
    context_after = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.OPEN)
    reason = models.TextField("reason it may be published", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    carried_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fixed_in = models.ForeignKey(
        RedactionCheck, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["redaction_check", "start", "end", "pk"]
        indexes = [models.Index(fields=["redaction_check", "decision"])]

    def __str__(self) -> str:
        return f"Finding {self.pk} of redaction check {self.redaction_check_id}"

    @property
    def kind_label(self) -> str:
        return rules.kind_label(self.kind)


class DecisionAction(models.TextChoices):
    ACCEPTED = "accepted", "Accepted with a reason"
    CARRIED = "carried", "Acceptance carried forward from the previous version"
    UNDONE = "undone", "Acceptance undone"


class FindingDecision(models.Model):
    """The history of decisions on a finding, never changed: what was decided, the reason, who and when. The
    finding holds the standing decision; this keeps every earlier one (and an undone acceptance's reason)."""

    finding = models.ForeignKey(RedactionFinding, on_delete=models.PROTECT, related_name="decisions")
    action = models.CharField(max_length=20, choices=DecisionAction.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    # The finding's version after this decision.
    finding_version = models.PositiveIntegerField()

    class Meta:
        ordering = ["finding", "at", "pk"]

    def __str__(self) -> str:
        return f"Decision {self.pk} on finding {self.finding_id}"
