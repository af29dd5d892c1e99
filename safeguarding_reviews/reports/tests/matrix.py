"""Objects the authorization matrix needs for report URLs: world.case's outcome (made by the outcomes
matrix module) with its facts, a template version 1 of the rapid review report and one of the terms of
reference (the kind the kind_* URLs are checked with), uploaded by the business manager (their test renders
run here directly: on_commit never runs in the matrix), and one generated report, whose generation's status
page is also checked, all through this app's services."""

from __future__ import annotations

from django.core.files.base import ContentFile

from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.reports.default_template import builtin_template_bytes, default_template_bytes
from safeguarding_reviews.reports.kinds import TemplateKind
from safeguarding_reviews.reports.services import (
    report_generate,
    report_template_check_run,
    report_template_upload,
)


def url_kwargs(world) -> dict[str, dict[str, object]]:
    # The outcomes matrix module (run before this one) made the outcome; fill in its facts.
    RapidReviewOutcome.objects.filter(case=world.case).update(facts_summary="Synthetic facts.")
    template = report_template_upload(
        actor=world.people["business_manager"],
        partnership=world.partnership,
        uploaded_file=ContentFile(default_template_bytes(), name="template.docx"),
    )
    report_template_check_run(template_id=template.pk)
    terms = report_template_upload(
        actor=world.people["business_manager"],
        partnership=world.partnership,
        uploaded_file=ContentFile(builtin_template_bytes(TemplateKind.TERMS_OF_REFERENCE), name="tor.docx"),
        kind=TemplateKind.TERMS_OF_REFERENCE,
    )
    report_template_check_run(template_id=terms.pk)
    assert terms.version == template.version == 1  # versions count per kind
    report = report_generate(actor=world.people["business_unit_officer"], case=world.case)
    return {
        "reports": {
            "report_id": report.pk,
            "version": template.version,
            "kind": TemplateKind.TERMS_OF_REFERENCE.value,
            "generation_id": report.generation.pk,
            # A Word export of the terms of reference, made by the local_reviews matrix module (run first).
            "job_id": world.terms_export_job_id,
        }
    }
