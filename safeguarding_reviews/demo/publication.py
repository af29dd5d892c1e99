"""Publication in the demo (issue 15 items 5 to 8): two more LCSPR cases, taken there through the real
services from referrals received months ago, so a newcomer sees this stage at once.

- Child X: published. The final report for publication (a synthetic Word file, checked: nothing found), the
  partners' decision to publish it signed by the three delegates with that version, the notice sent to the
  Panel and the Secretary of State (and Ofsted) ten working days ago, published on the first allowed day (the
  LCSPR clock met), available for a year, the Panel told; its seven-minute briefing made in Word from the
  final report record and put through the check (which may find the demo people's names in its text).
- Child Y: held for a criminal trial. Its file is publishable and the decision signed, but the trial on its
  register holds publication: the hold, agreed by the senior investigating officer, approved by the business
  manager (the clock paused), to be reviewed in six weeks; the dashboard lists it.

Idempotent: a case whose pseudonym is already in the partnership is left as it is.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock

PUBLISHED_CASE = "Child X"
HELD_CASE = "Child Y"
# Synthetic, and clean: no word of the case's identity details (the demo's subjects are named "Demo ...").
REPORT_TEXT = (
    "Local child safeguarding practice review: {pseudonym}. A synthetic example report.",
    "This review looks at how the agencies worked together with {pseudonym}'s family.",
    "The health visitor's concern was not shared with children's social care.",
    "The partners have agreed a joint protocol for bruising in babies who are not yet mobile.",
)


def _docx(pseudonym: str) -> SimpleUploadedFile:
    from docx import Document

    document = Document()
    for line in REPORT_TEXT:
        document.add_paragraph(line.format(pseudonym=pseudonym))
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(f"final-report-{pseudonym.lower().replace(' ', '-')}.docx", buffer.getvalue())


def _months_ago(months: int) -> dt.date:
    from safeguarding_reviews.publication.rules import add_months

    return add_months(clock.today(), -months)


def _lcspr_case(
    *, people: Any, delegate: Any, partnership: Any, pseudonym: str, summary: str, months: int
) -> Case:
    """A case referred `months` ago, its rapid review signed off with a decision to hold an LCSPR and sent to
    the Panel within its clock (so at the LCSPR stage, its publication clock running), its final report record
    in preparation, the report for publication uploaded and checked, and the decision to publish it signed."""
    from safeguarding_reviews.demo.final_reports import final_report_in_preparation
    from safeguarding_reviews.demo.panel import _case, _signed_off
    from safeguarding_reviews.outcomes.criteria import Answer, Decision
    from safeguarding_reviews.panel import services as panel
    from safeguarding_reviews.publication import services
    from safeguarding_reviews.working_days.calculator import add_working_days
    from safeguarding_reviews.working_days.selectors import local_non_working_days

    non_working = local_non_working_days(partnership)
    case = _case(
        people=people,
        delegate=delegate,
        partnership=partnership,
        pseudonym=pseudonym,
        summary=summary,
        received_on=_months_ago(months),
    )
    assert case.referral_received_on is not None
    _signed_off(
        people=people,
        case=case,
        decision={
            "decision": Decision.LCSPR,
            "other_learning_review": "",
            "rationale": "Demo: the LCSPR criteria are met; the learning is wider than one agency.",
            "national_review_appropriate": Answer.NO,
            "national_review_reason": "Demo: the learning is local.",
        },
        action_due=add_working_days(clock.today(), 20, non_working=non_working),
    )
    panel.panel_submission_record(
        actor=people.officer,
        case=case,
        sent_on=add_working_days(case.referral_received_on, 12, non_working=non_working),
    )
    case.refresh_from_db()
    final_report_in_preparation(people=people, case=case)
    services.file_upload(
        actor=people.officer,
        case=case,
        kind="report",
        uploaded_file=_docx(pseudonym),
        note="Demo: for publication",
    )
    services.decision_save(
        actor=people.officer, case=case, expected_version=None, decision="publish_report", reasons=""
    )
    _signed(people=people, case=case)
    return case


def _signed(*, people: Any, case: Case) -> None:
    from safeguarding_reviews.publication.wiring import KIND, decision_signable
    from safeguarding_reviews.signoffs.services import document_signoff_give

    for partner, delegate in people.delegates.items():
        current = decision_signable(case)
        if current is None:  # the file was not publishable: left for the business unit to see why
            return
        document_signoff_give(
            user=delegate,
            case=case,
            kind=KIND,
            partner=partner,
            agrees=True,
            version=current.version,
            sha256=current.sha256,
        )


def _published(*, people: Any, case: Case) -> None:
    from safeguarding_reviews.publication import services
    from safeguarding_reviews.publication.rules import add_months
    from safeguarding_reviews.reports.services import document_generation_run
    from safeguarding_reviews.working_days.calculator import add_working_days
    from safeguarding_reviews.working_days.selectors import statutory_non_working_days

    non_working = statutory_non_working_days()
    sent_on = clock.today()
    while add_working_days(sent_on, 10, non_working=non_working) > clock.today():
        sent_on -= dt.timedelta(days=1)
    planned = add_working_days(sent_on, 7, non_working=non_working)
    services.notice_record(actor=people.officer, case=case, sent_on=sent_on, planned_on=planned)
    services.record_save(
        actor=people.officer,
        case=case,
        expected_version=None,
        published_on=planned,
        public_url="https://www.northbridge-scp.demo.example/reviews/child-x",
        available_until=add_months(planned, 12),
        panel_told_on=planned,
    )
    # The briefing, made here as the task worker would (it is not running while `make run` seeds).
    report_version = case_final_report_version(case)
    generation = services.briefing_generate(actor=people.officer, case=case, expected_version=report_version)
    document_generation_run(generation_id=generation.pk)
    services.briefing_add(actor=people.officer, case=case, generation_id=generation.pk)


def case_final_report_version(case: Case) -> int:
    from safeguarding_reviews.final_reports.selectors import report_for_case

    report = report_for_case(case)
    assert report is not None
    return report.version


def _held(*, people: Any, case: Case) -> None:
    from safeguarding_reviews.parallel_processes.services import parallel_process_add
    from safeguarding_reviews.publication import services

    trial = parallel_process_add(
        actor=people.officer,
        case=case,
        values={
            "kind": "criminal_proceedings",
            "status": "under_way",
            "led_by": "Crown Prosecution Service",
            "reference": "Demo T20270001",
        },
    )
    hold = services.hold_request(
        actor=people.officer,
        case=case,
        process_id=trial.pk,
        reason="Demo: the criminal trial must end before the report is published.",
        agreed_by="Senior investigating officer, Northbridge Police",
        review_on=clock.today() + dt.timedelta(weeks=6),
    )
    services.hold_decide(actor=people.manager, case=case, hold=hold, approve=True)


# (pseudonym, summary, months since the referral, what follows) of the two cases.
CASES = (
    (PUBLISHED_CASE, "Serious harm to a 4-month-old; the review is published.", 5, "published"),
    (HELD_CASE, "Serious harm to a 3-year-old; publication waits for the criminal trial.", 4, "held"),
)


def seed_publication_demo(*, partnership: Any, people: Any, screening_delegate: Any) -> None:
    """Child X published and Child Y held for a trial (see the module's docstring). Idempotent."""
    have = set(Case.objects.filter(lead_partnership=partnership).values_list("pseudonym", flat=True))
    for pseudonym, summary, months, then in CASES:
        if pseudonym in have:
            continue
        case = _lcspr_case(
            people=people,
            delegate=screening_delegate,
            partnership=partnership,
            pseudonym=pseudonym,
            summary=summary,
            months=months,
        )
        (_published if then == "published" else _held)(people=people, case=case)
