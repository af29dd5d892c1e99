"""Writes for the Rapid Review report and the partnership's Word templates of every kind (reports.kinds).
Keyword-only; each checks the policy, owns its transaction and records one audit event holding ids, kinds,
versions, checksums and reason codes only (never report text).

No template is ever rendered in a web request (security finding 2, target O9). Rendering happens on the task
worker (reports.tasks), and there in a separate process with hard limits (rendering.render_docx).

- report_template_upload: a business manager uploads a .docx for one template kind. It is inspected by
  content in the request (documents.inspection: a Word document, no macros, no zip bomb; refused with nothing
  stored otherwise), then stored as CHECKING and its test render against the kind's sample context
  (context.sample_context_for) is queued.
- report_template_check_run (the worker): the test render. PASSED makes it the kind's current template (the
  newest passing version of that kind); REFUSED keeps it, never current, with the reason for the business
  manager. A template written for another kind is refused here: it names variables this kind lacks.
- document_render (the worker, for other apps: the terms of reference, letters, briefings, committee
  reports): renders a document of a kind from the current passing template, with the same fallback and
  setting aside as the report; returns RenderedDocument and stores nothing.
- report_generation_request: the business unit asks for the report; a ReportGeneration is queued.
- report_generation_run (the worker): renders the DOCX from the current template (or the built-in default,
  version 0) and the PDF of the same context, stores both and records the checksums and versions. A template
  that fails with the case's data (an error or a limit) is set aside as FAILING, the partnership's business
  managers are alerted, and the generation falls back to the previous passing version, or to version 0.
  There is no update service: a report is never changed, only superseded by a newer one.
- report_generate: request and run at once in this process (the child render and its limits still apply),
  for scripts and tests that need a report; pages always go through the worker.
- report_record_download / report_template_record_download: the one read event of a download.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from safeguarding_reviews.alerts.models import AlertKind
from safeguarding_reviews.alerts.rules import Handoff
from safeguarding_reviews.alerts.services import alert_create, handoff_notify
from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.policies import visible_cases
from safeguarding_reviews.core import clock
from safeguarding_reviews.core.outbox import enqueue_with_write
from safeguarding_reviews.documents.inspection import detect
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.documents.services import document_path, document_store
from safeguarding_reviews.organisations.models import Partnership
from safeguarding_reviews.organisations.roles import Role
from safeguarding_reviews.organisations.selectors import people_with_roles
from safeguarding_reviews.outcomes.models import RapidReviewOutcome

from . import builders
from .context import report_context, sample_context_for
from .default_template import builtin_template_bytes, default_template_bytes
from .kinds import TemplateKind, plain_context, spec_for
from .models import (
    DEFAULT_TEMPLATE_VERSION,
    DocumentGeneration,
    DocumentGenerationFailure,
    GeneratedReport,
    GenerationFailure,
    GenerationStatus,
    ReportGeneration,
    ReportTemplate,
    TemplateStatus,
)
from .policies import ReportAction, may, may_manage_templates
from .rendering import RenderCode, limit_message, render_docx, render_pdf
from .selectors import passing_templates

if TYPE_CHECKING:
    from safeguarding_reviews.accounts.models import User

TEMPLATE_PURPOSE = "report_template"
REPORT_PURPOSE = "rapid_review_report"
NOT_DOCX = "The selected file must be a Word document (.docx)"
NO_OUTCOME = "Record the rapid review outcome before generating the report"
CHECK_FAILED = "The template could not be checked because of a problem on the server. Upload it again."
NOT_A_KIND = "Choose a kind of template"
BUILTIN_FAILED = "The built-in template could not be rendered"
_REASON_MAX = 1000


def _read(uploaded_file: Any) -> bytes:
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    return data


def _inspect_upload(uploaded_file: Any) -> bytes:
    """The template's bytes if it is a Word document by its content (no macros, no zip bomb); else
    ValidationError for the file field. Cheap and bounded, so it runs in the request; renders nothing."""
    try:
        file_type = detect(uploaded_file)
    except ValidationError as exc:
        if exc.code in {"zip_bomb", "macros", "size", "empty"}:
            raise ValidationError({"file": exc.messages}) from exc
        raise ValidationError({"file": NOT_DOCX}) from exc
    if file_type.code != "docx":
        raise ValidationError({"file": NOT_DOCX})
    return _read(uploaded_file)


def _discard(document: Document | None) -> None:
    if document is not None:
        document_path(document).unlink(missing_ok=True)


def report_template_upload(
    *,
    actor: User,
    partnership: Partnership,
    uploaded_file: Any,
    kind: str = TemplateKind.RAPID_REVIEW_REPORT,
) -> ReportTemplate:
    """Store a new version of the partnership's template of `kind` (reports.kinds) as CHECKING and queue its
    test render against the kind's sample context. It becomes the kind's current template only when that
    passes. Versions count per partnership and kind. Returns the row as it is after the commit (with the
    ImmediateBackend the check has already run). ValidationError({"kind": ...}) for a value that is not a
    kind."""
    if not may_manage_templates(actor, partnership):
        raise PermissionDenied("Only the business manager uploads report templates")
    if spec_for(str(kind)) is None:
        raise ValidationError({"kind": NOT_A_KIND})
    kind = TemplateKind(kind)
    data = _inspect_upload(uploaded_file)
    from .tasks import report_template_test_render

    document = None
    try:
        with transaction.atomic(durable=True):
            Partnership.objects.select_for_update(no_key=True).filter(pk=partnership.pk).exists()
            document = document_store(
                actor=actor,
                case=None,
                uploaded_file=uploaded_file,
                purpose=TEMPLATE_PURPOSE,
                partnership=partnership,
            )
            if document.sha256 != hashlib.sha256(data).hexdigest():
                raise ValidationError({"file": "The file changed while it was being stored: upload it again"})
            latest = ReportTemplate.objects.filter(partnership=partnership, kind=kind).aggregate(
                v=Max("version")
            )["v"]
            template = ReportTemplate.objects.create(
                partnership=partnership,
                kind=kind,
                version=(latest or 0) + 1,
                document=document,
                sha256=document.sha256,
                uploaded_by=actor,
                uploaded_at=clock.now(),
                status=TemplateStatus.CHECKING,
            )
            record_event(
                event_type=EventType.REPORT_TEMPLATE_UPLOADED,
                actor=actor,
                partnership=partnership,
                target=template,
                data={
                    "template_id": template.pk,
                    "kind": str(kind),
                    "version": template.version,
                    "document_id": str(document.pk),
                    "sha256": template.sha256,
                },
            )
            template_id = template.pk
            transaction.on_commit(lambda: report_template_test_render.enqueue(template_id=template_id))
    except BaseException:
        _discard(document)
        raise
    template.refresh_from_db()
    return template


def _template_transition(
    *, template: ReportTemplate, to: TemplateStatus, reason: str, event_type: EventType, data: dict[str, Any]
) -> bool:
    """Move a template on from CHECKING (to PASSED or REFUSED). False if something else moved it first."""
    with transaction.atomic(durable=True):
        changed = ReportTemplate.objects.filter(pk=template.pk, status=TemplateStatus.CHECKING).update(
            status=to, status_reason=reason[:_REASON_MAX], status_changed_at=clock.now()
        )
        if changed:
            record_event(
                event_type=event_type,
                partnership=template.partnership,
                target=template,
                data={
                    "template_id": template.pk,
                    "kind": template.kind,
                    "version": template.version,
                    **data,
                },
            )
    return bool(changed)


def report_template_check_run(*, template_id: int) -> ReportTemplate | None:
    """The test render of an uploaded template against its kind's sample context (the task worker calls this).
    Runs at most once per template: a template no longer CHECKING is left alone (None)."""
    template = (
        ReportTemplate.objects.filter(pk=template_id, status=TemplateStatus.CHECKING)
        .select_related("document", "partnership")
        .first()
    )
    if template is None:
        return None
    try:
        render_docx(document_path(template.document).read_bytes(), sample_context_for(template.kind))
    except ValidationError as exc:
        _template_transition(
            template=template,
            to=TemplateStatus.REFUSED,
            reason=" ".join(exc.messages),
            event_type=EventType.REPORT_TEMPLATE_REFUSED,
            data={"reason": exc.code or RenderCode.TEMPLATE},
        )
    except Exception:
        _template_transition(
            template=template,
            to=TemplateStatus.REFUSED,
            reason=CHECK_FAILED,
            event_type=EventType.REPORT_TEMPLATE_REFUSED,
            data={"reason": "check_failed"},
        )
        raise  # the worker records the task as failed, with its traceback (no case data: a sample render)
    else:
        _template_transition(
            template=template,
            to=TemplateStatus.PASSED,
            reason="",
            event_type=EventType.REPORT_TEMPLATE_PASSED,
            data={},
        )
    template.refresh_from_db()
    return template


def _failing_reason(code: str | None, when: Any) -> str:
    what = (
        "it stopped with an error when it was rendered with a real case's data"
        if code in (None, RenderCode.TEMPLATE)
        else limit_message(code)[0].lower() + limit_message(code)[1:]
    )
    local = clock.london(when)
    return (
        f"Set aside on {local.day} {local:%B %Y at %H:%M}: {what}. Reports use the previous passing version "
        "(or the default template) until you upload a corrected template."
    )


def templates_page_url(partnership: Partnership, kind: str) -> str:
    """The templates page of a kind: the rapid review report's keeps its first address."""
    if kind == TemplateKind.RAPID_REVIEW_REPORT:
        return reverse("reports:templates", kwargs={"slug": partnership.slug})
    return reverse("reports:kind_templates", kwargs={"slug": partnership.slug, "kind": kind})


def _template_set_aside(
    *,
    template: ReportTemplate,
    code: str | None,
    case: Case | None = None,
    generation: ReportGeneration | None = None,
) -> None:
    """A PASSED template that failed with real data becomes FAILING, and the partnership's business
    managers get an in-app alert (a kind and a link to the kind's templates page: no case, no text)."""
    now = clock.now()
    partnership = template.partnership
    with transaction.atomic(durable=True):
        changed = ReportTemplate.objects.filter(pk=template.pk, status=TemplateStatus.PASSED).update(
            status=TemplateStatus.FAILING, status_reason=_failing_reason(code, now), status_changed_at=now
        )
        if not changed:
            return  # another render set it aside first: one event, one alert
        data: dict[str, Any] = {
            "template_id": template.pk,
            "kind": template.kind,
            "version": template.version,
        }
        if generation is not None:
            data["generation_id"] = str(generation.pk)
        record_event(
            event_type=EventType.REPORT_TEMPLATE_FAILING,
            case=case,
            partnership=partnership,
            target=template,
            data={**data, "reason": code or RenderCode.TEMPLATE},
        )
        link = templates_page_url(partnership, template.kind)
        for person in people_with_roles(partnership_id=partnership.pk, roles=[Role.BUSINESS_MANAGER]):
            alert_create(user=person, case=None, kind=AlertKind.REPORT_TEMPLATE_FAILING, link=link)


def _generation_create(*, actor: User, case: Case, enqueue: bool) -> ReportGeneration:
    if not may(actor, ReportAction.GENERATE, case):
        raise PermissionDenied("You may not generate this case's report")
    if not RapidReviewOutcome.objects.filter(case=case).exists():
        raise ValidationError(NO_OUTCOME)
    from .tasks import report_generation_build

    with transaction.atomic(durable=True):
        generation = ReportGeneration.objects.create(
            case=case, requested_by=actor, status=GenerationStatus.QUEUED, created_at=clock.now()
        )
        record_event(
            event_type=EventType.REPORT_GENERATION_REQUESTED,
            actor=actor,
            case=case,
            target=generation,
            data={"generation_id": str(generation.pk)},
        )
        if enqueue:
            generation_id = str(generation.pk)
            enqueue_with_write(report_generation_build, generation_id=generation_id)
    return generation


def report_generation_request(*, actor: User, case: Case) -> ReportGeneration:
    """Queue the generation of the case's report (the page then shows its status). ValidationError if the
    case has no rapid review outcome yet."""
    return _generation_create(actor=actor, case=case, enqueue=True)


def _generation_fail(generation: ReportGeneration, failure: GenerationFailure) -> None:
    with transaction.atomic(durable=True):
        ReportGeneration.objects.filter(pk=generation.pk).update(
            status=GenerationStatus.FAILED, failure=failure, finished_at=clock.now()
        )
        record_event(
            event_type=EventType.REPORT_GENERATION_FAILED,
            actor=generation.requested_by,
            case=generation.case,
            target=generation,
            data={"generation_id": str(generation.pk), "failure": str(failure)},
        )


def _may_still_generate(user: User, case: Case) -> bool:
    return (
        getattr(user, "is_active", False)
        and visible_cases(user).filter(pk=case.pk).exists()
        and may(user, ReportAction.GENERATE, case)
    )


@dataclass(frozen=True)
class RenderedDocument:
    """A document rendered from a partnership's template of one kind: the DOCX bytes, the template version
    used (0 = the built-in one) and its id (None for the built-in one). The caller stores the bytes."""

    docx: bytes
    template_version: int
    template_id: int | None


@dataclass(frozen=True)
class _Render:
    docx: bytes
    template: ReportTemplate | None
    template_version: int
    context: dict[str, Any]
    fallback_from: int | None


def _builtin_bytes(kind: str) -> bytes:
    # The rapid review's through this module's name, so a test can make the built-in one fail.
    if kind == TemplateKind.RAPID_REVIEW_REPORT:
        return default_template_bytes()
    return builtin_template_bytes(kind)


def _render_with_fallback(
    *,
    partnership: Partnership,
    kind: str,
    context_for: Callable[[int], dict[str, Any]],
    set_aside: Callable[[ReportTemplate, str | None], None],
) -> _Render | None:
    """Render the kind's current passing template with the context for its version; a passing version that
    fails (an error or a limit) is set aside and the next older passing version is tried, then the built-in
    one (version 0). None if even the built-in one fails."""
    fallback_from: int | None = None
    candidates: list[ReportTemplate | None] = [*passing_templates(partnership, kind), None]
    for template in candidates:
        if template is None:
            template_bytes, template_version = _builtin_bytes(kind), DEFAULT_TEMPLATE_VERSION
        else:
            template_bytes, template_version = document_path(template.document).read_bytes(), template.version
        context = context_for(template_version)
        try:
            docx_bytes = render_docx(template_bytes, context)
        except ValidationError as exc:
            if template is None:
                return None
            set_aside(template, exc.code)
            fallback_from = template.version if fallback_from is None else fallback_from
            continue
        return _Render(
            docx=docx_bytes,
            template=template,
            template_version=template_version,
            context=context,
            fallback_from=fallback_from,
        )
    return None


def document_render(*, partnership: Partnership, kind: str, context: dict[str, Any]) -> RenderedDocument:
    """Render a document of `kind` (reports.kinds) with `context` (the kind's variables; dates as dates, None
    for absent values) from the partnership's current passing template of that kind, in the sandbox, falling
    back to older passing versions and then the built-in version 0, as the rapid review report does; a
    version that fails with this data is set aside (FAILING, audited, the business managers alerted).

    For the task worker: it renders a Word template, which a web request never does. The caller stores the
    bytes as a Document and records its own event. ValidationError(code="default_template") if even the
    built-in template fails (a context that lacks a variable the kind declares)."""
    if spec_for(str(kind)) is None:
        raise ValueError(f"{kind!r} is not a template kind")
    plain = plain_context(context)
    rendered = _render_with_fallback(
        partnership=partnership,
        kind=kind,
        context_for=lambda version: plain,
        set_aside=lambda template, code: _template_set_aside(template=template, code=code),
    )
    if rendered is None:
        raise ValidationError(BUILTIN_FAILED, code=GenerationFailure.DEFAULT_TEMPLATE.value)
    return RenderedDocument(
        docx=rendered.docx,
        template_version=rendered.template_version,
        template_id=rendered.template.pk if rendered.template else None,
    )


def report_generation_run(*, generation_id: UUID | str) -> ReportGeneration | None:
    """Generate the report (the task worker calls this). Runs at most once per generation: one no longer
    QUEUED is left alone (None). Runs as the person who asked, whose right to generate is checked again."""
    claimed = ReportGeneration.objects.filter(pk=generation_id, status=GenerationStatus.QUEUED).update(
        status=GenerationStatus.RUNNING, started_at=clock.now()
    )
    if not claimed:
        return None
    generation = ReportGeneration.objects.select_related(
        "case", "case__lead_partnership", "requested_by"
    ).get(pk=generation_id)
    actor, case = generation.requested_by, generation.case
    try:
        outcome = RapidReviewOutcome.objects.filter(case=case).first()
        if not _may_still_generate(actor, case):
            _generation_fail(generation, GenerationFailure.NO_ACCESS)
        elif outcome is None:
            _generation_fail(generation, GenerationFailure.NO_OUTCOME)
        else:
            _generate(generation=generation, actor=actor, case=case, outcome=outcome)
    except Exception:
        _generation_fail(generation, GenerationFailure.ERROR)
        raise  # the worker records the task as failed, with its traceback
    generation.refresh_from_db()
    return generation


def _generate(*, generation: ReportGeneration, actor: User, case: Case, outcome: RapidReviewOutcome) -> None:
    generated_at = clock.now()
    rendered = _render_with_fallback(
        partnership=case.lead_partnership,
        kind=TemplateKind.RAPID_REVIEW_REPORT,
        context_for=lambda version: report_context(
            case=case, outcome=outcome, generated_at=generated_at, template_version=version
        ),
        set_aside=lambda template, code: _template_set_aside(
            template=template, code=code, case=case, generation=generation
        ),
    )
    if rendered is None:
        _generation_fail(generation, GenerationFailure.DEFAULT_TEMPLATE)
        return
    pdf_bytes = render_pdf(rendered.context)
    _store(
        generation=generation,
        actor=actor,
        outcome=outcome,
        template=rendered.template,
        template_version=rendered.template_version,
        fallback_from=rendered.fallback_from,
        docx_bytes=rendered.docx,
        pdf_bytes=pdf_bytes,
        generated_at=generated_at,
    )


def _store(
    *,
    generation: ReportGeneration,
    actor: User,
    outcome: RapidReviewOutcome,
    template: ReportTemplate | None,
    template_version: int,
    fallback_from: int | None,
    docx_bytes: bytes,
    pdf_bytes: bytes,
    generated_at: Any,
) -> None:
    case = generation.case
    sha256 = hashlib.sha256(docx_bytes).hexdigest()
    pdf_sha256 = hashlib.sha256(pdf_bytes).hexdigest()
    stem = f"rapid-review-report-{case.reference}-v{outcome.version}"
    stored: list[Document] = []
    try:
        with transaction.atomic(durable=True):
            for content, name in ((docx_bytes, f"{stem}.docx"), (pdf_bytes, f"{stem}.pdf")):
                stored.append(
                    document_store(
                        actor=actor,
                        case=case,
                        uploaded_file=ContentFile(content, name=name),
                        purpose=REPORT_PURPOSE,
                        partnership=case.lead_partnership,
                    )
                )
            docx, pdf = stored
            if (docx.sha256, pdf.sha256) != (sha256, pdf_sha256):
                raise RuntimeError("stored report files do not match what was rendered")
            report = GeneratedReport.objects.create(
                case=case,
                outcome=outcome,
                outcome_version=outcome.version,
                template=template,
                template_version=template_version,
                docx=docx,
                pdf=pdf,
                sha256=sha256,
                pdf_sha256=pdf_sha256,
                generated_by=actor,
                generated_at=generated_at,
            )
            ReportGeneration.objects.filter(pk=generation.pk).update(
                status=GenerationStatus.DONE,
                report=report,
                fallback_from_version=fallback_from,
                finished_at=clock.now(),
            )
            record_event(
                event_type=EventType.REPORT_GENERATED,
                actor=actor,
                case=case,
                target=report,
                data={
                    "report_id": report.pk,
                    "generation_id": str(generation.pk),
                    "outcome_id": outcome.pk,
                    "outcome_version": outcome.version,
                    "template_id": template.pk if template else None,
                    "template_version": template_version,
                    "fallback_from_version": fallback_from,
                    "docx_document_id": str(docx.pk),
                    "pdf_document_id": str(pdf.pk),
                    "sha256": sha256,
                    "pdf_sha256": pdf_sha256,
                },
            )
            # A new report needs each partner's sign-off afresh (sign-offs are made against its checksum).
            handoff_notify(
                event=Handoff.REPORT_READY,
                case=case,
                actor=actor,
                link=reverse("signoffs:overview", kwargs={"case_id": case.pk}),
            )
    except BaseException:
        for document in stored:
            _discard(document)
        raise


def report_generate(*, actor: User, case: Case) -> GeneratedReport:
    """Generate the report now, in this process, and return it (scripts, the authorization matrix and other
    apps' tests). The Word template still renders in the limited child process. Pages never call this: they
    queue report_generation_request. ValidationError if it cannot be generated."""
    generation = _generation_create(actor=actor, case=case, enqueue=False)
    ran = report_generation_run(generation_id=generation.pk)
    if ran is None or ran.report is None:
        failure = ran.get_failure_display() if ran is not None else "The report could not be generated"
        raise ValidationError(str(failure))
    return ran.report


def report_record_download(*, actor: User, report: GeneratedReport, file_format: str) -> None:
    """The one read event of a report download (DOCX or PDF)."""
    document = report.docx if file_format == "docx" else report.pdf
    with transaction.atomic():
        record_event(
            event_type=EventType.REPORT_DOWNLOADED,
            actor=actor,
            case=report.case,
            target=report,
            data={"report_id": report.pk, "document_id": str(document.pk), "format": file_format},
        )


def report_template_record_download(
    *,
    actor: User,
    partnership: Partnership,
    template: ReportTemplate | None,
    kind: str = TemplateKind.RAPID_REVIEW_REPORT,
) -> None:
    """A template holds no case data; its download is still recorded (the default template's too)."""
    with transaction.atomic():
        record_event(
            event_type=EventType.DOCUMENT_DOWNLOADED,
            actor=actor,
            partnership=partnership,
            target=template,
            data={
                "purpose": TEMPLATE_PURPOSE,
                "kind": template.kind if template else str(kind),
                "template_id": template.pk if template else None,
                "version": template.version if template else DEFAULT_TEMPLATE_VERSION,
                "document_id": str(template.document_id) if template else None,
            },
        )


# --- Word documents of other template kinds (DocumentGeneration; builders registered by the owning app) ----


def document_generation_request(
    *,
    user: User,
    case: Case | None = None,
    partnership: Partnership | None = None,
    kind: str,
    subject_id: int,
    subject_version: int,
    context_builder_name: str,
) -> DocumentGeneration:
    """Queue the making of a Word document of `kind` for `case` from the subject (`subject_id`, at
    `subject_version`) through the registered context builder (reports.builders). A partnership-scoped
    builder's document is asked for with `partnership` and no case. PermissionDenied if the builder's
    `may_request` refuses; ValueError for an unknown builder, a builder of another kind or the wrong scope."""
    builder = builders.get(context_builder_name)
    if builder.kind != kind or spec_for(str(kind)) is None:
        raise ValueError(f"{context_builder_name!r} does not make {kind!r}")
    scoped_to_partnership = builder.scope == builders.PARTNERSHIP
    if scoped_to_partnership != (case is None) or (scoped_to_partnership and partnership is None):
        raise ValueError(f"{context_builder_name!r} is a {builder.scope} document")
    if not builder.may_request(user, case if case is not None else partnership):
        raise PermissionDenied("You may not make this document")
    from .tasks import document_generation_build

    with transaction.atomic(durable=True):
        generation = DocumentGeneration.objects.create(
            case=case,
            partnership=partnership if case is None else None,
            kind=kind,
            builder=builder.name,
            subject_id=subject_id,
            subject_version=subject_version,
            requested_by=user,
            status=GenerationStatus.QUEUED,
            created_at=clock.now(),
        )
        record_event(
            event_type=EventType.DOCUMENT_GENERATION_REQUESTED,
            actor=user,
            case=case,
            partnership=partnership if case is None else None,
            target=generation,
            data={
                "generation_id": str(generation.pk),
                "kind": kind,
                "builder": builder.name,
                "subject_id": subject_id,
                "subject_version": subject_version,
            },
        )
        enqueue_with_write(document_generation_build, generation_id=str(generation.pk))
    return generation


def _generation_partnership(generation: DocumentGeneration) -> Partnership:
    """Whose document it is: the case's lead partnership, or the partnership of a partnership document."""
    if generation.case is not None:
        return generation.case.lead_partnership
    assert generation.partnership is not None  # the check constraint: a case or a partnership
    return generation.partnership


def _document_generation_fail(generation: DocumentGeneration, failure: str) -> None:
    with transaction.atomic(durable=True):
        DocumentGeneration.objects.filter(pk=generation.pk).update(
            status=GenerationStatus.FAILED, failure=failure, finished_at=clock.now()
        )
        record_event(
            event_type=EventType.DOCUMENT_GENERATION_FAILED,
            actor=generation.requested_by,
            case=generation.case,
            partnership=generation.partnership if generation.case is None else None,
            target=generation,
            data={"generation_id": str(generation.pk), "kind": generation.kind, "failure": str(failure)},
        )


def _may_still_request(generation: DocumentGeneration, builder: builders.ContextBuilder) -> bool:
    """The person who asked may still ask: still active, and (for a case's document) still sees the case."""
    actor, case = generation.requested_by, generation.case
    if not getattr(actor, "is_active", False):
        return False
    if case is None:
        return bool(builder.may_request(actor, generation.partnership))
    return visible_cases(actor).filter(pk=case.pk).exists() and builder.may_request(actor, case)


def document_generation_run(*, generation_id: UUID | str) -> DocumentGeneration | None:
    """Make the document (the task worker calls this). Runs at most once per generation: one no longer
    QUEUED is left alone (None). Runs as the person who asked, whose right to ask is checked again."""
    claimed = DocumentGeneration.objects.filter(pk=generation_id, status=GenerationStatus.QUEUED).update(
        status=GenerationStatus.RUNNING, started_at=clock.now()
    )
    if not claimed:
        return None
    generation = DocumentGeneration.objects.select_related(
        "case", "case__lead_partnership", "partnership", "requested_by"
    ).get(pk=generation_id)
    try:
        builder = builders.get(generation.builder)
        allowed = _may_still_request(generation, builder)
        subject = generation.case if generation.case is not None else generation.partnership
        context = builder.build(subject, generation.subject_id) if allowed else None
        if not allowed:
            _document_generation_fail(generation, DocumentGenerationFailure.NO_ACCESS)
        elif context is None:
            _document_generation_fail(generation, DocumentGenerationFailure.NO_SUBJECT)
        else:
            _document_make(generation=generation, builder=builder, context=context)
    except ValidationError as exc:
        if exc.code != GenerationFailure.DEFAULT_TEMPLATE.value:
            _document_generation_fail(generation, DocumentGenerationFailure.ERROR)
            raise
        _document_generation_fail(generation, DocumentGenerationFailure.DEFAULT_TEMPLATE)
    except Exception:
        _document_generation_fail(generation, DocumentGenerationFailure.ERROR)
        raise  # the worker records the task as failed, with its traceback
    generation.refresh_from_db()
    return generation


def _document_make(
    *, generation: DocumentGeneration, builder: builders.ContextBuilder, context: dict[str, Any]
) -> None:
    case, actor = generation.case, generation.requested_by
    partnership = _generation_partnership(generation)
    rendered = document_render(partnership=partnership, kind=generation.kind, context=context)
    subject = case if case is not None else partnership
    name = f"{builder.filename(subject, generation.subject_version)}.docx"
    stored: Document | None = None
    try:
        with transaction.atomic(durable=True):
            stored = document_store(
                actor=actor,
                case=case,
                uploaded_file=ContentFile(rendered.docx, name=name),
                purpose=builder.purpose,
                partnership=partnership,
            )
            DocumentGeneration.objects.filter(pk=generation.pk).update(
                status=GenerationStatus.DONE,
                document=stored,
                template_version=rendered.template_version,
                finished_at=clock.now(),
            )
            record_event(
                event_type=EventType.DOCUMENT_GENERATED,
                actor=actor,
                case=case,
                partnership=partnership if case is None else None,
                target=generation,
                data={
                    "generation_id": str(generation.pk),
                    "kind": generation.kind,
                    "subject_id": generation.subject_id,
                    "subject_version": generation.subject_version,
                    "template_id": rendered.template_id,
                    "template_version": rendered.template_version,
                    "document_id": str(stored.pk),
                    "sha256": stored.sha256,
                },
            )
    except BaseException:
        if stored is not None:
            _discard(stored)
        raise


def document_generation_record_download(*, actor: User, generation: DocumentGeneration) -> None:
    """The one read event of a made document's download."""
    with transaction.atomic():
        record_event(
            event_type=EventType.DOCUMENT_GENERATION_DOWNLOADED,
            actor=actor,
            case=generation.case,
            partnership=generation.partnership if generation.case is None else None,
            target=generation,
            data={
                "generation_id": str(generation.pk),
                "kind": generation.kind,
                "document_id": str(generation.document_id),
            },
        )
