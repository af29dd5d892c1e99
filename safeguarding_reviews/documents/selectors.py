"""Reads of the document store."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from safeguarding_reviews.cases.models import Case

from .models import Document


def documents_for_case(case: Case, purpose: str | None = None) -> QuerySet[Document]:
    documents = Document.objects.filter(case=case, removed_at__isnull=True)
    if purpose is not None:
        documents = documents.filter(purpose=purpose)
    return documents.order_by("created_at", "pk")


def document_get(case: Case, document_id: Any) -> Document | None:
    return Document.objects.filter(case=case, pk=document_id, removed_at__isnull=True).first()
