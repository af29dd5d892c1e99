"""Drafts: what a person typed into a form and has not saved, theirs alone (docs/security.md "Sessions")."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Draft(models.Model):
    """The fields of one form page as one person last typed them, before they saved the form.

    Kept two ways, put back by the page the same way (one banner, drafts/_kept_banner.html): a long form
    (drafts/registry.py) saves it as the person types and puts it back on every visit until they save or
    discard it; any other form sent after the session ran out keeps it once, and its page puts it back once
    (drafts.restore.take_draft). `path` is the form page (its URL names the form and the record, so it is the
    form's identity). `data` holds what was typed: it is never logged or audited, only given back to `user`
    on that page, and deleted when they save the form, discard it, it is put back once, or it expires
    (`DRAFT_RETENTION_DAYS`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    path = models.CharField(max_length=500)
    # The page's URL name ("" when the path names no page): the signed-out page names the form by it.
    form_key = models.CharField(max_length=100, blank=True)
    data = models.JSONField()
    # The record's version the page was rendered with: restoring it keeps the concurrent-edit check.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "path"], name="one_draft_per_user_and_path")]
        indexes = [models.Index(fields=["saved_at"], name="draft_saved_at")]

    def __str__(self) -> str:
        return f"Draft {self.pk}"
