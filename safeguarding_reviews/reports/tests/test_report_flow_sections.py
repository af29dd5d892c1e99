"""The report's sections added by issue 11 (FLOW): meetings with attendees, the parallel-process register,
the timeliness of each clock with its reason for delay (as at generation) and of each agency return, whether
the family has been told, and the national review (regulation 3) criteria for outcomes on the current
criteria version (earlier outcomes keep theirs)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
import time_machine

from safeguarding_reviews.clocks.models import Deadline, MilestoneEvent
from safeguarding_reviews.clocks.services import milestone_record
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.documents.services import document_path
from safeguarding_reviews.meetings.models import MeetingAttendee, RapidReviewMeeting
from safeguarding_reviews.outcomes.criteria import CRITERIA_VERSION, CRITERIA_VERSION_REG11
from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.parallel_processes.services import parallel_process_add
from safeguarding_reviews.rapid_review.services import family_told_record
from safeguarding_reviews.reports import services
from safeguarding_reviews.reports.context import SECTION_TITLES, report_context, sample_context
from tests.fixtures import tool_missing

from .test_reports import _same_shape

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _outcome(world, version: str) -> RapidReviewOutcome:
    return RapidReviewOutcome.objects.create(
        case=world.case,
        decision="no_further_review",
        rationale="Synthetic rationale.",
        reg3_b="yes",
        reg3_b_reason="Synthetic: guidance on sleep safety may need to change.",
        criteria_version=version,
        drafted_by=world.people["business_unit_officer"],
    )


@pytest.fixture
def flow_case(world):
    officer = world.people["business_unit_officer"]
    meeting = RapidReviewMeeting.objects.create(
        case=world.case, held_on=dt.date(2026, 3, 9), created_by=officer
    )
    MeetingAttendee.objects.create(
        meeting=meeting, agency=world.agency, role="Designated nurse", added_by=officer
    )
    parallel_process_add(
        actor=officer,
        case=world.case,
        values={
            "kind": "coroner",
            "status": "under_way",
            "led_by": "Synthetic coroner's office",
            "reference": "INQ-SYN-7",
            "notes": "Inquest opened and adjourned.",
            "started_on": dt.date(2026, 3, 2),
            "next_date": dt.date(2026, 6, 1),
            "concluded_on": None,
        },
    )
    family_told_record(
        actor=officer,
        case=world.case,
        expected_version=None,
        values={
            "status": "told",
            "told_on": dt.date(2026, 3, 10),
            "method": "in_person",
            "told_by": "Children's social care, team manager",
            "notes": "",
        },
    )
    milestone_record(
        actor=officer,
        case=world.case,
        event=MilestoneEvent.REFERRAL_RECEIVED,
        occurred_on=dt.date(2026, 3, 2),
    )
    deadline = Deadline.objects.filter(case=world.case).order_by("due_on", "pk").first()
    assert deadline is not None
    Deadline.objects.filter(pk=deadline.pk).update(delay_reason="Synthetic: waiting for the police.")
    return world


def test_context_holds_the_new_sections(flow_case):
    outcome = _outcome(flow_case, CRITERIA_VERSION)
    context = report_context(case=flow_case.case, outcome=outcome, generated_at=NOW, template_version=0)
    assert context["sections"][10:] == list(SECTION_TITLES[10:])
    [meeting] = context["meetings"]
    assert meeting["date"] == "9 March 2026"
    assert meeting["attendees"] == [{"agency": flow_case.agency.name, "role": "Designated nurse"}]
    [process] = context["parallel_processes"]
    assert (process["kind"], process["status"], process["reference"]) == (
        "Coroner's investigation or inquest",
        "Under way",
        "INQ-SYN-7",
    )
    assert process["next_date"] == "1 June 2026" and process["concluded_on"] == ""
    timeliness = context["timeliness"]
    assert timeliness["as_at"] == "16 March 2026"
    assert "Synthetic: waiting for the police." in [row["reason"] for row in timeliness["clocks"]]
    assert context["family"]["told"] == "Yes, the family has been told"
    assert (context["family"]["date"], context["family"]["method"]) == ("10 March 2026", "In person")
    assessment = context["assessment"]
    assert assessment["criteria_version"] == CRITERIA_VERSION
    assert [row["code"] for row in assessment["reg3"]] == ["reg3_a", "reg3_b", "reg3_c"]
    assert assessment["reg3"][1]["answer"] == "Yes"
    assert "regulation 3" in assessment["criteria_source"]
    assert _same_shape(context, sample_context())


def test_an_earlier_outcome_keeps_its_criteria_and_nothing_recorded_reads_so(world):
    outcome = _outcome(world, CRITERIA_VERSION_REG11)
    context = report_context(case=world.case, outcome=outcome, generated_at=NOW, template_version=0)
    assert context["assessment"]["criteria_version"] == CRITERIA_VERSION_REG11
    assert context["assessment"]["reg3"] == []
    assert len(context["assessment"]["reg11"]) == 4
    assert context["meetings"] == [] and context["parallel_processes"] == []
    assert context["family"]["told"] == "Not recorded"


def test_the_generated_report_shows_the_new_sections(flow_case):
    from docx import Document as WordDocument

    _outcome(flow_case, CRITERIA_VERSION)
    report = services.report_generate(actor=flow_case.people["business_unit_officer"], case=flow_case.case)
    document = WordDocument(io.BytesIO(document_path(report.docx).read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == list(SECTION_TITLES)
    text = "\n".join(p.text for p in document.paragraphs)
    for expected in (
        "Designated nurse",
        "Coroner's investigation or inquest: Under way",
        "INQ-SYN-7",
        "Reason for delay: Synthetic: waiting for the police.",
        "Has the family been told of the review: Yes, the family has been told",
        "National review criteria (regulation 3)",
        "Synthetic: guidance on sleep safety may need to change.",
    ):
        assert expected in text, expected
    if shutil.which("pdftotext") is None:
        tool_missing("pdftotext not found: apt-get install poppler-utils to read the PDF back")
    pdf_text = subprocess.run(
        ["pdftotext", "-", "-"], input=document_path(report.pdf).read_bytes(), capture_output=True, check=True
    ).stdout.decode()
    positions = [pdf_text.find(title) for title in SECTION_TITLES]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    flowing = " ".join(pdf_text.split())  # lines wrap anywhere in the PDF
    assert "Inquest opened and adjourned." in flowing and "Designated nurse" in flowing
