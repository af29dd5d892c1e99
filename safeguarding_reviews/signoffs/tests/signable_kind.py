"""A test-only signable kind (not a test module): its versions are documents.Document uploads with purpose
PURPOSE on the case, the newest being the version to sign; everyone who uploaded one drafted it. How a real
app registers its kind, in miniature."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.documents.services import document_store
from safeguarding_reviews.signoffs import signable
from safeguarding_reviews.signoffs.services import document_signoffs_supersede

CODE = "test_document"
PURPOSE = "signable_test"
DOCUMENT_ID = 1  # one such document per case; its uploads are its versions


def _current(case) -> signable.SignableVersion | None:
    versions = list(
        Document.objects.filter(case=case, purpose=PURPOSE, removed_at__isnull=True).order_by(
            "created_at", "pk"
        )
    )
    if not versions:
        return None
    latest = versions[-1]
    return signable.SignableVersion(
        document_id=DOCUMENT_ID,
        version=len(versions),
        sha256=latest.sha256,
        drafted_by=frozenset(v.uploaded_by_id for v in versions),
        title="Synthetic document for sign-off",
        url=reverse("cases:detail", args=[case.pk]),
        download_url=reverse("documents:download", args=[case.pk, latest.pk]),
    )


KIND = signable.SignableKind(code=CODE, label="Test document", current=_current)


def ensure_registered() -> signable.SignableKind:
    return signable.register(KIND)


def new_version(world, *, actor=None, text: str = "Synthetic terms, version") -> Document:
    """Make a new version as an owning app would: store it and supersede the sign-offs in one transaction."""
    actor = actor or world.people["business_unit_officer"]
    with transaction.atomic():
        count = Document.objects.filter(case=world.case, purpose=PURPOSE).count()
        document = document_store(
            actor=actor,
            case=world.case,
            uploaded_file=ContentFile(f"{text} {count + 1}.\n".encode(), name="terms.txt"),
            purpose=PURPOSE,
        )
        document_signoffs_supersede(
            case=world.case, kind=CODE, document_id=DOCUMENT_ID, because="new_version", actor=actor
        )
    return document
