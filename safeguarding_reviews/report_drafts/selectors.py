"""Reads of a case's report drafts, their comments and factual-accuracy requests. Each a fixed number of
queries, however many versions or comments. The callers have checked the policy (policies.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.organisations.models import Agency, MembershipRole
from safeguarding_reviews.organisations.roles import AGENCY_ROLES
from safeguarding_reviews.organisations.selectors import active_agencies_of_partnership

from . import rules
from .models import DraftComment, FactualAccuracyRequest, ReportDraft, Response


def versions_of(case: Case) -> list[ReportDraft]:
    """The case's drafts, newest first, each with its document, uploader, `comment_count` and `awaiting_count`
    (comments still awaiting the reviewer's response). One query."""
    return list(
        ReportDraft.objects.filter(case=case)
        .select_related("document", "uploaded_by")
        .annotate(
            comment_count=Count("comments"),
            awaiting_count=Count("comments", filter=Q(comments__response=Response.AWAITING)),
        )
        .order_by("-version")
    )


def latest_version(case: Case) -> int:
    """The case's latest draft version, 0 if none. One query."""
    return (
        ReportDraft.objects.filter(case=case).order_by("-version").values_list("version", flat=True).first()
        or 0
    )


def draft_get(case: Case, version: int) -> ReportDraft | None:
    draft = (
        ReportDraft.objects.filter(case=case, version=version)
        .select_related("document", "uploaded_by")
        .first()
    )
    if draft is not None:
        draft.case = case
    return draft


def version_choices(case_id: Any) -> list[tuple[int, str]]:
    """(draft id, "Version n (uploaded <date>)") for a select of the case's versions, newest first (the
    practitioners' "saw the draft"). The caller has checked the user may see the case."""
    return [
        (pk, f"Version {version} (uploaded {uploaded_at:%d/%m/%Y})")
        for pk, version, uploaded_at in ReportDraft.objects.filter(case_id=case_id)
        .order_by("-version")
        .values_list("pk", "version", "uploaded_at")
    ]


def draft_in_case(case: Case, draft_id: int) -> bool:
    return ReportDraft.objects.filter(case=case, pk=draft_id).exists()


def comments_of(draft: ReportDraft) -> list[DraftComment]:
    """The version's comments, oldest first, with their authors, the responder and, for a factual
    correction, its request's agency. One query."""
    return list(
        DraftComment.objects.filter(draft=draft)
        .select_related("author", "responded_by", "factual_request__agency")
        .order_by("pk")
    )


def comment_get(draft: ReportDraft, comment_id: int) -> DraftComment | None:
    comment = DraftComment.objects.filter(draft=draft, pk=comment_id).select_related("author").first()
    if comment is not None:
        comment.draft = draft
    return comment


@dataclass(frozen=True)
class FactualRow:
    request: FactualAccuracyRequest
    status: str
    status_label: str


def _row(request: FactualAccuracyRequest, today: dt.date) -> FactualRow:
    status = rules.factual_status(status=request.status, due_on=request.due_on, today=today)
    return FactualRow(request=request, status=status, status_label=rules.STATUS_LABELS[status])


def factual_rows(draft: ReportDraft, *, today: dt.date) -> list[FactualRow]:
    """The version's factual-accuracy requests with their derived status. One query."""
    requests = FactualAccuracyRequest.objects.filter(draft=draft).select_related("agency", "recipient")
    return [_row(request, today) for request in requests.order_by("due_on", "pk")]


def factual_row(request: FactualAccuracyRequest, *, today: dt.date) -> FactualRow:
    return _row(request, today)


def corrections_of(request: FactualAccuracyRequest) -> list[DraftComment]:
    return list(DraftComment.objects.filter(factual_request=request).order_by("pk"))


def agency_choices(case: Case) -> list[tuple[int, str]]:
    return list(active_agencies_of_partnership(case.lead_partnership_id).values_list("pk", "name"))


def agency_people(case: Case) -> list[tuple[Any, Agency]]:
    """(person, agency) for each active member of the case's partnership with an agency role there (the
    people a factual-accuracy request may go to), by agency and name. One query."""
    rows = (
        MembershipRole.objects.filter(
            membership__partnership_id=case.lead_partnership_id,
            membership__ended_at__isnull=True,
            membership__user__is_active=True,
            role__in=list(AGENCY_ROLES),
            agency__isnull=False,
            agency__is_active=True,
        )
        .select_related("membership__user", "agency")
        .order_by("agency__name", "membership__user__full_name", "pk")
    )
    seen: dict[tuple[int, int], tuple[Any, Agency]] = {}
    for row in rows:
        assert row.agency is not None
        seen.setdefault((row.membership.user_id, row.agency.pk), (row.membership.user, row.agency))
    return list(seen.values())


def task_row(case: Case) -> tuple[int, int]:
    """(latest version, comments on it awaiting the reviewer's response) for local_reviews' task list: one
    query."""
    latest = (
        ReportDraft.objects.filter(case=case)
        .annotate(awaiting=Count("comments", filter=Q(comments__response=Response.AWAITING)))
        .order_by("-version")
        .values_list("version", "awaiting")
        .first()
    )
    return latest if latest is not None else (0, 0)
