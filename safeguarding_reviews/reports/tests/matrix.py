"""Objects the authorization matrix needs for report URLs: world.case's outcome (made by the outcomes
matrix module) with its facts, a template version 1 uploaded by the business
manager (its test render run here directly: on_commit never runs in the matrix) and one generated report,
whose generation's status page is also checked, all through this app's services."""

from __future__ import annotations

from django.core.files.base import ContentFile

from safeguarding_reviews.outcomes.models import RapidReviewOutcome
from safeguarding_reviews.reports.default_template import default_template_bytes
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
    report = report_generate(actor=world.people["business_unit_officer"], case=world.case)
    return {
        "reports": {
            "report_id": report.pk,
            "version": template.version,
            "generation_id": report.generation.pk,
        }
    }
