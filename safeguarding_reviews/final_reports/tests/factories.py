"""Test data for the final report: a draft of the report (the report_drafts app's upload service is not
there yet, so the row is made directly over a stored document) and a record ready for sign-off."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding_reviews.core import clock
from safeguarding_reviews.documents.services import document_store
from safeguarding_reviews.final_reports import rules, services
from safeguarding_reviews.final_reports.models import FinalReport
from safeguarding_reviews.report_drafts.models import ReportDraft

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_draft(world: Any, *, version: int = 1, by: str = "independent_reviewer") -> ReportDraft:
    user = world.people[by]
    document = document_store(
        actor=user,
        case=world.case,
        uploaded_file=SimpleUploadedFile(f"draft-v{version}.pdf", PDF + str(version).encode()),
        purpose="report_draft",
        partnership=world.case.lead_partnership,
    )
    return ReportDraft.objects.create(
        case=world.case,
        version=version,
        document=document,
        sha256=document.sha256,
        note="Synthetic draft.",
        uploaded_by=user,
        uploaded_at=clock.now(),
    )


def a_theme_id() -> int:
    from tests.outcome_data import a_theme

    return a_theme().pk


def recommendation_values(world: Any, **changes: Any) -> rules.RecommendationFields:
    """A complete recommendation of the report, for one named agency, with `changes`."""
    complete = rules.RecommendationFields(
        required="Audit how referrals about unseen babies are triaged",
        agency_scope="agencies",
        agency_ids=(world.agency.pk,),
        due_on=clock.today() + dt.timedelta(days=90),
        expected_difference="Babies at risk are seen within a week of a referral",
        theme_ids=(a_theme_id(),),
    )
    return replace(complete, **changes)


def ready_report(world: Any, *, by: str = "independent_reviewer", recommendations: int = 1) -> FinalReport:
    """A record with a final draft, both summaries, two findings and complete recommendations."""
    actor = world.people[by]
    draft = make_draft(world)
    report = services.summary_save(
        actor=actor,
        case=world.case,
        expected_version=None,
        final_draft_id=draft.pk,
        improvements_summary="Earlier multi-agency discussion of unseen babies.",
        systemic_analysis="Thresholds were read differently by each agency.",
    )
    for text in ("Health visiting did not escalate missed contacts.", "No strategy discussion was held."):
        report = services.finding_add(
            actor=actor, case=world.case, expected_version=report.version, text=text
        )
    for _ in range(recommendations):
        report = services.recommendation_add(
            actor=actor, case=world.case, expected_version=report.version, fields=recommendation_values(world)
        )
    return report
