"""Reads of referrals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.subjects.models import Subject

from .models import Referral

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def referrals_by_author(user: User, *, channel: str | None = None) -> QuerySet[Referral]:
    referrals = Referral.objects.filter(created_by=user)
    if channel is not None:
        referrals = referrals.filter(channel=channel)
    return referrals.select_related("agency", "case").order_by("status", "-created_at")


def referral_for_case(case: Case) -> Referral | None:
    return Referral.objects.select_related("agency", "created_by", "submitted_by").filter(case=case).first()


def referral_attachments(referral: Referral) -> list[Document]:
    return list(
        Document.objects.filter(
            pk__in=referral.attachments.values("document_id"), removed_at__isnull=True
        ).order_by("created_at", "pk")
    )


def agency_names(referral: Referral) -> list[str]:
    ids = [i for i in referral.agencies_involved if isinstance(i, int)]
    return list(
        Agency.objects.filter(pk__in=ids, partnership=referral.partnership)
        .order_by("name")
        .values_list("name", flat=True)
    )


def referral_person_get(referral: Referral, subject_id: int) -> Subject | None:
    """A child or household member named on this referral (None if they are another referral's)."""
    return Subject.objects.filter(referral=referral, pk=subject_id).first()


def referral_attachment_get(referral: Referral, document_id: Any) -> Document | None:
    """A file attached to this referral and not removed (None otherwise)."""
    document = Document.objects.filter(pk=document_id, removed_at__isnull=True).first()
    if document is None or not referral.attachments.filter(document=document).exists():
        return None
    return document


def referral_case_id(referral: Referral) -> Any:
    """The case a submitted referral opened, read fresh (the submit service creates it)."""
    return Referral.objects.values_list("case_id", flat=True).get(pk=referral.pk)
