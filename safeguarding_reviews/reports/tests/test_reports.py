"""The Rapid Review report: the context builder (pseudonym only, no identity, no restricted entry), template
upload (a file that is not a Word document leaves nothing stored; one refused by its test render is kept,
refused, never current; every version kept), generation (immutable documents whose checksums
match their bytes; headings read back from the DOCX and the PDF), current_report, and the pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import zipfile

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.chronology.services import chronology_entry_add
from safeguarding_reviews.core.clock import LONDON
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.documents.services import document_path
from safeguarding_reviews.notifications.models import Notification
from safeguarding_reviews.outcomes.models import OutcomeEvidence, RapidReviewOutcome
from safeguarding_reviews.reports import services
from safeguarding_reviews.reports.context import SECTION_TITLES, report_context, sample_context
from safeguarding_reviews.reports.default_template import default_template_bytes
from safeguarding_reviews.reports.models import (
    GeneratedReport,
    ImmutableError,
    ReportGeneration,
    ReportTemplate,
    TemplateStatus,
)
from safeguarding_reviews.reports.selectors import current_report, current_template
from safeguarding_reviews.subjects.models import Subject, SubjectIdentity
from tests.fixtures import sign_in, tool_missing

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=LONDON)
IDENTITY = [
    "Zebedee",
    "Identityname",
    "Zeb Othername",
    "12 Secret Street",
    "9434765919",
    "Hidden Primary",
    "2021-05-06",
    "Secrettown",
    "ZZ9 9ZZ",
    "Hidden Nursery",
    "Z.I.",
]
IDENTITY_TEXT = [*IDENTITY, "6 May 2021", "7 Incident Lane", "Subject to an interim care order"]
RESTRICTED_TEXT = "Restricted synthetic disclosure"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def outcome(world):
    return RapidReviewOutcome.objects.create(
        case=world.case,
        facts_summary="Synthetic facts about Child Q.",
        decision="no_further_review",
        rationale="Synthetic rationale.",
        reg11_a="no",
        reg11_a_reason="Synthetic reason a.",
        drafted_by=world.people["business_unit_officer"],
    )


@pytest.fixture
def full_case(world, outcome):
    """A case with identity details, a notification with a place, one open and one restricted entry."""
    officer = world.people["business_unit_officer"]
    child = Subject.objects.create(
        case=world.case,
        kind="child",
        label="Child Q",
        sex="female",
        age_years=4,
        ethnicity="Synthetic ethnicity",
        created_by=officer,
    )
    SubjectIdentity.objects.create(
        subject=child,
        first_names=IDENTITY[0],
        last_name=IDENTITY[1],
        known_as=[IDENTITY[2]],
        initials=[IDENTITY[10]],
        address_line_1=IDENTITY[3],
        town=IDENTITY[7],
        postcode=IDENTITY[8],
        nhs_number=IDENTITY[4],
        schools=[IDENTITY[5]],
        school_short_names=[IDENTITY[9]],
        date_of_birth=dt.date(2021, 5, 6),
        legal_status="Subject to an interim care order",
    )
    Notification.objects.create(
        case=world.case,
        category="serious_harm",
        incident_place="7 Incident Lane",
        incident_date=dt.date(2026, 2, 1),
        outline="Synthetic outline about Child Q.",
        sent_on=dt.date(2026, 2, 3),
        panel_reference="SIN-TEST-1",
        created_by=officer,
        created_at=NOW,
        updated_by=officer,
        updated_at=NOW,
    )
    open_entry = chronology_entry_add(
        actor=officer,
        case=world.case,
        agency=world.agency,
        date=dt.date(2025, 11, 4),
        event_type="home_visit",
        what_happened="Open synthetic home visit.",
        is_key_episode=True,
        analysis="Synthetic analysis.",
    )
    restricted = chronology_entry_add(
        actor=world.people["business_manager"],
        case=world.case,
        agency=world.agency,
        date=dt.date(2025, 12, 1),
        event_type="home_visit",
        what_happened=RESTRICTED_TEXT,
        is_key_episode=True,
        restricted_to_roles=["business_manager"],
    )
    OutcomeEvidence.objects.create(outcome=outcome, chronology_entry=open_entry, note="Open evidence.")
    OutcomeEvidence.objects.create(outcome=outcome, chronology_entry=restricted, note="Restricted evidence.")
    return world


def _shape(value):
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def _same_shape(real, sample) -> bool:
    """Same keys all the way down; an empty list in the real context matches the sample's list."""
    if isinstance(sample, dict):
        return (
            isinstance(real, dict)
            and real.keys() == sample.keys()
            and all(_same_shape(real[key], sample[key]) for key in sample)
        )
    if isinstance(sample, list):
        return isinstance(real, list) and all(_same_shape(item, sample[0]) for item in real)
    return type(real) is type(sample)


def _docx(text: str, *, before: str = "Intro") -> ContentFile:
    from docx import Document as WordDocument

    document = WordDocument()
    document.add_paragraph(before)
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return ContentFile(buffer.getvalue(), name="template.docx")


def _zip_bomb() -> ContentFile:
    """A .docx-looking zip whose one extra part unpacks to 300 MB of zeros (it packs to well under 1 MB)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(default_template_buffer(), "r") as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            out.writestr(info, source.read(info))
        with out.open("word/media/padding.bin", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    return ContentFile(buffer.getvalue(), name="bomb.docx")


def default_template_buffer() -> io.BytesIO:
    return io.BytesIO(default_template_bytes())


def _upload(world, uploaded_file, actor="business_manager"):
    """Upload, then let the queued test render run (the ImmediateBackend runs it at commit, which the test
    transaction only reaches through the captured on_commit callbacks)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        template = services.report_template_upload(
            actor=world.people[actor], partnership=world.partnership, uploaded_file=uploaded_file
        )
    template.refresh_from_db()
    return template


def _docx_text(data: bytes) -> tuple[list[str], str]:
    from docx import Document as WordDocument

    document = WordDocument(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    return headings, "\n".join(p.text for p in document.paragraphs)


def _pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        tool_missing("pdftotext not found: apt-get install poppler-utils to read the PDF back")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


# --- the context ------------------------------------------------------------------------------------


def test_context_uses_the_pseudonym_and_no_identity_detail(full_case, outcome):
    context = report_context(case=full_case.case, outcome=outcome, generated_at=NOW, template_version=0)
    text = json.dumps(context)
    assert context["case"]["pseudonym"] == "Child Q"
    assert context["children"][0]["label"] == "Child Q"
    assert context["children"][0]["age"] == "4 years"
    assert context["identifiers"]["sin_reference"] == "SIN-TEST-1"
    for value in IDENTITY_TEXT:
        assert value not in text


def test_context_never_holds_a_restricted_entry_even_as_evidence(full_case, outcome):
    context = report_context(case=full_case.case, outcome=outcome, generated_at=NOW, template_version=0)
    text = json.dumps(context)
    assert RESTRICTED_TEXT not in text
    assert "Restricted evidence." not in text
    assert [e["what_happened"] for e in context["key_episodes"]] == ["Open synthetic home visit."]
    assert [e["note"] for e in context["decision"]["evidence"]] == ["Open evidence."]
    assert context["period_covered"] == "4 November 2025 to 4 November 2025"


def test_context_has_the_ten_sections_and_the_signoff_statement(world, outcome):
    context = report_context(case=world.case, outcome=outcome, generated_at=NOW, template_version=0)
    assert context["sections"] == list(SECTION_TITLES) and len(SECTION_TITLES) == 14
    assert len(context["signoff"]["partners"]) == 3
    assert "version 1 of the rapid review outcome" in context["signoff"]["statement"]
    assert "checksum" in context["signoff"]["statement"]
    assert [row["code"] for row in context["assessment"]["reg11"]] == ["a", "b", "c", "d"]
    assert context["assessment"]["reg11"][0]["answer"] == "No"


def test_sample_context_has_the_shape_of_the_real_one(full_case, outcome):
    real = report_context(case=full_case.case, outcome=outcome, generated_at=NOW, template_version=0)
    sample = sample_context()
    assert _same_shape(real, sample)
    assert all(value for value in sample.values())  # every list in the sample has an item to render


@pytest.mark.parametrize("text", ["Tab\tand\x0bvertical tab", "Bell\x07"])
def test_control_characters_are_dropped(world, outcome, text):
    RapidReviewOutcome.objects.filter(pk=outcome.pk).update(rationale=text)
    outcome.refresh_from_db()
    context = report_context(case=world.case, outcome=outcome, generated_at=NOW, template_version=0)
    assert all(ord(ch) >= 32 or ch in "\n\t" for ch in context["decision"]["rationale"])


# --- template upload --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: ContentFile(b"Not a Word document at all", name="renamed.docx"), "must be a Word document"),
        (lambda: ContentFile(b"%PDF-1.4 synthetic", name="report.docx"), "must be a Word document"),
        (lambda: _zip_bomb(), "expands to far more than its size"),
    ],
    ids=["text", "pdf", "zip-bomb"],
)
def test_files_that_are_not_word_documents_are_refused_and_nothing_is_stored(world, make, reason, settings):
    with pytest.raises(ValidationError) as caught:
        _upload(world, make())
    assert reason in " ".join(caught.value.message_dict["file"])
    assert not ReportTemplate.objects.exists()
    assert not Document.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.REPORT_TEMPLATE_UPLOADED).exists()
    stored = (
        [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []
    )
    assert not stored


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: _docx("{{ ''.__class__ }}"), "tries to reach Python internals"),
        (lambda: _docx("{{ foo "), "has a mistake in a tag in paragraph 2"),
        (lambda: _docx("{{ child_full_name }}"), "uses “child_full_name”, which the report does not provide"),
        (lambda: _docx("{{ 'x' * 100000000 }}"), "tries to reach Python internals"),
    ],
    ids=["python-internals", "broken-jinja", "undefined-name", "huge-string"],
)
def test_templates_refused_by_their_test_render_are_kept_with_the_reason_and_never_current(
    world, make, reason
):
    template = _upload(world, make())
    assert template.status == TemplateStatus.REFUSED
    assert reason in template.status_reason
    assert current_template(world.partnership) is None
    event = AuditEvent.objects.get(event_type=EventType.REPORT_TEMPLATE_REFUSED)
    assert event.data == {
        "template_id": template.pk,
        "kind": "rapid_review_report",
        "version": 1,
        "reason": "template",
    }
    assert not AuditEvent.objects.filter(event_type=EventType.REPORT_TEMPLATE_PASSED).exists()


def test_only_the_business_manager_uploads_templates(world):
    for persona in ("business_unit_officer", "delegate_police", "independent_chair", "other_partnership"):
        with pytest.raises(PermissionDenied, match="Only the business manager uploads report templates"):
            _upload(world, ContentFile(default_template_bytes(), name="t.docx"), actor=persona)


def test_every_version_is_kept_and_the_newest_is_current(world):
    first = _upload(world, ContentFile(default_template_bytes(), name="first.docx"))
    second = _upload(world, _docx("{{ case.pseudonym }}"))
    assert (first.version, second.version) == (1, 2)
    rows = list(ReportTemplate.objects.order_by("version").values_list("version", "status"))
    assert rows == [(1, "passed"), (2, "passed")]
    assert current_template(world.partnership) == second
    first.refresh_from_db()
    assert document_path(first.document).read_bytes() == default_template_bytes()
    assert first.sha256 == hashlib.sha256(default_template_bytes()).hexdigest()
    event = AuditEvent.objects.filter(event_type=EventType.REPORT_TEMPLATE_UPLOADED).latest("sequence")
    assert event.data["version"] == 2 and event.case_id is None
    assert set(event.data) == {"template_id", "kind", "version", "document_id", "sha256"}
    passed = AuditEvent.objects.filter(event_type=EventType.REPORT_TEMPLATE_PASSED).latest("sequence")
    assert passed.data == {"template_id": second.pk, "kind": "rapid_review_report", "version": 2}


# --- generation -------------------------------------------------------------------------------------


def test_generation_needs_an_outcome(world):
    with pytest.raises(ValidationError, match="Record the rapid review outcome before generating the report"):
        services.report_generate(actor=world.people["business_unit_officer"], case=world.case)
    assert not GeneratedReport.objects.exists()


def test_only_the_business_unit_generates(world, outcome):
    for persona in ("delegate_local_authority", "independent_chair", "auditor"):
        with pytest.raises(PermissionDenied, match="You may not generate this case's report"):
            services.report_generate(actor=world.people[persona], case=world.case)


def test_generate_stores_immutable_documents_whose_checksums_match(full_case, outcome):
    report = services.report_generate(actor=full_case.people["business_unit_officer"], case=full_case.case)
    docx_bytes = document_path(report.docx).read_bytes()
    pdf_bytes = document_path(report.pdf).read_bytes()
    assert report.sha256 == hashlib.sha256(docx_bytes).hexdigest() == report.docx.sha256
    assert report.pdf_sha256 == hashlib.sha256(pdf_bytes).hexdigest() == report.pdf.sha256
    assert (report.outcome_version, report.template_version, report.template) == (1, 0, None)
    assert report.docx.purpose == report.pdf.purpose == "rapid_review_report"
    headings, text = _docx_text(docx_bytes)
    assert headings == list(SECTION_TITLES)
    assert "Rapid review report: Child Q" in text
    pdf_text = _pdf_text(pdf_bytes)
    positions = [pdf_text.find(title) for title in SECTION_TITLES]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    for value in [*IDENTITY_TEXT, RESTRICTED_TEXT]:
        assert value not in text
        assert value not in pdf_text
    event = AuditEvent.objects.get(event_type=EventType.REPORT_GENERATED)
    assert event.data["sha256"] == report.sha256 and event.data["outcome_version"] == 1
    assert "Child Q" not in json.dumps(event.data)
    report.sha256 = "0" * 64
    with pytest.raises(ImmutableError, match="A generated report cannot be changed; generate a new one"):
        report.save()


def test_generate_uses_the_current_template_and_records_its_version(world, outcome):
    _upload(world, ContentFile(default_template_bytes(), name="v1.docx"))
    _upload(world, _docx("Local template for {{ case.pseudonym }}", before="Alphashire heading"))
    report = services.report_generate(actor=world.people["business_manager"], case=world.case)
    assert report.template is not None
    assert report.template_version == 2 and report.template.version == 2
    _, text = _docx_text(document_path(report.docx).read_bytes())
    assert "Local template for Child Q" in text


def test_current_report_follows_the_outcome_version(world, outcome):
    officer = world.people["business_unit_officer"]
    assert current_report(outcome=outcome) is None
    services.report_generate(actor=officer, case=world.case)
    newer = services.report_generate(actor=officer, case=world.case)
    assert current_report(outcome=outcome) == newer
    RapidReviewOutcome.objects.filter(pk=outcome.pk).update(version=2)
    outcome.refresh_from_db()
    assert current_report(outcome=outcome) is None
    third = services.report_generate(actor=officer, case=world.case)
    assert third.outcome_version == 2 and current_report(outcome=outcome) == third


# --- pages ------------------------------------------------------------------------------------------


def _report_page(world):
    return reverse("reports:case_reports", kwargs={"case_id": world.case.pk})


def test_report_list_runs_a_fixed_number_of_queries(world, outcome, client):
    officer = world.people["business_unit_officer"]
    services.report_generate(actor=officer, case=world.case)
    sign_in(client, world.people["delegate_police"])
    client.get(_report_page(world))  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(_report_page(world)).status_code == 200
    for _ in range(3):
        services.report_generate(actor=officer, case=world.case)
    with CaptureQueriesContext(connection) as four:
        response = client.get(_report_page(world))
    assert response.content.decode().count("/docx/") == 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_generate_button_and_downloads(world, outcome, client):
    sign_in(client, world.people["business_unit_officer"])
    page = client.get(_report_page(world)).content.decode()
    assert "Generate the report" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("reports:generate", kwargs={"case_id": world.case.pk}))
    generation = ReportGeneration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "reports:generation_status", kwargs={"case_id": world.case.pk, "generation_id": generation.pk}
    )
    report = GeneratedReport.objects.get()
    assert report.generation == generation
    url = reverse("reports:download_docx", kwargs={"case_id": world.case.pk, "report_id": report.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == report.sha256
    event = AuditEvent.objects.filter(event_type=EventType.REPORT_DOWNLOADED).latest("sequence")
    assert event.data == {"report_id": report.pk, "document_id": str(report.docx_id), "format": "docx"}
    # The general document download refuses the report's files: only the report's own URLs serve them.
    general = reverse("documents:download", kwargs={"case_id": world.case.pk, "document_id": report.pdf_id})
    assert client.get(general).status_code == 403


def test_generate_without_an_outcome_says_why(world, client):
    sign_in(client, world.people["business_unit_officer"])
    response = client.post(reverse("reports:generate", kwargs={"case_id": world.case.pk}), follow=True)
    assert "Record the rapid review outcome before generating the report" in response.content.decode()
    assert not GeneratedReport.objects.exists()


def test_template_page_refuses_a_bad_template_with_the_reason(world, client):
    sign_in(client, world.people["business_manager"])
    url = reverse("reports:templates", kwargs={"slug": world.partnership.slug})
    bad = io.BytesIO(_docx("{{ ''.__class__ }}").read())
    bad.name = "bad.docx"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"file": bad})
    # Inside the test transaction the check runs after the response (on commit), as on a real worker: the
    # page waits for that version and then shows the refusal as the form's error.
    assert response.status_code == 302 and response["Location"] == f"{url}?version=1"
    response = client.get(response["Location"])
    assert "Refresh" not in response
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Version 1 was refused" in body and "tries to reach Python internals" in body
    assert ReportTemplate.objects.get().status == TemplateStatus.REFUSED
    assert current_template(world.partnership) is None
    body = client.get(url).content.decode()  # the reason stays on the page, in the list of versions
    assert "Refused" in body and "tries to reach Python internals" in body


def test_template_page_upload_then_history_and_download(world, client):
    sign_in(client, world.people["business_manager"])
    url = reverse("reports:templates", kwargs={"slug": world.partnership.slug})
    upload = io.BytesIO(default_template_bytes())
    upload.name = "ours.docx"
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(url, {"file": upload}).status_code == 302
    body = client.get(url).content.decode()
    assert "Version 1, uploaded by Persona business_manager" in body
    download = client.get(
        reverse("reports:template_download", kwargs={"slug": world.partnership.slug, "version": 1})
    )
    assert b"".join(download.streaming_content) == default_template_bytes()
    default = client.get(reverse("reports:default_template", kwargs={"slug": world.partnership.slug}))
    assert b"".join(default.streaming_content) == default_template_bytes()


def test_generating_and_uploading_are_rate_limited_per_person(world, outcome, client, settings):
    """SEC finding 4: every job-creating POST counts towards the person's limit (core.throttle)."""
    settings.JOB_RATE_LIMIT = "3/10m"
    sign_in(client, world.people["business_manager"])
    generate = reverse("reports:generate", kwargs={"case_id": world.case.pk})
    templates = reverse("reports:templates", kwargs={"slug": world.partnership.slug})
    assert client.post(generate).status_code == 302
    assert client.post(generate).status_code == 302
    upload = io.BytesIO(default_template_bytes())
    upload.name = "ours.docx"
    assert client.post(templates, {"file": upload}).status_code == 302
    assert client.post(templates, {}).status_code == 429
    refused = client.post(generate)
    assert refused.status_code == 429
    assert "You can try again at" in refused.content.decode()
    assert ReportGeneration.objects.count() == 2
    assert ReportTemplate.objects.count() == 1
    kinds = list(
        AuditEvent.objects.filter(event_type=EventType.JOB_RATE_LIMITED).values_list("data__kind", flat=True)
    )
    assert kinds == ["report_template_check", "report_generate"]
