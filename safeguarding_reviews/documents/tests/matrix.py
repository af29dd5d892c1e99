"""Objects the authorization matrix needs for documents URLs: a referral attachment on world.case."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def url_kwargs(world) -> dict[str, dict[str, object]]:
    from safeguarding_reviews.documents.services import document_store

    document = document_store(
        actor=world.people["business_unit_officer"],
        case=world.case,
        uploaded_file=SimpleUploadedFile("incident form.pdf", PDF, content_type="application/pdf"),
        purpose="referral",
    )
    return {"documents": {"document_id": document.pk}}
