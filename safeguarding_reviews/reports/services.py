"""Writes for the Rapid Review report. Keyword-only; each checks the policy, owns its transaction and records
one audit event holding ids, versions and checksums only (never report text).

- report_template_upload: a business manager uploads a .docx. It is inspected by content
  (documents.inspection: a Word document, no macros, no zip bomb) and test-rendered against
  sample_context() in the sandbox; a broken or unsafe template is refused with the reason and nothing is
  stored. Every version is kept.
- report_generate: the business unit generates the DOCX (from the current template, or the built-in default,
  version 0) and the PDF of the same context, stores both and records the checksums and versions. There is no
  update service: a report is never changed, only superseded by a newer one.
- report_record_download / report_template_record_download: the one read event of a download.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from safeguarding_reviews.audit.event_types import EventType
from safeguarding_reviews.audit.services import record_event
from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.core import clock
from safeguarding_reviews.documents.inspection import detect
from safeguarding_reviews.documents.models import Document
from safeguarding_reviews.documents.services import document_path, document_store
from safeguarding_reviews.organisations.models import Partnership
from safeguarding_reviews.outcomes.models import RapidReviewOutcome

from .context import report_context, sample_context
from .default_template import default_template_bytes
from .models import DEFAULT_TEMPLATE_VERSION, GeneratedReport, ReportTemplate
from .policies import ReportAction, may, may_manage_templates
from .rendering import render_docx, render_pdf
from .selectors import current_template

TEMPLATE_PURPOSE = "report_template"
REPORT_PURPOSE = "rapid_review_report"
NOT_DOCX = "The selected file must be a Word document (.docx)"


def _read(uploaded_file: Any) -> bytes:
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    return data


def report_template_check(uploaded_file: Any) -> bytes:
    """The template's bytes if it is a safe .docx that renders against the sample context; else
    ValidationError with the reason. Reads the file, stores nothing."""
    try:
        file_type = detect(uploaded_file)
    except ValidationError as exc:
        if exc.code in {"zip_bomb", "macros", "size", "empty"}:
            raise ValidationError({"file": exc.messages}) from exc
        raise ValidationError({"file": NOT_DOCX}) from exc
    if file_type.code != "docx":
        raise ValidationError({"file": NOT_DOCX})
    data = _read(uploaded_file)
    try:
        render_docx(data, sample_context())
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return data


def _discard(document: Document | None) -> None:
    if document is not None:
        document_path(document).unlink(missing_ok=True)


def report_template_upload(*, actor: Any, partnership: Partnership, uploaded_file: Any) -> ReportTemplate:
    """Store a new version of the partnership's report template and make it the current one."""
    if not may_manage_templates(actor, partnership):
        raise PermissionDenied
    data = report_template_check(uploaded_file)
    document = None
    try:
        with transaction.atomic(durable=True):
            Partnership.objects.select_for_update().filter(pk=partnership.pk).exists()
            document = document_store(
                actor=actor,
                case=None,
                uploaded_file=uploaded_file,
                purpose=TEMPLATE_PURPOSE,
                partnership=partnership,
            )
            if document.sha256 != hashlib.sha256(data).hexdigest():
                raise ValidationError({"file": "The file changed while it was being stored: upload it again"})
            latest = ReportTemplate.objects.filter(partnership=partnership).aggregate(v=Max("version"))["v"]
            ReportTemplate.objects.filter(partnership=partnership, is_current=True).update(is_current=False)
            template = ReportTemplate.objects.create(
                partnership=partnership,
                version=(latest or 0) + 1,
                document=document,
                sha256=document.sha256,
                uploaded_by=actor,
                uploaded_at=clock.now(),
                is_current=True,
            )
            record_event(
                event_type=EventType.REPORT_TEMPLATE_UPLOADED,
                actor=actor,
                partnership=partnership,
                target=template,
                data={
                    "template_id": template.pk,
                    "version": template.version,
                    "document_id": str(document.pk),
                    "sha256": template.sha256,
                },
            )
    except BaseException:
        _discard(document)
        raise
    return template


def report_generate(*, actor: Any, case: Case) -> GeneratedReport:
    """Generate the DOCX and PDF of the case's rapid review report from its outcome's current version."""
    if not may(actor, ReportAction.GENERATE, case):
        raise PermissionDenied
    outcome = RapidReviewOutcome.objects.filter(case=case).first()
    if outcome is None:
        raise ValidationError("Record the rapid review outcome before generating the report")
    template = current_template(case.lead_partnership)
    if template is None:
        template_bytes, template_version = default_template_bytes(), DEFAULT_TEMPLATE_VERSION
    else:
        template_bytes, template_version = document_path(template.document).read_bytes(), template.version
    generated_at = clock.now()
    context = report_context(
        case=case, outcome=outcome, generated_at=generated_at, template_version=template_version
    )
    docx_bytes = render_docx(template_bytes, context)
    pdf_bytes = render_pdf(context)
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
            record_event(
                event_type=EventType.REPORT_GENERATED,
                actor=actor,
                case=case,
                target=report,
                data={
                    "report_id": report.pk,
                    "outcome_id": outcome.pk,
                    "outcome_version": outcome.version,
                    "template_id": template.pk if template else None,
                    "template_version": template_version,
                    "docx_document_id": str(docx.pk),
                    "pdf_document_id": str(pdf.pk),
                    "sha256": sha256,
                    "pdf_sha256": pdf_sha256,
                },
            )
    except BaseException:
        for document in stored:
            _discard(document)
        raise
    return report


def report_record_download(*, actor: Any, report: GeneratedReport, file_format: str) -> None:
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
    *, actor: Any, partnership: Partnership, template: ReportTemplate | None
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
                "template_id": template.pk if template else None,
                "version": template.version if template else DEFAULT_TEMPLATE_VERSION,
                "document_id": str(template.document_id) if template else None,
            },
        )
