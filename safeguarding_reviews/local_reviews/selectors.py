"""Reads of a local review: each costs a fixed number of queries however many versions, targets or progress
reviews there are. `terms_current_for_signing` is the interface for generic sign-off (issue 13 item 2)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.organisations.selectors import active_agencies_of_partnership
from safeguarding_reviews.parallel_processes.selectors import active_blocks
from safeguarding_reviews.working_days.selectors import local_non_working_days

from . import plan
from .models import (
    FamilyContact,
    InformationRequest,
    LocalReview,
    Methodology,
    PlanTarget,
    ProgressReview,
    ReviewMethod,
    TermsOfReference,
)
from .steps import ReviewState

TERMS_CONTENT_FIELDS = (
    "scope_from",
    "scope_to",
    "lines_of_enquiry",
    "agency_ids",
    "child_perspective",
    "family_context",
    "proportionality",
    "parallel_processes",
)


def review_for_case(case: Case) -> LocalReview | None:
    return LocalReview.objects.filter(case=case).first()


def targets_of(review: LocalReview) -> list[PlanTarget]:
    rows = list(PlanTarget.objects.filter(review=review))
    return sorted(rows, key=lambda row: plan.ORDER.index(row.target) if row.target in plan.ORDER else 99)


def target_get(review: LocalReview, target_id: int) -> PlanTarget | None:
    return PlanTarget.objects.filter(review=review, pk=target_id).first()


def target_by_code(review: LocalReview, code: str) -> PlanTarget | None:
    return PlanTarget.objects.filter(review=review, target=code).first()


@dataclass(frozen=True)
class TargetRow:
    target: PlanTarget
    label: str
    rag: plan.Rag
    # Why marking it achieved is refused now (a constraint, or a step before it), for the task list.
    blocked: str | None = None


def target_rows(review: LocalReview, targets: list[PlanTarget] | None = None) -> list[TargetRow]:
    """The plan's targets in plan order, each with its RAG today on the partnership's working days."""
    rows = targets if targets is not None else targets_of(review)
    today = clock.today()
    non_working = local_non_working_days(review.case.lead_partnership)
    return [
        TargetRow(
            target=row,
            label=plan.Target(row.target).label,
            rag=plan.rag(
                due_on=row.due_on, achieved_on=row.achieved_on, today=today, non_working=non_working
            ),
        )
        for row in rows
    ]


def terms_versions(review: LocalReview) -> list[TermsOfReference]:
    return list(
        TermsOfReference.objects.filter(review=review).select_related("agreement").order_by("version")
    )


def terms_current(review: LocalReview) -> TermsOfReference | None:
    return (
        TermsOfReference.objects.filter(review=review)
        .select_related("agreement")
        .order_by("-version")
        .first()
    )


def terms_version_get(review: LocalReview, number: int) -> TermsOfReference | None:
    return TermsOfReference.objects.filter(review=review, version=number).select_related("agreement").first()


def terms_agreed(terms: TermsOfReference | None) -> bool:
    return terms is not None and hasattr(terms, "agreement")


def agency_names(case: Case) -> dict[int, str]:
    return dict(active_agencies_of_partnership(case.lead_partnership_id).values_list("pk", "name"))


def terms_canonical(terms: TermsOfReference) -> bytes:
    """The content of one version as canonical JSON (sorted keys, ISO dates, no whitespace): what a
    signature is against."""
    content: dict[str, Any] = {}
    for name in TERMS_CONTENT_FIELDS:
        value = getattr(terms, name)
        content[name] = value.isoformat() if isinstance(value, dt.date) else value
    content["version"] = terms.version
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def terms_current_for_signing(case: Case) -> tuple[int, int, str, list[int]] | None:
    """For generic sign-off (signoffs, wired by the lead): the current terms of reference of the case's
    review as (terms id, version, sha256 of its canonical content, the user ids who drafted it, so they
    may not sign it), or None when there is no review or no terms yet."""
    review = review_for_case(case)
    if review is None:
        return None
    current = terms_current(review)
    if current is None:
        return None
    drafters = sorted(
        set(TermsOfReference.objects.filter(review=review).values_list("created_by_id", flat=True))
    )
    return current.pk, current.version, hashlib.sha256(terms_canonical(current)).hexdigest(), drafters


def methodology_of(review: LocalReview) -> Methodology | None:
    return Methodology.objects.filter(review=review).select_related("method").first()


def methods_listed(partnership_id: int) -> list[ReviewMethod]:
    """The review methods page: the national list first, then the partnership's own; retired ones included.
    One query."""
    return list(
        ReviewMethod.objects.filter(Q(partnership=None) | Q(partnership_id=partnership_id)).order_by(
            F("partnership_id").asc(nulls_first=True), "sort_order", "label", "pk"
        )
    )


def method_choices(partnership_id: int, current_id: int | None = None) -> QuerySet[ReviewMethod]:
    """The methods a review of the partnership may choose (methods.choice_refusal): the active national ones
    and its own active ones, and the one its methodology already uses even if it was retired since."""
    visible = Q(is_active=True) | Q(pk=current_id) if current_id else Q(is_active=True)
    return (
        ReviewMethod.objects.filter(Q(partnership=None) | Q(partnership_id=partnership_id))
        .filter(visible)
        .order_by(F("partnership_id").asc(nulls_first=True), "sort_order", "label", "pk")
    )


def listed_method(partnership_id: int, method_id: int) -> ReviewMethod | None:
    """A method on the partnership's list (national or its own), its partnership loaded; None otherwise."""
    return (
        ReviewMethod.objects.filter(Q(partnership=None) | Q(partnership_id=partnership_id), pk=method_id)
        .select_related("partnership")
        .first()
    )


def national_method(code: str) -> ReviewMethod:
    """The active method of the national list with this code (tests and the demo choose by code)."""
    return ReviewMethod.objects.get(partnership=None, is_active=True, code=code)


def progress_reviews_of(review: LocalReview) -> QuerySet[ProgressReview]:
    return ProgressReview.objects.filter(review=review).order_by("-held_on", "-pk")


def family_contacts_of(review: LocalReview) -> QuerySet[FamilyContact]:
    return FamilyContact.objects.filter(review=review).order_by("-contacted_on", "-pk")


def review_state(
    review: LocalReview,
    *,
    targets: list[PlanTarget] | None = None,
    terms: TermsOfReference | None = None,
    methodology: Methodology | None = None,
    blocks: dict[str, tuple[str, ...]] | None = None,
    load: bool = True,
) -> ReviewState:
    """The state steps.refusal rules on. Pass what the caller already loaded (load=False: use as given)."""
    if load:
        targets = targets if targets is not None else targets_of(review)
        terms = terms if terms is not None else terms_current(review)
        methodology = methodology if methodology is not None else methodology_of(review)
        blocks = blocks if blocks is not None else active_blocks(review.case)
    achieved = {t.target for t in targets or [] if t.achieved_on is not None}
    return ReviewState(
        closed=review.case.stage == Stage.CLOSED,
        has_terms=terms is not None,
        terms_agreed=terms_agreed(terms),
        has_methodology=methodology is not None,
        methodology_agreed=methodology is not None and methodology.agreed,
        final_report_done=plan.Target.FINAL_REPORT in achieved,
        signed_off=plan.Target.SIGN_OFF in achieved,
        blocks=blocks or {},
    )


def next_targets_for_cases(case_ids: list[Any]) -> dict[Any, PlanTarget]:
    """For the dashboard: each case's next open local-review target (one query for any number of cases)."""
    rows = (
        PlanTarget.objects.filter(review__case_id__in=case_ids, achieved_on__isnull=True)
        .select_related("review")
        .order_by("due_on", "pk")
    )
    result: dict[Any, PlanTarget] = {}
    for row in rows:
        result.setdefault(row.review.case_id, row)
    return result


# Written requests for information or drafts.


@dataclass(frozen=True)
class InformationRow:
    request: InformationRequest
    recipient: str
    state: str  # rapid_review.request_time state code (the RAG)
    state_label: str
    state_tag: str


def recipient_label(request: InformationRequest) -> str:
    if request.recipient_kind == "reviewer":
        who = request.recipient.full_name if request.recipient else "The independent reviewer"
        return f"{who} (independent reviewer)"
    who = request.recipient.full_name if request.recipient else "A new person (invited, not yet joined)"
    return f"{who}, {request.agency.name}" if request.agency else who


def information_rows(review: LocalReview) -> list[InformationRow]:
    """Every request of the review with its recipient and RAG today (the rapid review's request clock on
    the partnership's local calendar): a fixed number of queries however many requests there are."""
    from safeguarding_reviews.clocks.selectors import clock_settings_for
    from safeguarding_reviews.rapid_review.request_time import request_state, state_label, state_tag_class

    from .information import clock_status

    rows = list(
        InformationRequest.objects.filter(review=review)
        .select_related("agency", "recipient")
        .order_by("due_on", "pk")
    )
    if not rows:
        return []
    today = clock.today()
    partnership = review.case.lead_partnership
    non_working = local_non_working_days(partnership)
    due_soon_days = clock_settings_for(partnership).reminder_lead_working_days
    result = []
    for row in rows:
        state = request_state(
            status=clock_status(row.status),
            due_on=row.due_on,
            today=today,
            non_working=non_working,
            due_soon_days=due_soon_days,
            submitted_on=clock.london(row.answered_at).date() if row.answered_at else None,
        )
        result.append(
            InformationRow(row, recipient_label(row), state, state_label(state), state_tag_class(state))
        )
    return result


def information_status(review: LocalReview) -> tuple[str, int]:
    """The task list's row: information.row_status over the review's requests (one query)."""
    from .information import row_status

    pairs = InformationRequest.objects.filter(review=review).values_list("status", "due_on")
    return row_status(list(pairs), today=clock.today())
