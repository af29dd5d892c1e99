"""Typed drafts: what a person typed into a long form, saved as they type, theirs alone (docs/security.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TypedDraft(models.Model):
    """The fields of one form page as one person last typed them, before they saved the form.

    `path` is the form page (its URL names the form and the record, so it is the form's identity).
    `data` holds what was typed: it is never logged or audited, only given back to `user` on that page, and
    deleted when they save the form, discard it, or it expires (`DRAFT_RETENTION_DAYS`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="typed_drafts")
    path = models.CharField(max_length=500)
    form_key = models.CharField(max_length=100)
    data = models.JSONField()
    # The record's version the page was rendered with: restoring it keeps the concurrent-edit check.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "path"], name="one_typed_draft_per_user_path")]
        indexes = [models.Index(fields=["saved_at"], name="typed_draft_saved_at")]

    def __str__(self) -> str:
        return f"Typed draft {self.pk}"
