"""Publication, wired into the apps below it (registered in apps.PublicationConfig.ready):

- signoffs: the signable kind `publication_decision`. The three partners' delegates sign the partners'
  decision together with the exact file it publishes (the latest version of the report for publication, or of
  the information about the improvements): `document_id` is the decision's id, `version` the decision's
  version (which moves with every change of the decision and every new version of that file), `sha256` the
  checksum of selectors.canonical (the decision, its reasons, the file's kind, version and checksum). There is
  nothing to sign while that file's latest version is not publishable (its redaction check has findings to
  resolve, or it could not be checked), so signing is refused then.
- reports: the context builder of the seven-minute briefing (kind `seven_minute_briefing`), made in Word from
  the final report record on the task worker (reports.DocumentGeneration); the partnership's template of the
  kind replaces the built-in one. The briefing names the review by its pseudonym only.

Nothing here records reads: the pages that use it record their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.final_reports.models import FinalReport
from safeguarding_reviews.final_reports.selectors import findings_of, recommendations_of
from safeguarding_reviews.reports import builders
from safeguarding_reviews.signoffs import signable

from . import rules, selectors
from .policies import PublicationAction, may

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

KIND = selectors.KIND


def decision_signable(case: Case) -> signable.SignableVersion | None:
    found = selectors.signing_version(case)
    if found is None:
        return None
    decision, file = found.decision, found.file
    return signable.SignableVersion(
        document_id=decision.pk,
        version=decision.version,
        sha256=found.sha256,
        drafted_by=found.drafted_by,
        title=f"{rules.Decision(decision.decision).label}, with version {file.version} of "
        f"{rules.FileKind(file.kind).label.lower()}",
        url=reverse("publication:task_list", kwargs={"case_id": case.pk}),
        download_url=reverse(
            "publication:file_download",
            kwargs={"case_id": case.pk, "kind": file.kind, "version": file.version},
        ),
    )


SIGNABLE = signable.SignableKind(code=KIND, label="Publication decision", current=decision_signable)


def _question(text: str) -> str:
    text = text.strip().rstrip(".")
    return f"What would it take in your team for this to happen: {text[:1].lower()}{text[1:]}?"


def briefing_context(case: Case, report_id: int) -> dict[str, Any] | None:
    """The `seven_minute_briefing` kind's variables from the case's final report record: the summary of
    recommended improvements and the systemic analysis, the findings as learning points, each recommendation
    as a question for practitioners. None if the record is gone."""
    report = FinalReport.objects.filter(case=case, pk=report_id).first()
    if report is None:
        return None
    summary = "\n\n".join(t for t in (report.improvements_summary, report.systemic_analysis) if t.strip())
    return {
        "partnership_name": case.lead_partnership.name,
        "generated_on": clock.today(),
        "review_name": case.pseudonym,
        "review_summary": summary or "The summary has not been written yet.",
        "learning_points": [f.text for f in findings_of(report)],
        "questions_for_practitioners": [_question(r.required) for r in recommendations_of(report)],
    }


def _may_request(user: User, case: Case) -> bool:
    return may(user, PublicationAction.VIEW, case) and may(user, PublicationAction.EDIT, case)


def _may_read(user: User, case: Case) -> bool:
    return may(user, PublicationAction.VIEW, case)


def _briefing_url(case: Case, report_id: int, version: int) -> str:
    return reverse("publication:file", kwargs={"case_id": case.pk, "kind": rules.FileKind.BRIEFING})


def _briefing_filename(case: Case, version: int) -> str:
    return f"seven-minute-briefing-{case.reference}"


BRIEFING_BUILDER = builders.ContextBuilder(
    name=selectors.BRIEFING_BUILDER,
    kind=selectors.BRIEFING_KIND,
    purpose="seven_minute_briefing",
    build=briefing_context,
    may_request=_may_request,
    may_read=_may_read,
    subject_url=_briefing_url,
    filename=_briefing_filename,
    label="the seven-minute briefing",
    # Publication is 404 to those who may not read it (policies.py), so its briefing is too.
    refused_as_not_found=True,
)


def register() -> None:
    signable.register(SIGNABLE)
    builders.register(BRIEFING_BUILDER)
