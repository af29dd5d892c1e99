"""Reads for the requests pages. The list costs a fixed number of queries however many requests there are."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.organisations.models import Agency, Membership

from .models import AgencyRequest


def requests_for_case(case: Case) -> QuerySet[AgencyRequest]:
    return (
        AgencyRequest.objects.filter(case=case)
        .select_related("agency", "author")
        .order_by("agency__name", "sent_at", "pk")
    )


def active_agencies(case: Case) -> list[Agency]:
    return list(
        Agency.objects.filter(partnership_id=case.lead_partnership_id, is_active=True).order_by("name", "pk")
    )


def possible_authors(case: Case) -> list[tuple[int, str]]:
    """Existing members of the case's partnership (id, name), for naming an agency's author."""
    return list(
        Membership.objects.filter(partnership_id=case.lead_partnership_id, ended_at__isnull=True)
        .order_by("user__full_name", "user_id")
        .values_list("user_id", "user__full_name")
    )


def suggested_agency_ids(case: Case) -> list[int]:
    """The agencies the referral said were involved (none if the case has no referral)."""
    from safeguarding_reviews.referrals.models import Referral

    found: Any = Referral.objects.filter(case=case).values_list("agencies_involved", flat=True).first()
    ids: list[int] = []
    for value in found or []:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids
