"""Issue 11 item 8, end to end: a notification recorded as sent after its due date keeps the reason for the
delay, and the reason reaches what leaves the system: the notification summary as downloaded (PDF and Word,
read back from the files) and the timeliness section of the rapid review report generated later."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import docx
import pytest
import time_machine
from django.urls import reverse

from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import Deadline
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.documents.services import document_path
from safeguarding_reviews.reports.services import report_generate
from tests.fixtures import sign_in
from tests.outcome_data import complete_outcome

from .test_routes_by_category import ALL_YES, _decided, _send

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)
REASON = "Synthetic: the duty manager was away."


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def sent_late(world):
    _decided(world, ALL_YES, aware_days_ago=20)
    due = Deadline.objects.get(case=world.case, rule_code="notification").due_on
    _send(world, due + dt.timedelta(days=1), delay_reason=REASON)
    world.case.refresh_from_db()
    assert world.case.stage == Stage.RAPID_REVIEW
    return world


def _pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found: apt-get install poppler-utils to read the PDF back")
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())  # lines and table cells wrap anywhere in the PDF


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_the_reason_is_in_the_downloaded_summary_pdf_and_word(sent_late, client):
    sign_in(client, sent_late.people["business_unit_officer"])
    pdf = client.get(reverse("notifications:summary_pdf", kwargs={"case_id": sent_late.case.pk}))
    assert pdf.status_code == 200
    text = _pdf_text(pdf.content)
    assert "Reason the notification was late" in text and REASON in text
    word = client.get(reverse("notifications:summary_docx", kwargs={"case_id": sent_late.case.pk}))
    assert word.status_code == 200
    assert "Reason the notification was late | " + REASON in _docx_text(word.content)


def test_the_reason_is_in_the_reports_timeliness_section(sent_late):
    complete_outcome(sent_late)
    report = report_generate(actor=sent_late.people["business_unit_officer"], case=sent_late.case)
    word = _docx_text(document_path(report.docx).read_bytes())
    assert f"Reason for delay: {REASON}" in word
    pdf = _pdf_text(document_path(report.pdf).read_bytes())
    timeliness = pdf[pdf.rindex("13. Timeliness") : pdf.rindex("14. The family told")]
    assert REASON in timeliness


def test_no_reason_row_when_sent_on_time(world, client):
    _decided(world, ALL_YES)
    _send(world, NOW.date() - dt.timedelta(days=1))
    sign_in(client, world.people["business_unit_officer"])
    pdf = client.get(reverse("notifications:summary_pdf", kwargs={"case_id": world.case.pk}))
    assert "Reason the notification was late" not in _pdf_text(pdf.content)
