"""Security finding 2, "A report template can exhaust the server": the sandbox refusals (table-tested, in this
process), the child process's hard limits (address space, CPU time, wall clock, output size), the test render
and every generation on the task worker (never in a web request), the template states, and the fallback when a
template that passed its test fails with a real case's data.

The limits are made small through settings so the whole file runs in a few seconds per test."""

from __future__ import annotations

import io
import json
import os
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jinja2.exceptions import SecurityError

from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.reports import rendering, services
from safeguarding_reviews.reports.context import sample_context
from safeguarding_reviews.reports.default_template import default_template_bytes
from safeguarding_reviews.reports.models import (
    GeneratedReport,
    GenerationStatus,
    ReportGeneration,
    ReportTemplate,
    TemplateStatus,
)
from safeguarding_reviews.reports.sandbox import ReportSandbox
from safeguarding_reviews.reports.selectors import current_template
from tests.fixtures import sign_in

SAMPLE_REFERENCE = sample_context()["case"]["reference"]
# Busy for about 10^9 loop steps, but only for a real case: the sample skips it, so the test render passes.
SLOW_FOR_REAL_CASES = (
    f"{{% if case.reference != '{SAMPLE_REFERENCE}' %}}"
    "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}"
    "{% endfor %}{% endfor %}{% endfor %}{% endif %}Slow template for {{ case.pseudonym }}"
)
BROKEN_FOR_REAL_CASES = (
    f"{{% if case.reference != '{SAMPLE_REFERENCE}' %}}{{{{ case.child_name }}}}{{% endif %}}Report"
)
LOOPS_FOREVER = (
    "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}"
    "{% endfor %}{% endfor %}{% endfor %}"
)
# Each {{ s }} is a reference to one 1,000,000-character text, so only the final join allocates: 10^12 bytes.
MEMORY_HUNGRY = (
    "{% set s = (['x' * 100] * 10000)|join %}"
    "{% for i in range(1000) %}{% for j in range(1000) %}{{ s }}{% endfor %}{% endfor %}"
)
LARGE_OUTPUT = "{% set s = (['x' * 100] * 1000)|join %}{% for i in range(10) %}{{ s }}{% endfor %}"


@pytest.fixture
def small_limits(settings):
    settings.REPORT_RENDER_MAX_MEMORY_BYTES = 256 * 1024 * 1024
    settings.REPORT_RENDER_MAX_CPU_SECONDS = 1
    settings.REPORT_RENDER_TIMEOUT_SECONDS = 10  # room for a loaded machine; tests wanting less say so
    settings.REPORT_RENDER_MAX_OUTPUT_BYTES = 2 * 1024 * 1024
    return settings


def _memory_is_what_stops_it(limits):
    # On a loaded machine the child's start-up alone can use a second of CPU: give CPU and the wall clock
    # room, so that the address-space limit is the one the memory-hungry template meets.
    limits.REPORT_RENDER_MAX_CPU_SECONDS = 15
    limits.REPORT_RENDER_TIMEOUT_SECONDS = 20


@pytest.fixture
def outcome(world):
    return RapidReviewOutcome.objects.create(
        case=world.case,
        facts_summary="Synthetic facts about Child Q.",
        decision="no_further_review",
        rationale="Synthetic rationale.",
        drafted_by=world.people["business_unit_officer"],
    )


def _docx(text: str) -> bytes:
    from docx import Document as WordDocument

    document = WordDocument()
    document.add_paragraph("Intro")
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(world, data: bytes) -> ReportTemplate:
    """Upload through the service and let the queued test render run (on commit, ImmediateBackend)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        template = services.report_template_upload(
            actor=world.people["business_manager"],
            partnership=world.partnership,
            uploaded_file=ContentFile(data, name="template.docx"),
        )
    template.refresh_from_db()
    return template


def _templates_url(world) -> str:
    return reverse("reports:templates", kwargs={"slug": world.partnership.slug})


def _status_url(world, generation) -> str:
    return reverse(
        "reports:generation_status", kwargs={"case_id": world.case.pk, "generation_id": generation.pk}
    )


# --- the sandbox, table-tested in this process --------------------------------------------------------

REFUSED = [
    ("{{ ('%01000000000d' % 1)|length }}", "Formatting text with %"),
    ("{{ '%s and %s' % ('a', 'b') }}", "Formatting text with %"),
    ("{{ '{}'.format(1) }}", "Formatting text with .format()"),
    ("{{ '{0:>1000000000}'.format(1) }}", "Formatting text with .format()"),
    ("{{ '{x}'.format_map({'x': 1}) }}", "Formatting text with .format_map()"),
    ("{{ 'a'|attr('format') }}", "Formatting text with .format()"),
    ("{{ 'x'.ljust(1000000000) }}", "'ljust'"),
    ("{{ 'x'.zfill(1000000000) }}", "'zfill'"),
    ("{{ 'x\tx'.expandtabs(1000000000) }}", "'expandtabs'"),
    ("{{ (10).to_bytes(1000000000, 'big') }}", "'to_bytes'"),
    ("{{ 'x' * 100000000 }}", "Repeating text or lists that many times"),
    ("{{ ('x' * 10000) * 200 }}", "text longer than 1,000,000 characters"),
    ("{% set s = (['x' * 100] * 10000)|join %}{{ s + s }}", "text longer than 1,000,000 characters"),
    ("{% set s = (['x' * 100] * 10000)|join %}{{ s ~ s }}", "text longer than 1,000,000 characters"),
    (
        "{% set s = 'x' * 10000 %}{% set s = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}"
        "{% set s = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}{{ s ~ s }}",
        "text longer than 1,000,000 characters",
    ),
    ("{{ (['x' * 100] * 10000)|join('y' * 1000) }}", "text longer than 1,000,000 characters"),
    ("{{ ('y' * 1000).join(['x'] * 10000) }}", "text longer than 1,000,000 characters"),
    ("{{ ('x' * 1000)|replace('', 'y' * 1000) }}", "text longer than 1,000,000 characters"),
    ("{{ ('x' * 1000).replace('', 'y' * 1000) }}", "text longer than 1,000,000 characters"),
    ("{% set l = [1] * 10000 %}{{ l + l + l + l + l + l + l + l + l + l + l }}", "lists longer than 100,000"),
    ("{{ [[1] * 10000] * 10000 }}", "lists longer than 100,000"),
    ("{{ ([[1] * 10000] * 10000)|join }}", "lists longer than 100,000"),
    ("{{ ([[1] * 1000] * 20)|sum(start=[]) }}", "sum is only for numbers"),
    ("{{ range(10)|batch(1000000, 'x')|list }}", "lists longer than 100,000"),
    ("{{ range(10)|slice(1000000)|list }}", "lists longer than 100,000"),
    ("{{ range(100000) }}", "range() is limited to 1000 items"),
    ("{{ 2 ** 100000000 }}", "The power operator (**) is not allowed"),
    ("{{ ''.__class__.__mro__ }}", "'__class__'"),
]


@pytest.mark.parametrize(("source", "reason"), REFUSED, ids=[f"refused-{i}" for i in range(len(REFUSED))])
def test_the_sandbox_refuses(source, reason):
    started = time.monotonic()
    with pytest.raises(SecurityError) as caught:
        ReportSandbox().from_string(source).render()
    assert reason in str(caught.value)
    assert time.monotonic() - started < 2  # refused before the work, not after


ALLOWED = [
    ("{{ 7 % 3 }}", "1"),
    ("{{ 'a' ~ 'b' ~ 1 }}", "ab1"),
    ("{{ 'a' + 'b' }} {{ [1] + [2] }}", "ab [1, 2]"),
    ("{{ ['a', 'b']|join(', ') }}", "a, b"),
    ("{{ 'Child Q'|replace('Q', 'R') }} {{ 'Child Q'.replace('Q', 'S') }}", "Child R Child S"),
    ("{{ ', '.join(['a', 'b']) }}", "a, b"),
    ("{{ 'x' * 3 }}{{ '-' * 0 }}", "xxx"),
    ("{{ [1, 2]|sum }} {{ range(3)|list|length }}", "3 3"),
    ("{{ 'a,b'.split(',')|join('-') }} {{ 'abc'|upper }}", "a-b ABC"),
    ("{% for c in ['x', 'y'] %}{{ loop.index }}{{ c }}{% endfor %}", "1x2y"),
    ("{{ missing|default('none') }}", "none"),
    ("{{ (['a'] * 3)|map('upper')|join }} {{ range(4)|batch(2)|list|length }}", "AAA 2"),
]


@pytest.mark.parametrize(("source", "expected"), ALLOWED, ids=[f"allowed-{i}" for i in range(len(ALLOWED))])
def test_the_sandbox_still_allows_ordinary_templates(source, expected):
    assert ReportSandbox().from_string(source).render() in (
        expected,
        expected.replace("'", "&#39;"),
    )


# --- the child process's hard limits -----------------------------------------------------------------


def test_a_memory_hungry_template_is_stopped_by_the_address_space_limit(small_limits):
    _memory_is_what_stops_it(small_limits)
    pid = os.getpid()
    with pytest.raises(
        ValidationError, match="The template was stopped\\. It needed more memory than a"
    ) as caught:
        rendering.render_docx(_docx(MEMORY_HUNGRY), sample_context())
    assert caught.value.code == rendering.RenderCode.MEMORY
    assert "needed more memory than a report template may use (256 MB)" in caught.value.messages[0]
    assert os.getpid() == pid  # this process (the worker) is untouched: only the child ran out
    # and the worker renders the next template as usual
    assert rendering.render_docx(_docx("{{ case.pseudonym }}"), sample_context()).startswith(b"PK")


def test_a_template_that_loops_forever_is_killed_at_the_wall_clock_timeout(small_limits):
    small_limits.REPORT_RENDER_MAX_CPU_SECONDS = 30  # so the wall clock is what stops it
    small_limits.REPORT_RENDER_TIMEOUT_SECONDS = 1.5
    started = time.monotonic()
    with pytest.raises(
        ValidationError, match="The template was stopped\\. It took longer than a report"
    ) as caught:
        rendering.render_docx(_docx(LOOPS_FOREVER), sample_context())
    assert caught.value.code == rendering.RenderCode.TIMEOUT
    assert "took longer than a report template may take (1.5 seconds)" in caught.value.messages[0]
    assert time.monotonic() - started < 6


def test_a_busy_template_is_stopped_by_the_cpu_limit(small_limits):
    small_limits.REPORT_RENDER_TIMEOUT_SECONDS = 20  # so RLIMIT_CPU is what stops it
    started = time.monotonic()
    with pytest.raises(
        ValidationError, match="The template was stopped\\. It needed more processing time"
    ) as caught:
        rendering.render_docx(_docx(LOOPS_FOREVER), sample_context())
    assert caught.value.code == rendering.RenderCode.CPU
    assert "more processing time than a report template may use (1 second)" in caught.value.messages[0]
    assert time.monotonic() - started < 10


def test_an_over_size_document_is_refused(small_limits):
    small_limits.REPORT_RENDER_MAX_OUTPUT_BYTES = 20_000
    with pytest.raises(
        ValidationError, match="The template was stopped\\. The document it made is larger"
    ) as caught:
        rendering.render_docx(_docx(LARGE_OUTPUT), sample_context())
    assert caught.value.code == rendering.RenderCode.TOO_LARGE
    assert "larger than a report may be (19 KB)" in caught.value.messages[0]


def test_the_child_gets_no_secrets_from_the_environment(monkeypatch, small_limits):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "do-not-leak")
    monkeypatch.setenv("DATABASE_URL", "postgres://secret@example.invalid/db")
    captured = {}
    real_popen = rendering.subprocess.Popen

    def spy(command, **kwargs):
        captured.update(kwargs)
        return real_popen(command, **kwargs)

    monkeypatch.setattr(rendering.subprocess, "Popen", spy)
    rendering.render_docx(_docx("{{ case.pseudonym }}"), sample_context())
    assert "DJANGO_SECRET_KEY" not in captured["env"] and "DATABASE_URL" not in captured["env"]
    assert captured["close_fds"] is True


# --- upload: checked on the worker, current only when it passes -----------------------------------------


@pytest.mark.django_db
def test_the_percent_payload_is_refused_at_upload_with_a_field_message_and_nothing_made_current(
    world, client
):
    first = _upload(world, default_template_bytes())
    assert first.status == TemplateStatus.PASSED and current_template(world.partnership) == first
    sign_in(client, world.people["business_manager"])
    upload = io.BytesIO(_docx("{{ ('%01000000000d' % 1)|length }}"))
    upload.name = "payload.docx"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_templates_url(world), {"file": upload})
    assert response.status_code == 302  # the check ran on the worker, after the request
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "govuk-error-summary" in body and 'class="govuk-error-message"' in body
    assert "Version 2 was refused" in body and "Formatting text with % is not allowed" in body
    assert "Refresh" not in page
    refused = ReportTemplate.objects.get(version=2)
    assert refused.status == TemplateStatus.REFUSED
    assert current_template(world.partnership) == first  # nothing new is current
    event = AuditEvent.objects.get(event_type=EventType.REPORT_TEMPLATE_REFUSED)
    assert event.data == {
        "template_id": refused.pk,
        "kind": "rapid_review_report",
        "version": 2,
        "reason": "template",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "source",
    ["{{ '{}'.format(case.pseudonym) }}", "{{ '{pseudonym}'.format_map(case) }}"],
    ids=["format", "map"],
)
def test_format_and_format_map_are_refused_at_upload(world, source):
    template = _upload(world, _docx(source))
    assert template.status == TemplateStatus.REFUSED
    assert "Formatting text with .format" in template.status_reason
    assert current_template(world.partnership) is None


@pytest.mark.django_db
def test_a_memory_hungry_upload_is_refused_with_the_limit_and_the_worker_carries_on(world, small_limits):
    _memory_is_what_stops_it(small_limits)
    template = _upload(world, _docx(MEMORY_HUNGRY))
    assert template.status == TemplateStatus.REFUSED
    assert "needed more memory than a report template may use" in template.status_reason
    event = AuditEvent.objects.get(event_type=EventType.REPORT_TEMPLATE_REFUSED)
    assert event.data["reason"] == "memory"
    assert _upload(world, default_template_bytes()).status == TemplateStatus.PASSED


@pytest.mark.django_db
def test_web_requests_never_render_a_template(world, outcome, client, monkeypatch):
    """Without the worker (on_commit not run) an upload stays "being checked" and a generation "waiting":
    the request itself rendered nothing."""

    def no_render(*args, **kwargs):
        raise AssertionError("a web request rendered a template")

    monkeypatch.setattr(services, "render_docx", no_render)
    monkeypatch.setattr(services, "render_pdf", no_render)
    sign_in(client, world.people["business_manager"])
    upload = io.BytesIO(default_template_bytes())
    upload.name = "ours.docx"
    response = client.post(_templates_url(world), {"file": upload})
    assert response.status_code == 302 and response["Location"].endswith("?version=1")
    page = client.get(response["Location"])
    body = page.content.decode()
    # No Refresh header (WCAG 2.2.2): the page's script asks the same URL for JSON instead.
    assert "Refresh" not in page and "Being checked" in body
    assert f'data-status-url="{_templates_url(world)}?version=1"' in body and "Check again" in body
    poll = client.get(response["Location"], HTTP_ACCEPT="application/json")
    answer = poll.json()
    assert answer["finished"] is False and answer["status"] == "checking"
    assert "Being checked" in answer["html"] and "Accept" in poll["Vary"]
    assert ReportTemplate.objects.get().status == TemplateStatus.CHECKING
    assert current_template(world.partnership) is None
    response = client.post(reverse("reports:generate", kwargs={"case_id": world.case.pk}))
    generation = ReportGeneration.objects.get()
    assert response["Location"] == _status_url(world, generation)
    assert generation.status == GenerationStatus.QUEUED and not GeneratedReport.objects.exists()


@pytest.mark.django_db
def test_the_templates_poll_says_when_the_check_has_finished(world, client):
    sign_in(client, world.people["business_manager"])
    upload = io.BytesIO(default_template_bytes())
    upload.name = "ours.docx"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_templates_url(world), {"file": upload})
    url = f"{_templates_url(world)}?version=1"
    answer = client.get(url, HTTP_ACCEPT="application/json").json()
    assert answer["finished"] is True and answer["status"] == "passed"
    assert answer["announcement"] == "Version 1 passed its test and is now the current template."
    assert "Version 1 passed its test" in answer["html"]
    page = client.get(url).content.decode()
    assert 'id="job-status" data-status="idle">' in page and "job-status.js" not in page  # nothing to check
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_templates_poll_is_not_activity(world, client):
    from django.test import RequestFactory

    from safeguarding_reviews.core.job_status import is_passive_poll

    request = RequestFactory().get(_templates_url(world), HTTP_ACCEPT="application/json")
    assert is_passive_poll(request)
    assert not is_passive_poll(RequestFactory().get(_templates_url(world)))


# --- generation: on the worker, with fallback when a template fails with real data ------------------


@pytest.mark.django_db
def test_a_sample_dependent_slow_template_passes_its_check_then_is_set_aside_and_the_report_falls_back(
    world, outcome, client, small_limits
):
    first = _upload(world, default_template_bytes())
    slow = _upload(world, _docx(SLOW_FOR_REAL_CASES))
    assert slow.status == TemplateStatus.PASSED and current_template(world.partnership) == slow
    sign_in(client, world.people["business_unit_officer"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("reports:generate", kwargs={"case_id": world.case.pk}))
    generation = ReportGeneration.objects.get()
    assert response["Location"] == _status_url(world, generation)
    generation.refresh_from_db()
    assert generation.status == GenerationStatus.DONE and generation.fallback_from_version == 2
    report = generation.report
    assert report is not None
    assert (report.template, report.template_version) == (first, 1)  # the report still generates
    slow.refresh_from_db()
    assert slow.status == TemplateStatus.FAILING
    assert "more processing time than a report template may use" in slow.status_reason
    assert current_template(world.partnership) == first
    # The business manager is alerted; the alert names no case and holds no text about it.
    alert = Alert.objects.get(kind="report_template_failing")
    assert alert.user == world.people["business_manager"] and alert.case is None
    assert alert.link == _templates_url(world)
    assert world.case.reference not in alert.link and "Child Q" not in alert.kind_label
    failing = AuditEvent.objects.get(event_type=EventType.REPORT_TEMPLATE_FAILING)
    assert failing.data == {
        "template_id": slow.pk,
        "kind": "rapid_review_report",
        "version": 2,
        "generation_id": str(generation.pk),
        "reason": "cpu",
    }
    generated = AuditEvent.objects.get(event_type=EventType.REPORT_GENERATED)
    assert generated.data["template_version"] == 1 and generated.data["fallback_from_version"] == 2
    assert "Child Q" not in json.dumps(failing.data) + json.dumps(generated.data) + slow.status_reason
    # The status page says what happened; the templates page shows the version set aside.
    page = client.get(_status_url(world, generation))
    body = page.content.decode()
    assert "Refresh" not in page and "Generated" in body and "Report version 1, made " in body
    assert "Template version 2 could not be used with this case" in body
    sign_in(client, world.people["business_manager"])
    body = client.get(_templates_url(world)).content.decode()
    assert "Version 2 failed with a real case and is not used" in body
    # The next generation goes straight to version 1: no new alert.
    officer = world.people["business_unit_officer"]
    assert services.report_generate(actor=officer, case=world.case).template_version == 1
    assert Alert.objects.filter(kind="report_template_failing").count() == 1


@pytest.mark.django_db
def test_a_template_that_errors_with_real_data_falls_back_to_the_default_without_case_text(world, outcome):
    broken = _upload(world, _docx(BROKEN_FOR_REAL_CASES))
    assert broken.status == TemplateStatus.PASSED
    report = services.report_generate(actor=world.people["business_unit_officer"], case=world.case)
    assert (report.template, report.template_version) == (None, 0)
    assert report.generation.fallback_from_version == 1
    broken.refresh_from_db()
    assert broken.status == TemplateStatus.FAILING
    assert "stopped with an error when it was rendered with a real case's data" in broken.status_reason
    assert world.case.reference not in broken.status_reason and "child_name" not in broken.status_reason


@pytest.mark.django_db
def test_a_failed_generation_shows_a_govuk_error_and_is_audited(world, outcome, client, monkeypatch):
    monkeypatch.setattr(services, "default_template_bytes", lambda: _docx("{{ broken "))
    generation = services.report_generation_request(
        actor=world.people["business_unit_officer"], case=world.case
    )
    services.report_generation_run(generation_id=generation.pk)
    assert services.report_generation_run(generation_id=generation.pk) is None  # runs at most once
    generation.refresh_from_db()
    assert (generation.status, generation.failure) == (GenerationStatus.FAILED, "default_template")
    sign_in(client, world.people["delegate_police"])  # another reader of the case's report
    page = client.get(_status_url(world, generation))
    body = page.content.decode()
    assert page.status_code == 200 and "Refresh" not in page
    assert "govuk-error-summary" in body and "The built-in template could not be rendered" in body
    event = AuditEvent.objects.get(event_type=EventType.REPORT_GENERATION_FAILED)
    assert event.data == {"generation_id": str(generation.pk), "failure": "default_template"}


@pytest.mark.django_db
def test_the_status_page_refreshes_while_waiting_and_follows_the_report_readers(world, outcome, client):
    generation = services.report_generation_request(
        actor=world.people["business_unit_officer"], case=world.case
    )
    url = _status_url(world, generation)
    for persona, expected in [
        ("business_unit_officer", 200),
        ("independent_chair", 200),  # did not ask for it, may read the case's report
        ("review_committee_member", 403),
        ("agency_author", 404),
        ("other_partnership", 404),
    ]:
        client.logout()
        sign_in(client, world.people[persona])
        response = client.get(url)
        assert response.status_code == expected, persona
        if expected == 200:
            assert "Refresh" not in response and "Waiting to start" in response.content.decode()
            assert "Check again" in response.content.decode()
        polled = client.get(url, HTTP_ACCEPT="application/json")
        assert polled.status_code == expected, persona
        if expected == 200:
            assert polled.json()["finished"] is False and "Check again" in polled.json()["html"]
    other = reverse(
        "reports:generation_status",
        kwargs={"case_id": world.case.pk, "generation_id": "00000000-0000-0000-0000-000000000000"},
    )
    assert client.get(other).status_code == 404


# --- fixed query counts for the pages that list jobs and versions ---------------------------------------


@pytest.mark.django_db
def test_the_report_page_lists_generations_in_progress_in_a_fixed_number_of_queries(world, outcome, client):
    officer = world.people["business_unit_officer"]
    services.report_generation_request(actor=officer, case=world.case)
    sign_in(client, officer)
    url = reverse("reports:case_reports", kwargs={"case_id": world.case.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(3):
        services.report_generation_request(actor=officer, case=world.case)
    with CaptureQueriesContext(connection) as four:
        body = client.get(url).content.decode()
    assert body.count("/generations/") == 4
    assert len(four.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
def test_the_templates_page_lists_versions_in_a_fixed_number_of_queries(world, client):
    bm = world.people["business_manager"]
    data = default_template_bytes()
    _upload(world, data)
    sign_in(client, bm)
    url = _templates_url(world)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _upload(world, _docx("{{ '{}'.format(1) }}"))  # refused
    for _ in range(2):
        services.report_template_upload(  # left being checked
            actor=bm, partnership=world.partnership, uploaded_file=ContentFile(data, name="t.docx")
        )
    with CaptureQueriesContext(connection) as four:
        body = client.get(url).content.decode()
    assert body.count("DOCX<span") == 4 and "Refused" in body and "Being checked" in body
    assert len(four.captured_queries) == len(one.captured_queries)
