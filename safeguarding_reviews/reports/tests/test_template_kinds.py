"""Template kinds (issue 13, LR item 1): the kinds module (table tests), versions per partnership and kind,
document_render and its fallbacks for each kind, the templates pages of each kind (upload, a template of the
wrong kind refused, field errors, downloads, who may manage them, a fixed number of queries) and the
migration of the existing rows."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding_reviews.alerts.models import Alert
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.models import AuditEvent
from safeguarding_reviews.reports import services
from safeguarding_reviews.reports.context import sample_context_for
from safeguarding_reviews.reports.default_template import builtin_template_bytes, default_template_bytes
from safeguarding_reviews.reports.kinds import (
    SPECS,
    TemplateKind,
    Variable,
    build_docx,
    plain_context,
    spec_for,
)
from safeguarding_reviews.reports.models import ReportTemplate, TemplateStatus
from safeguarding_reviews.reports.rendering import render_docx
from safeguarding_reviews.reports.sandbox import TemplateProblem, render
from safeguarding_reviews.reports.selectors import current_template, current_versions_by_kind
from tests.fixtures import sign_in

KINDS = list(TemplateKind)
OTHER_KINDS = [kind for kind in TemplateKind if kind != TemplateKind.RAPID_REVIEW_REPORT]


def _text(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        xml = archive.read("word/document.xml").decode()
    return re.sub(r"<[^>]+>", "", xml)


def _docx(text: str) -> bytes:
    return build_docx([("p", text)], title="Synthetic")


# --- the kinds module: table tests --------------------------------------------------------------------


def _shape_matches(variables: tuple[Variable, ...], sample: dict) -> list[str]:
    """The names where the declared variables and the sample differ (top level and declared fields)."""
    problems = []
    if {v.name for v in variables} != set(sample):
        problems.append(f"{sorted(v.name for v in variables)} != {sorted(sample)}")
    for variable in variables:
        if not variable.fields:
            continue
        value = sample[variable.name]
        items = value if isinstance(value, list) else [value]
        for item in items:
            problems += [f"{variable.name}.{p}" for p in _shape_matches(variable.fields, item)]
    return problems


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_a_label_variables_and_a_sample_with_exactly_those_variables(kind):
    spec = spec_for(kind.value)
    assert spec is SPECS[kind] and spec.label == kind.label and spec.about
    assert spec.variables and all(description for _, description in spec.flattened_variables())
    names = [name for name, _ in spec.flattened_variables()]
    assert len(names) == len(set(names))
    if kind == TemplateKind.RAPID_REVIEW_REPORT:
        assert {v.name for v in spec.variables} == set(sample_context_for(kind))
    else:
        assert spec.sample_context is not None and spec.source
        assert _shape_matches(spec.variables, spec.sample_context()) == []


@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_every_declared_variable_is_used_by_the_kinds_built_in_template(kind):
    source = " ".join(text for _, text in SPECS[kind].source)
    for name, _ in SPECS[kind].flattened_variables():
        leaf = name.rsplit(".", 1)[-1]
        assert re.search(rf"\b{leaf}\b", source), f"{name} is offered but the built-in template never uses it"


@pytest.mark.parametrize("kind", KINDS)
def test_each_kinds_built_in_template_renders_with_its_sample_in_the_sandbox(kind):
    docx = render_docx(builtin_template_bytes(kind), sample_context_for(kind))
    text = _text(docx)
    assert "{{" not in text and "{%" not in text
    if kind != TemplateKind.RAPID_REVIEW_REPORT:
        assert "Sample Safeguarding Children Partnership" in text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("other", KINDS)
def test_a_built_in_template_of_one_kind_fails_with_another_kinds_sample(kind, other):
    """What refuses a template uploaded as the wrong kind: it names variables that kind does not offer."""
    if kind == other:
        assert render(builtin_template_bytes(kind), sample_context_for(other)).startswith(b"PK")
    else:
        with pytest.raises(TemplateProblem, match="which the report does not provide"):
            render(builtin_template_bytes(kind), sample_context_for(other))


def test_the_terms_of_reference_variables_are_exactly_those_the_local_review_supplies():
    spec = SPECS[TemplateKind.TERMS_OF_REFERENCE]
    assert [v.name for v in spec.variables] == ["partnership_name", "generated_on", "review"]
    review = spec.variables[2]
    assert [v.name for v in review.fields] == [
        "case_reference",
        "review_kind",
        "initiated_on",
        "version",
        "scope_from",
        "scope_to",
        "lines_of_enquiry",
        "agencies",
        "child_perspective",
        "family_context",
        "proportionality",
        "parallel_processes",
        "agreed_on",
        "agreed_at_meeting",
        "members_present",
    ]
    processes = next(v for v in review.fields if v.name == "parallel_processes")
    assert [v.name for v in processes.fields] == ["kind", "status", "constraints"]


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        (dt.date(2026, 3, 1), "1 March 2026"),
        (dt.datetime(2026, 12, 25, 9, 30), "25 December 2026"),
        (None, ""),
        (3, 3),
        ("text", "text"),
        (("a", dt.date(2026, 1, 2)), ["a", "2 January 2026"]),
        (
            {"agreed_on": None, "items": [{"due_on": dt.date(2026, 4, 1)}]},
            {"agreed_on": "", "items": [{"due_on": "1 April 2026"}]},
        ),
    ],
)
def test_plain_context_prints_dates_and_absent_values(value, plain):
    assert plain_context(value) == plain


@pytest.mark.parametrize(
    ("value", "expected"), [("terms_of_reference", True), ("nonsense", False), ("", False)]
)
def test_spec_for_knows_only_the_kinds(value, expected):
    assert (spec_for(value) is not None) is expected


# --- uploads, versions per kind ---------------------------------------------------------------------------


def _upload(world, data: bytes, kind=TemplateKind.TERMS_OF_REFERENCE, actor="business_manager"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        template = services.report_template_upload(
            actor=world.people[actor],
            partnership=world.partnership,
            uploaded_file=ContentFile(data, name="template.docx"),
            kind=kind,
        )
    template.refresh_from_db()
    return template


@pytest.mark.django_db
def test_versions_count_per_kind_and_each_kind_has_its_own_current_template(world):
    rapid = _upload(world, default_template_bytes(), kind=TemplateKind.RAPID_REVIEW_REPORT)
    terms = _upload(world, builtin_template_bytes(TemplateKind.TERMS_OF_REFERENCE))
    terms2 = _upload(world, builtin_template_bytes(TemplateKind.TERMS_OF_REFERENCE))
    assert (rapid.version, terms.version, terms2.version) == (1, 1, 2)
    assert {rapid.kind, terms.kind} == {"rapid_review_report", "terms_of_reference"}
    assert current_template(world.partnership) == rapid
    assert current_template(world.partnership, TemplateKind.TERMS_OF_REFERENCE) == terms2
    assert current_template(world.partnership, TemplateKind.COMMITTEE_REPORT) is None
    assert current_versions_by_kind(world.partnership) == {"rapid_review_report": 1, "terms_of_reference": 2}
    event = AuditEvent.objects.filter(event_type=EventType.REPORT_TEMPLATE_UPLOADED).latest("sequence")
    assert event.data["kind"] == "terms_of_reference" and event.data["version"] == 2
    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        ReportTemplate.objects.create(
            partnership=world.partnership,
            kind=TemplateKind.TERMS_OF_REFERENCE,
            version=2,
            document=terms.document,
            sha256=terms.sha256,
            uploaded_by=terms.uploaded_by,
            uploaded_at=terms.uploaded_at,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_a_template_of_another_kind_is_refused_by_its_test_render(world, kind):
    template = _upload(world, default_template_bytes(), kind=kind)
    assert template.status == TemplateStatus.REFUSED
    assert "which the report does not provide" in template.status_reason
    assert current_template(world.partnership, kind) is None
    event = AuditEvent.objects.get(event_type=EventType.REPORT_TEMPLATE_REFUSED)
    assert event.data == {"template_id": template.pk, "kind": kind.value, "version": 1, "reason": "template"}


@pytest.mark.django_db
def test_upload_refuses_a_value_that_is_not_a_kind_and_people_who_do_not_manage_templates(world):
    with pytest.raises(ValidationError) as refused:
        _upload(world, builtin_template_bytes(TemplateKind.TERMS_OF_REFERENCE), kind="nonsense")
    assert refused.value.message_dict == {"kind": ["Choose a kind of template"]}
    for persona in ("business_unit_officer", "independent_chair", "other_partnership"):
        with pytest.raises(PermissionDenied, match="Only the business manager uploads report templates"):
            _upload(world, builtin_template_bytes(TemplateKind.TERMS_OF_REFERENCE), actor=persona)
    assert not ReportTemplate.objects.exists()


# --- document_render ----------------------------------------------------------------------------------------

FAILS_WITH_REAL_DATA = (
    '{% if partnership_name != "Sample Safeguarding Children Partnership" %}{{ not_offered }}{% endif %}'
    "Synthetic version"
)


def _real_context(kind: TemplateKind) -> dict:
    sample = SPECS[kind].sample_context
    assert sample is not None
    return sample() | {"partnership_name": "Alphashire Safeguarding Children Partnership"}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_document_render_uses_the_built_in_template_when_there_is_none(world, kind):
    rendered = services.document_render(partnership=world.partnership, kind=kind, context=_real_context(kind))
    assert (rendered.template_version, rendered.template_id) == (0, None)
    assert "Alphashire Safeguarding Children Partnership" in _text(rendered.docx)
    assert "2 March 2026" in _text(rendered.docx)  # generated_on, a date, printed as a date


@pytest.mark.django_db
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_document_render_uses_the_kinds_current_template_then_falls_back(world, kind):
    _upload(world, _docx("{{ partnership_name }} rapid"), kind=TemplateKind.RAPID_REVIEW_REPORT)  # refused
    first = _upload(world, _docx("{{ partnership_name }} first version"), kind=kind)
    rendered = services.document_render(partnership=world.partnership, kind=kind, context=_real_context(kind))
    assert (rendered.template_version, rendered.template_id) == (1, first.pk)
    assert "Alphashire Safeguarding Children Partnership first version" in _text(rendered.docx)
    broken = _upload(world, _docx(FAILS_WITH_REAL_DATA), kind=kind)
    assert broken.status == TemplateStatus.PASSED  # it passes the sample
    rendered = services.document_render(partnership=world.partnership, kind=kind, context=_real_context(kind))
    assert (rendered.template_version, rendered.template_id) == (1, first.pk)
    broken.refresh_from_db()
    assert broken.status == TemplateStatus.FAILING
    assert "stopped with an error when it was rendered with a real case's data" in broken.status_reason
    event = AuditEvent.objects.get(event_type=EventType.REPORT_TEMPLATE_FAILING)
    assert event.data == {"template_id": broken.pk, "kind": kind.value, "version": 2, "reason": "template"}
    assert event.case_id is None
    alert = Alert.objects.get(kind="report_template_failing")
    assert alert.user == world.people["business_manager"] and alert.case is None
    assert alert.link == reverse(
        "reports:kind_templates", kwargs={"slug": world.partnership.slug, "kind": kind}
    )
    # The first version fails too: the built-in version 0 is used.
    ReportTemplate.objects.filter(pk=first.pk).update(status=TemplateStatus.FAILING)
    rendered = services.document_render(partnership=world.partnership, kind=kind, context=_real_context(kind))
    assert (rendered.template_version, rendered.template_id) == (0, None)


@pytest.mark.django_db
def test_document_render_says_so_when_even_the_built_in_template_cannot_render_the_context(world):
    with pytest.raises(ValidationError) as failed:
        services.document_render(
            partnership=world.partnership,
            kind=TemplateKind.SEVEN_MINUTE_BRIEFING,
            context={"review_name": "X"},
        )
    assert failed.value.code == "default_template"
    with pytest.raises(ValueError, match="not a template kind"):
        services.document_render(partnership=world.partnership, kind="nonsense", context={})


# --- the pages ----------------------------------------------------------------------------------------------


def _page(world, kind: str) -> str:
    return reverse("reports:kind_templates", kwargs={"slug": world.partnership.slug, "kind": kind})


def _file(data: bytes, name: str = "ours.docx") -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


@pytest.mark.django_db
@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_each_kinds_page_shows_its_variables_and_the_kinds_in_use(world, client, kind):
    sign_in(client, world.people["business_manager"])
    body = client.get(_page(world, kind)).content.decode()
    assert f"{kind.label} templates" in body
    for name, _ in SPECS[kind].flattened_variables():
        assert f"<code>{name}</code>" in body
    assert 'id="kind-current-rapid_review_report">The default template (version 0)' in body
    for other in TemplateKind:
        assert other.label in body


@pytest.mark.django_db
def test_the_rapid_review_report_page_keeps_its_address_and_links_to_the_other_kinds(world, client):
    sign_in(client, world.people["business_manager"])
    body = client.get(reverse("reports:templates", kwargs={"slug": world.partnership.slug})).content.decode()
    assert "Rapid review report templates" in body and "<code>case</code>" in body
    assert _page(world, "terms_of_reference") in body
    same = client.get(_page(world, "rapid_review_report"))
    assert same.status_code == 200 and "Rapid review report templates" in same.content.decode()


@pytest.mark.django_db
def test_upload_per_kind_then_history_and_downloads(world, client):
    sign_in(client, world.people["business_manager"])
    kind = TemplateKind.FAMILY_INFORMATION_LETTER
    data = builtin_template_bytes(kind)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_page(world, kind), {"file": _file(data)})
    assert response.status_code == 302 and response["Location"] == f"{_page(world, kind)}?version=1"
    template = ReportTemplate.objects.get()
    assert (template.kind, template.version, template.status) == (kind.value, 1, TemplateStatus.PASSED)
    body = client.get(response["Location"]).content.decode()
    assert "Version 1 passed its test and is now the current template" in body
    assert f'id="kind-current-{kind.value}">Version 1' in body
    slug = world.partnership.slug
    download = client.get(
        reverse("reports:kind_template_download", kwargs={"slug": slug, "kind": kind, "version": 1})
    )
    assert b"".join(download.streaming_content) == data
    assert download["Content-Disposition"].endswith('family-information-letter-alphashire-v1.docx"')
    # Version 1 of this kind is not version 1 of another.
    missing = reverse(
        "reports:kind_template_download", kwargs={"slug": slug, "kind": "committee_report", "version": 1}
    )
    assert client.get(missing).status_code == 404
    assert (
        client.get(reverse("reports:template_download", kwargs={"slug": slug, "version": 1})).status_code
        == 404
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_the_built_in_version_0_of_each_kind_downloads_and_is_audited(world, client, kind):
    sign_in(client, world.people["business_manager"])
    slug = world.partnership.slug
    url = (
        reverse("reports:default_template", kwargs={"slug": slug})
        if kind == TemplateKind.RAPID_REVIEW_REPORT
        else reverse("reports:kind_default_template", kwargs={"slug": slug, "kind": kind})
    )
    response = client.get(url)
    assert b"".join(response.streaming_content) == builtin_template_bytes(kind)
    event = AuditEvent.objects.get(event_type=EventType.DOCUMENT_DOWNLOADED)
    assert event.data["kind"] == kind.value and event.data["version"] == 0


@pytest.mark.django_db
def test_a_template_of_the_wrong_kind_is_refused_on_the_page_with_the_reason(world, client):
    sign_in(client, world.people["business_manager"])
    url = _page(world, TemplateKind.TERMS_OF_REFERENCE)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"file": _file(builtin_template_bytes(TemplateKind.COMMITTEE_REPORT))})
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "govuk-error-summary" in body and "Version 1 was refused" in body
    assert "“committee_name”, which the report does not provide" in body
    assert current_template(world.partnership, TemplateKind.TERMS_OF_REFERENCE) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "Select a Word document (.docx) to upload"),
        ({"file": _file(b"not a word document", "notes.docx")}, "The selected file must be a Word document"),
    ],
    ids=["no-file", "not-docx"],
)
def test_field_errors_on_a_kinds_page_are_govuk_errors_not_500s(world, client, data, message):
    sign_in(client, world.people["business_manager"])
    response = client.post(_page(world, TemplateKind.SEVEN_MINUTE_BRIEFING), data or {})
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body and message in body and "Seven-minute briefing templates" in body
    assert not ReportTemplate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("business_unit_officer", 403),
        ("delegate_police", 403),
        ("independent_chair", 403),
        ("other_partnership", 404),
    ],
)
def test_only_the_business_manager_manages_each_kind(world, client, persona, status):
    sign_in(client, world.people[persona])
    slug = world.partnership.slug
    kind = TemplateKind.TERMS_OF_REFERENCE
    urls = [
        _page(world, kind),
        reverse("reports:kind_default_template", kwargs={"slug": slug, "kind": kind}),
        reverse("reports:kind_template_download", kwargs={"slug": slug, "kind": kind, "version": 1}),
    ]
    for url in urls:
        assert client.get(url).status_code == status
    assert client.post(urls[0], {"file": _file(builtin_template_bytes(kind))}).status_code == status
    assert not ReportTemplate.objects.exists()


@pytest.mark.django_db
def test_an_unknown_kind_is_404_for_the_manager(world, client):
    sign_in(client, world.people["business_manager"])
    slug = world.partnership.slug
    assert client.get(_page(world, "nonsense")).status_code == 404
    assert (
        client.get(reverse("reports:kind_default_template", kwargs={"slug": slug, "kind": "x"})).status_code
        == 404
    )
    url = reverse("reports:kind_template_download", kwargs={"slug": slug, "kind": "x", "version": 1})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_kinds_page_runs_a_fixed_number_of_queries(world, client, django_assert_num_queries):
    sign_in(client, world.people["business_manager"])
    kind = TemplateKind.TERMS_OF_REFERENCE
    url = _page(world, kind)
    _upload(world, builtin_template_bytes(kind))
    client.get(url)
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(url).status_code == 200
    for other in OTHER_KINDS:
        _upload(world, builtin_template_bytes(other), kind=other)
    _upload(world, builtin_template_bytes(kind))
    _upload(world, default_template_bytes())  # refused (another kind's)
    with django_assert_num_queries(len(baseline.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("DOCX<span") == 4 and "Refused" in body
    assert 'id="kind-current-committee_report">Version 1' in body


# --- the migration ------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_existing_templates_become_rapid_review_report_templates(world):
    from django.db.migrations.executor import MigrationExecutor

    first = services.report_template_upload(
        actor=world.people["business_manager"],
        partnership=world.partnership,
        uploaded_file=ContentFile(default_template_bytes(), name="v1.docx"),
    )
    before = [("reports", "0002_template_status_and_generation_jobs")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        apps = executor.loader.project_state(before).apps
        old = apps.get_model("reports", "ReportTemplate")
        assert "kind" not in {f.name for f in old._meta.get_fields()}
        old.objects.create(
            partnership_id=world.partnership.pk,
            version=2,
            document_id=first.document_id,
            sha256=first.sha256,
            uploaded_by_id=first.uploaded_by_id,
            uploaded_at=first.uploaded_at,
            status="passed",
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    rows = list(ReportTemplate.objects.order_by("version").values_list("kind", "version"))
    assert rows == [("rapid_review_report", 1), ("rapid_review_report", 2)]
    current = current_template(world.partnership)
    assert current is not None and current.version == 2
    terms = _upload(world, builtin_template_bytes(TemplateKind.TERMS_OF_REFERENCE))
    assert terms.version == 1
