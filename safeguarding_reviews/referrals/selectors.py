"""Reads of referrals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.organisations.models import Agency

from .models import Referral

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User


def referrals_by_author(user: User) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(created_by=user)
        .select_related("agency", "case")
        .order_by("status", "-created_at")
    )


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
