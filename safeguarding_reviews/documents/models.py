"""The one document store every stage uses. Files live under settings.MEDIA_ROOT (outside the web root)
with generated names; they are read only through documents:download, which checks access and audits."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Empty while the document belongs to a draft that has no case yet (a referral being written).
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    purpose = models.CharField(max_length=40, help_text='What the document is for, e.g. "referral"')
    original_name = models.CharField(max_length=255)
    detected_type = models.CharField(max_length=10, help_text="pdf, png, jpeg, docx, xlsx or txt")
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_path = models.CharField(max_length=200, unique=True, help_text="Relative to MEDIA_ROOT; generated")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"Document {self.pk}"
