"""Reads for the outcome pages: a fixed number of queries however many actions, learning points and evidence.

Evidence that cites a chronology entry is shown only to those who may see the entry
(chronology.selectors.visible_entries), so a restricted entry never shows through the outcome either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from safeguarding_reviews.actions.models import CaseAction
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.chronology.models import ChronologyEntry, DatePrecision
from safeguarding_reviews.chronology.ordering import ORDER_BY
from safeguarding_reviews.chronology.selectors import visible_entries
from safeguarding_reviews.rapid_review.models import RETURN_SECTIONS, AgencyReturn, RequestStatus

from .completeness import OutcomeFacts
from .criteria import ALL_CRITERIA
from .models import LearningPoint, OutcomeEvidence, PracticeTheme, RapidReviewOutcome

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

# Returns that may be cited: what the agency has submitted (the business unit may still accept it).
CITABLE_RETURN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.ACCEPTED)
SECTION_LABELS = dict(RETURN_SECTIONS)


def answer_field(code: str) -> str:
    """The outcome field holding the answer to criterion `code` (its reason is this name + "_reason")."""
    return f"reg11_{code}" if len(code) == 1 else code


# Every criterion code of every version: an outcome holds a field pair for each, and answers only those of
# its own version (criteria.criteria_for).
ASSESSMENT_CODES = tuple(c.code for c in ALL_CRITERIA)


def outcome_for_case(case: Case) -> RapidReviewOutcome | None:
    outcome = (
        RapidReviewOutcome.objects.filter(case=case)
        .prefetch_related(
            Prefetch("immediate_actions", queryset=CaseAction.objects.select_related("owner_agency")),
            Prefetch("learning_points", queryset=LearningPoint.objects.prefetch_related("themes")),
            Prefetch(
                "evidence",
                queryset=OutcomeEvidence.objects.select_related(
                    "chronology_entry__agency", "agency_return__request__agency"
                ),
            ),
        )
        .first()
    )
    if outcome is not None:
        outcome.case = case
    return outcome


def answers(outcome: RapidReviewOutcome) -> dict[str, tuple[str, str]]:
    result = {}
    for code in ASSESSMENT_CODES:
        name = answer_field(code)
        result[code] = (getattr(outcome, name), getattr(outcome, f"{name}_reason"))
    return result


def outcome_facts(outcome: RapidReviewOutcome) -> OutcomeFacts:
    """What the completeness rule needs, from an outcome loaded by outcome_for_case (no extra queries)."""
    actions = list(outcome.immediate_actions.all())
    return OutcomeFacts(
        facts_summary=outcome.facts_summary,
        lived_context=outcome.lived_context,
        answers=answers(outcome),
        decision=outcome.decision,
        other_learning_review=outcome.other_learning_review,
        national_review_appropriate=outcome.national_review_appropriate,
        national_review_reason=outcome.national_review_reason,
        rationale=outcome.rationale,
        learning_points=len(outcome.learning_points.all()),
        immediate_actions=len(actions),
        criteria_version=outcome.criteria_version,
        actions_missing_safety_check=sum(1 for a in actions if not a.other_children_safe),
    )


@dataclass(frozen=True)
class EvidenceItem:
    pk: int
    kind: str  # "entry" or "return"
    source: str  # agency and where it comes from
    excerpt: str
    note: str


def visible_evidence(outcome: RapidReviewOutcome, user: User) -> list[EvidenceItem]:
    """The outcome's evidence the user may see, in the order it was cited (one query beyond the prefetch)."""
    rows = list(outcome.evidence.all())
    # Always one query (a subquery, never a literal id list that Django skips when empty), so the page's
    # query count does not depend on what has been cited.
    cited = OutcomeEvidence.objects.filter(outcome=outcome, chronology_entry__isnull=False)
    allowed = set(
        visible_entries(user, outcome.case)
        .filter(pk__in=cited.values("chronology_entry_id"))
        .values_list("pk", flat=True)
    )
    items = []
    for row in rows:
        if row.chronology_entry_id:
            if row.chronology_entry_id not in allowed:
                continue
            entry = row.chronology_entry
            assert entry is not None
            items.append(
                EvidenceItem(
                    pk=row.pk,
                    kind="entry",
                    source=f"{entry.agency.name} chronology, {entry_date_label(entry)}",
                    excerpt=entry.what_happened,
                    note=row.note,
                )
            )
        else:
            agency_return = row.agency_return
            assert agency_return is not None
            items.append(
                EvidenceItem(
                    pk=row.pk,
                    kind="return",
                    source=(
                        f"{agency_return.request.agency.name} return: "
                        f"{SECTION_LABELS.get(row.return_section, row.return_section)}"
                    ),
                    excerpt=getattr(agency_return, row.return_section, ""),
                    note=row.note,
                )
            )
    return items


def entry_date_label(entry: ChronologyEntry) -> str:
    if entry.date_precision == DatePrecision.MONTH:
        return entry.date.strftime("%B %Y")
    label = entry.date.strftime("%-d %B %Y")
    return f"about {label}" if entry.date_precision == DatePrecision.APPROXIMATE else label


def citable_entries(case: Case, user: User) -> list[tuple[int, str]]:
    """Key-episode entries the user may see, in merge order, as (id, label) choices."""
    entries = (
        visible_entries(user, case).filter(is_key_episode=True).select_related("agency").order_by(*ORDER_BY)
    )
    return [(e.pk, f"{entry_date_label(e)}, {e.agency.name}: {_shorten(e.what_happened)}") for e in entries]


def citable_sections(case: Case) -> list[tuple[str, str]]:
    """Non-empty sections of submitted or accepted returns, as ("<return id>:<section>", label) choices."""
    returns = (
        AgencyReturn.objects.filter(request__case=case, request__status__in=CITABLE_RETURN_STATUSES)
        .select_related("request__agency")
        .order_by("request__agency__name", "pk")
    )
    choices = []
    for agency_return in returns:
        for name, label in RETURN_SECTIONS:
            text = getattr(agency_return, name)
            if text.strip():
                choices.append(
                    (
                        f"{agency_return.pk}:{name}",
                        f"{agency_return.request.agency.name}: {label}: {_shorten(text)}",
                    )
                )
    return choices


def active_themes() -> list[PracticeTheme]:
    return list(PracticeTheme.objects.filter(is_active=True))


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def section_draft_open(*, user: User, case_id: Any, section: str) -> Any:
    """drafts.registry opener for an outcome section page: whoever may write the outcome, once started."""
    from django.http import Http404

    from safeguarding_reviews.drafts.registry import OpenForm

    from .completeness import FIELD_SECTIONS
    from .policies import OutcomeAction, outcome_case_get

    if section not in FIELD_SECTIONS:
        raise Http404("No such section")
    case = outcome_case_get(user=user, case_id=case_id, action=OutcomeAction.WRITE)
    outcome = RapidReviewOutcome.objects.filter(case=case).only("pk", "version").first()
    if outcome is None:
        raise Http404("The outcome has not been started")
    return OpenForm(case=case, partnership=case.lead_partnership, version=outcome.version)


def outcome_version_of(case: Case) -> RapidReviewOutcome | None:
    """Only the outcome's id and version: enough to say which version a report was made from."""
    return RapidReviewOutcome.objects.filter(case=case).only("pk", "version", "case_id").first()
