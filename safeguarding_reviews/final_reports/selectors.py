"""Reads of a case's final report record. Each costs a fixed number of queries however many findings and
recommendations there are. `signing_version` is the interface for signoffs (wiring.py); `task_row` is the
local review's task list row."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.organisations.selectors import active_agencies_of_partnership
from safeguarding_reviews.outcomes.models import PracticeTheme
from safeguarding_reviews.report_drafts.models import ReportDraft
from safeguarding_reviews.signoffs import signable
from safeguarding_reviews.signoffs.selectors import document_signoff_state

from . import rules
from .models import FinalReport, Finding, Recommendation, RecommendationSource

KIND = "final_report"


def report_for_case(case: Case) -> FinalReport | None:
    """The case's record with its final draft (and the draft's document), or None. One query."""
    report = (
        FinalReport.objects.filter(case=case).select_related("final_draft", "final_draft__document").first()
    )
    if report is not None:
        report.case = case
    return report


def findings_of(report: FinalReport | None) -> list[Finding]:
    if report is None:
        return []
    return list(Finding.objects.filter(report=report).order_by("number", "pk"))


def recommendations_of(report: FinalReport | None) -> list[Recommendation]:
    """With their finding, agencies and themes. Three queries."""
    if report is None:
        return []
    return list(
        Recommendation.objects.filter(report=report)
        .select_related("finding")
        .prefetch_related(
            Prefetch("agencies", queryset=Agency.objects.order_by("name", "pk")),
            Prefetch("themes", queryset=PracticeTheme.objects.order_by("sort_order", "label", "pk")),
        )
        .order_by("number", "pk")
    )


def case_drafts(case: Case) -> list[ReportDraft]:
    """The case's report drafts, newest first. One query."""
    return list(ReportDraft.objects.filter(case=case).order_by("-version"))


def draft_choices(case: Case) -> list[tuple[int, str]]:
    return [
        (d.pk, f"Version {d.version}{' (latest)' if i == 0 else ''}") for i, d in enumerate(case_drafts(case))
    ]


def latest_draft_id(case: Case) -> int | None:
    return ReportDraft.objects.filter(case=case).order_by("-version").values_list("pk", flat=True).first()


def agency_choices(case: Case, *, keep: list[Agency] | None = None) -> list[tuple[int, str]]:
    """(id, name) of the lead partnership's active agencies, plus those a recommendation already names."""
    choices = list(active_agencies_of_partnership(case.lead_partnership_id).values_list("pk", "name"))
    known = {pk for pk, _ in choices}
    choices += [(a.pk, a.name) for a in keep or [] if a.pk not in known]
    return choices


def theme_choices(*, keep: list[PracticeTheme] | None = None) -> list[tuple[int, str]]:
    """(id, label) of the active practice themes, plus retired ones a recommendation already carries."""
    choices = list(PracticeTheme.objects.filter(is_active=True).values_list("pk", "label"))
    known = {pk for pk, _ in choices}
    choices += [(t.pk, t.label) for t in keep or [] if t.pk not in known]
    return choices


def recommendation_gaps(recommendation: Recommendation) -> list[str]:
    """Uses the prefetched agencies and themes."""
    return rules.recommendation_gaps(
        agency_scope=recommendation.agency_scope,
        agency_count=len(recommendation.agencies.all()),
        due_on=recommendation.due_on,
        expected_difference=recommendation.expected_difference,
        theme_count=len(recommendation.themes.all()),
    )


def report_facts(
    report: FinalReport, findings: list[Finding], recommendations: list[Recommendation]
) -> rules.ReportFacts:
    incomplete = []
    for r in recommendations:
        gaps = recommendation_gaps(r)
        if gaps:
            incomplete.append((r.number, tuple(gaps)))
    from_report = sum(1 for r in recommendations if r.source == RecommendationSource.REPORT)
    return rules.ReportFacts(
        status=report.status,
        has_final_draft=report.final_draft_id is not None,
        improvements_summary=report.improvements_summary,
        systemic_analysis=report.systemic_analysis,
        partners_response=report.partners_response,
        finding_count=len(findings),
        report_recommendation_count=from_report,
        response_recommendation_count=len(recommendations) - from_report,
        incomplete=tuple(incomplete),
    )


def canonical(report: FinalReport, findings: list[Finding], recommendations: list[Recommendation]) -> bytes:
    """The record as signed: the final draft (id, version, checksum), the texts, the findings and the
    recommendations, in a fixed order and encoding. Any change to any of them changes these bytes."""
    draft = report.final_draft
    content: dict[str, Any] = {
        "final_draft": {"id": draft.pk, "version": draft.version, "sha256": draft.sha256} if draft else None,
        "improvements_summary": report.improvements_summary,
        "systemic_analysis": report.systemic_analysis,
        "partners_response": report.partners_response,
        "findings": [{"id": f.pk, "number": f.number, "text": f.text} for f in findings],
        "recommendations": [
            {
                "id": r.pk,
                "number": r.number,
                "finding_id": r.finding_id,
                "source": r.source,
                "required": r.required,
                "agency_scope": r.agency_scope,
                "agency_ids": sorted(a.pk for a in r.agencies.all()),
                "due_on": r.due_on.isoformat() if r.due_on else None,
                "expected_difference": r.expected_difference,
                "theme_ids": sorted(t.pk for t in r.themes.all()),
            }
            for r in recommendations
        ],
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class SigningVersion:
    report_id: int
    version: int
    sha256: str
    drafted_by: frozenset[int]
    draft: ReportDraft | None = field(default=None, compare=False)


def signing_version(case: Case) -> SigningVersion | None:
    """The record as the partners sign it, once submitted (None while in preparation or before it exists):
    its version, the sha256 of its canonical content (the final draft's checksum included), and everyone
    who wrote it or uploaded a draft of the report (they may not sign it). Six queries; records no read."""
    report = report_for_case(case)
    if report is None or report.status == rules.IN_PREPARATION:
        return None
    findings = findings_of(report)
    recommendations = recommendations_of(report)
    uploaders = set(ReportDraft.objects.filter(case=case).values_list("uploaded_by_id", flat=True))
    return SigningVersion(
        report_id=report.pk,
        version=report.version,
        sha256=hashlib.sha256(canonical(report, findings, recommendations)).hexdigest(),
        drafted_by=frozenset({report.created_by_id, *report.written_by, *uploaders}),
        draft=report.final_draft,
    )


def task_row(case: Case) -> dict[str, Any]:
    """For the local review's task list: status (not_started, in_progress, submitted), counts, and once
    submitted the record's shown status (rules.shown_status: signed off, signed with disagreement, or
    submitted). A fixed number of queries."""
    report = FinalReport.objects.filter(case=case).values("pk", "status").first()
    if report is None:
        return {"status": "not_started", "findings": 0, "recommendations": 0}
    row: dict[str, Any] = {
        "status": "submitted" if report["status"] == rules.SUBMITTED else "in_progress",
        "findings": Finding.objects.filter(report_id=report["pk"]).count(),
        "recommendations": Recommendation.objects.filter(report_id=report["pk"]).count(),
    }
    if row["status"] == "submitted":
        state = document_signoff_state(case=case, kind=signable.get(KIND))
        signed = state.current is not None
        row["label"], row["colour"] = rules.shown_status(
            status=rules.SUBMITTED,
            signed_off=signed and state.signed_off,
            signoffs_complete=signed and state.complete,
        )
    return row
