"""Writes to a case's final report record. Keyword-only; each checks the policy, owns its transaction and
records one audit event with ids, choices and field names only (never the text written).

Every change goes through `_change`: it locks the case, makes the record on its first write, refuses a stale
`expected_version` (StaleVersionError, the conflict audited), refuses a record the three partners have signed
off or a closed case, applies the change, makes a new version of the record (back to "in preparation": the
business unit submits the changed record again) and supersedes the partners' standing sign-offs of the
version before (signoffs.services.document_signoffs_supersede), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.services import case_lock
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.versioning import StaleVersionError, update_versioned
from safeguarding_reviews.organisations.models import Agency
from safeguarding_reviews.outcomes.models import PracticeTheme
from safeguarding_reviews.report_drafts.models import ReportDraft
from safeguarding_reviews.signoffs.selectors import document_signed_off
from safeguarding_reviews.signoffs.services import document_ready_for_signoff, document_signoffs_supersede

from . import rules, selectors
from .models import (
    AgencyScope,
    FinalReport,
    Finding,
    Recommendation,
    RecommendationSource,
    ReportStatus,
)
from .policies import REFUSALS, ReportAction, may
from .signals import final_report_reopened, final_report_submitted

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

KIND = selectors.KIND
# (changes to the FinalReport row, audit data): what a change returns to _change.
Applied = tuple[dict[str, Any], dict[str, Any]]


def _check(actor: User, case: Case, action: ReportAction) -> None:
    if not may(actor, action, case):
        raise PermissionDenied(REFUSALS[action])
    if case.stage == Stage.CLOSED:
        raise ValidationError(rules.change_refusal(signed_off=False, case_closed=True) or "")


def _signed_off(case: Case, report: FinalReport) -> bool:
    return report.status == ReportStatus.SUBMITTED and document_signed_off(case=case, kind=KIND)


def _change(
    actor: User,
    case: Case,
    expected_version: int | None,
    action: ReportAction,
    part: str,
    apply: Callable[[FinalReport], Applied],
) -> FinalReport:
    _check(actor, case, action)
    report: FinalReport | None = None
    try:
        with transaction.atomic(durable=True):
            case_lock(case=case)
            report = FinalReport.objects.filter(case=case).first()
            now = clock.now()
            if report is None:
                # The final draft is the case's latest by default (summary_save may choose another).
                report = FinalReport.objects.create(
                    case=case,
                    final_draft_id=selectors.latest_draft_id(case),
                    created_by=actor,
                    created_at=now,
                    updated_at=now,
                    written_by=[actor.pk],
                )
                expected_version = report.version
            elif expected_version is None:
                raise StaleVersionError(current=report)
            report.case = case
            reason = rules.change_refusal(signed_off=_signed_off(case, report), case_closed=False)
            if reason:
                raise ValidationError(reason)
            changes, data = apply(report)
            changes |= {
                "updated_at": now,
                "written_by": sorted({*report.written_by, actor.pk}),
                "status": ReportStatus.IN_PREPARATION,
                "submitted_at": None,
                "submitted_by": None,
            }
            was_submitted = report.status == ReportStatus.SUBMITTED
            report = update_versioned(report, expected_version=expected_version, changes=changes)
            superseded = document_signoffs_supersede(
                case=case, kind=KIND, document_id=report.pk, because="new_version", actor=actor
            )
            record_event(
                event_type=EventType.FINAL_REPORT_SAVED,
                actor=actor,
                case=case,
                target=report,
                data={
                    "report_id": report.pk,
                    "part": part,
                    **data,
                    "version": report.version,
                    "withdrawn_from_signoff": was_submitted,
                    "signoffs_superseded": superseded,
                },
            )
            if was_submitted:
                final_report_reopened.send(sender=FinalReport, case=case, report=report, actor=actor)
    except StaleVersionError as exc:
        with transaction.atomic(durable=True):
            record_event(
                event_type=EventType.FINAL_REPORT_CONFLICT,
                actor=actor,
                case=case,
                target=exc.current,
                data={"report_id": exc.current.pk, "part": part, "expected_version": expected_version},
            )
        raise
    report.case = case
    return report


def _changed(current: Any, values: dict[str, Any]) -> list[str]:
    return sorted(name for name, value in values.items() if getattr(current, name) != value)


def summary_save(
    *,
    actor: User,
    case: Case,
    expected_version: int | None,
    final_draft_id: int | None,
    improvements_summary: str,
    systemic_analysis: str,
) -> FinalReport:
    """The reviewer or the business unit records the final draft (one of the case's drafts) and the two
    summaries. Makes the record on the first save (`expected_version` None)."""
    if final_draft_id is not None and not ReportDraft.objects.filter(case=case, pk=final_draft_id).exists():
        raise ValidationError({"final_draft": "Select a draft of this review's report"})
    values = {
        "final_draft_id": final_draft_id,
        "improvements_summary": improvements_summary.strip(),
        "systemic_analysis": systemic_analysis.strip(),
    }

    def apply(report: FinalReport) -> Applied:
        return values, {"fields": _changed(report, values), "final_draft_id": final_draft_id}

    return _change(actor, case, expected_version, ReportAction.WRITE, "summary", apply)


def response_save(
    *, actor: User, case: Case, expected_version: int | None, partners_response: str
) -> FinalReport:
    """The business unit records the partners' response to the findings, on the partners' behalf."""
    values = {"partners_response": partners_response.strip()}

    def apply(report: FinalReport) -> Applied:
        return values, {"fields": _changed(report, values)}

    return _change(actor, case, expected_version, ReportAction.RESPOND, "partners_response", apply)


# Findings


def _text(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _renumber(model: type[Finding] | type[Recommendation], report: FinalReport) -> None:
    for number, pk in enumerate(
        model.objects.filter(report=report).order_by("number", "pk").values_list("pk", flat=True), start=1
    ):
        model.objects.filter(pk=pk).exclude(number=number).update(number=number)


def finding_add(*, actor: User, case: Case, expected_version: int | None, text: str) -> FinalReport:
    text = _text(text, "text", "Enter the finding")

    def apply(report: FinalReport) -> Applied:
        last = Finding.objects.filter(report=report).aggregate(last=Max("number"))["last"] or 0
        finding = Finding.objects.create(report=report, number=last + 1, text=text)
        return {}, {"change": "finding_added", "finding_id": finding.pk}

    return _change(actor, case, expected_version, ReportAction.WRITE, "finding", apply)


def _finding_of(report: FinalReport, finding_id: int) -> Finding:
    finding = Finding.objects.filter(report=report, pk=finding_id).first()
    if finding is None:
        raise ValidationError("That finding is no longer in the record")
    return finding


def finding_update(
    *, actor: User, case: Case, expected_version: int, finding_id: int, text: str
) -> FinalReport:
    text = _text(text, "text", "Enter the finding")

    def apply(report: FinalReport) -> Applied:
        finding = _finding_of(report, finding_id)
        Finding.objects.filter(pk=finding.pk).update(text=text)
        return {}, {"change": "finding_updated", "finding_id": finding.pk}

    return _change(actor, case, expected_version, ReportAction.WRITE, "finding", apply)


def finding_remove(*, actor: User, case: Case, expected_version: int, finding_id: int) -> FinalReport:
    """Take a finding out of the record; recommendations that answered it stay, linked to no finding."""

    def apply(report: FinalReport) -> Applied:
        finding = _finding_of(report, finding_id)
        unlinked = sorted(Recommendation.objects.filter(finding=finding).values_list("pk", flat=True))
        finding.delete()
        _renumber(Finding, report)
        return {}, {"change": "finding_removed", "finding_id": finding_id, "unlinked": unlinked}

    return _change(actor, case, expected_version, ReportAction.WRITE, "finding", apply)


# Recommendations


def _recommendation_values(
    case: Case, fields: rules.RecommendationFields, current: Recommendation | None
) -> tuple[dict[str, Any], list[int], list[int]]:
    """Checked values, agency ids and theme ids. A new agency or theme must be active (an agency of the
    lead partnership); those the recommendation already carries may stay."""
    agency_ids, theme_ids = sorted(set(fields.agency_ids)), sorted(set(fields.theme_ids))
    errors = rules.recommendation_errors(
        required=fields.required, agency_scope=fields.agency_scope, agency_count=len(agency_ids)
    )
    if fields.agency_scope not in [*AgencyScope.values, ""]:
        errors["agency_scope"] = "Choose who the recommendation is for"
    if fields.source not in RecommendationSource.values:
        errors["source"] = "Choose where the recommendation comes from"
    due_error = rules.due_on_error(
        due_on=fields.due_on, kept=current.due_on if current else None, today=clock.today()
    )
    if due_error:
        errors["due_on"] = due_error
    kept_agencies = set(current.agencies.values_list("pk", flat=True)) if current else set()
    kept_themes = set(current.themes.values_list("pk", flat=True)) if current else set()
    new_agencies = set(agency_ids) - kept_agencies
    if new_agencies and Agency.objects.filter(
        pk__in=new_agencies, partnership_id=case.lead_partnership_id, is_active=True
    ).count() != len(new_agencies):
        errors.setdefault("agencies", "Select agencies from the list")
    new_themes = set(theme_ids) - kept_themes
    if new_themes and PracticeTheme.objects.filter(pk__in=new_themes, is_active=True).count() != len(
        new_themes
    ):
        errors["themes"] = "Select practice themes from the list"
    if errors:
        raise ValidationError(errors)
    values = {
        "required": fields.required.strip(),
        "agency_scope": fields.agency_scope,
        "due_on": fields.due_on,
        "expected_difference": fields.expected_difference.strip(),
        "source": fields.source,
    }
    return values, agency_ids, theme_ids


def _action_for(source: str) -> ReportAction:
    return ReportAction.RESPOND if source == RecommendationSource.PARTNERS_RESPONSE else ReportAction.WRITE


def _finding_link(report: FinalReport, finding_id: int | None) -> int | None:
    if finding_id is not None and not Finding.objects.filter(report=report, pk=finding_id).exists():
        raise ValidationError({"finding": "Select a finding of this record"})
    return finding_id


def recommendation_add(
    *, actor: User, case: Case, expected_version: int | None, fields: rules.RecommendationFields
) -> FinalReport:
    """A recommendation of the report (the reviewer or the business unit) or of the partners' response (the
    business unit). It may be saved incomplete; sign-off needs it complete (rules.recommendation_gaps)."""
    values, agencies, themes = _recommendation_values(case, fields, None)

    def apply(report: FinalReport) -> Applied:
        last = Recommendation.objects.filter(report=report).aggregate(last=Max("number"))["last"] or 0
        recommendation = Recommendation.objects.create(
            report=report, number=last + 1, finding_id=_finding_link(report, fields.finding_id), **values
        )
        recommendation.agencies.set(agencies)
        recommendation.themes.set(themes)
        return {}, {
            "change": "recommendation_added",
            "recommendation_id": recommendation.pk,
            "source": fields.source,
            "agency_ids": agencies,
            "theme_ids": themes,
        }

    return _change(actor, case, expected_version, _action_for(fields.source), "recommendation", apply)


def _recommendation_of(report: FinalReport, recommendation_id: int) -> Recommendation:
    recommendation = Recommendation.objects.filter(report=report, pk=recommendation_id).first()
    if recommendation is None:
        raise ValidationError("That recommendation is no longer in the record")
    return recommendation


def _existing(actor: User, case: Case, recommendation_id: int) -> Recommendation:
    """The recommendation to change or remove: one of the partners' response's is the business unit's."""
    current = Recommendation.objects.filter(report__case=case, pk=recommendation_id).first()
    if current is None:
        raise ValidationError("That recommendation is no longer in the record")
    if not may(actor, _action_for(current.source), case):
        raise PermissionDenied(REFUSALS[ReportAction.RESPOND])
    return current


def recommendation_update(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    recommendation_id: int,
    fields: rules.RecommendationFields,
) -> FinalReport:
    """Change a recommendation. One that is, or becomes, the partners' response's is the business unit's."""
    current = _existing(actor, case, recommendation_id)
    values, agencies, themes = _recommendation_values(case, fields, current)

    def apply(report: FinalReport) -> Applied:
        recommendation = _recommendation_of(report, recommendation_id)
        values["finding_id"] = _finding_link(report, fields.finding_id)
        changed = _changed(recommendation, values)
        if sorted(recommendation.agencies.values_list("pk", flat=True)) != agencies:
            changed.append("agencies")
        if sorted(recommendation.themes.values_list("pk", flat=True)) != themes:
            changed.append("themes")
        Recommendation.objects.filter(pk=recommendation.pk).update(**values)
        recommendation.agencies.set(agencies)
        recommendation.themes.set(themes)
        return {}, {
            "change": "recommendation_updated",
            "recommendation_id": recommendation.pk,
            "fields": sorted(changed),
            "source": fields.source,
        }

    return _change(actor, case, expected_version, _action_for(fields.source), "recommendation", apply)


def recommendation_remove(
    *, actor: User, case: Case, expected_version: int, recommendation_id: int
) -> FinalReport:
    current = _existing(actor, case, recommendation_id)

    def apply(report: FinalReport) -> Applied:
        recommendation = _recommendation_of(report, recommendation_id)
        recommendation.delete()
        _renumber(Recommendation, report)
        return {}, {"change": "recommendation_removed", "recommendation_id": recommendation_id}

    return _change(actor, case, expected_version, _action_for(current.source), "recommendation", apply)


# Sign-off


def report_submit(*, actor: User, case: Case, expected_version: int) -> FinalReport:
    """The business unit sends the record, as it stands at `expected_version`, to the three partners for
    sign-off. Refused with the reasons (rules.readiness_reasons) unless it is ready. The version does not
    change: the partners sign this version and its checksum (signoffs, kind "final_report")."""
    _check(actor, case, ReportAction.SUBMIT)
    try:
        with transaction.atomic(durable=True):
            case_lock(case=case)
            report = FinalReport.objects.filter(case=case).select_related("final_draft").first()
            if report is None:
                raise ValidationError("There is no final report record yet")
            if report.version != expected_version:
                raise StaleVersionError(current=report)
            reasons = rules.readiness_reasons(
                selectors.report_facts(
                    report, selectors.findings_of(report), selectors.recommendations_of(report)
                )
            )
            if reasons:
                raise ValidationError(reasons)
            now = clock.now()
            FinalReport.objects.filter(pk=report.pk).update(
                status=ReportStatus.SUBMITTED, submitted_at=now, submitted_by=actor
            )
            report.refresh_from_db()
            record_event(
                event_type=EventType.FINAL_REPORT_SUBMITTED,
                actor=actor,
                case=case,
                target=report,
                data={
                    "report_id": report.pk,
                    "version": report.version,
                    "final_draft_id": report.final_draft_id,
                },
            )
            # The delegates are told it waits for them; the local review's plan hears it is done.
            document_ready_for_signoff(case=case, kind=KIND, actor=actor)
            final_report_submitted.send(sender=FinalReport, case=case, report=report, actor=actor)
    except StaleVersionError as exc:
        with transaction.atomic(durable=True):
            record_event(
                event_type=EventType.FINAL_REPORT_CONFLICT,
                actor=actor,
                case=case,
                target=exc.current,
                data={"report_id": exc.current.pk, "part": "submit", "expected_version": expected_version},
            )
        raise
    report.case = case
    return report
