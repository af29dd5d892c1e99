"""The reviewer's drafts of a local review's report (issue 14 item 3): every version kept, with its checksum.

A draft's file lives in the document store (documents.Document, content-checked on upload: DOCX or PDF);
`sha256` repeats the stored file's checksum so that a sign-off, a comment or a practitioner's "saw the draft"
names exactly the bytes they read. Versions are numbered per case from 1 and never deleted or replaced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


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
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="one_report_draft_per_version")]

    def __str__(self) -> str:
        return f"Report draft {self.pk} (version {self.version})"
