"""Objects the authorization matrix needs for the local review's URLs: world.case's review (opened through the
service), terms version 1 not yet agreed, a methodology not yet agreed, one plan target, and one request for
a draft sent to the case's independent reviewer (the REV persona), and one review method of the partnership's
own (active)."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.core import clock
from safeguarding_reviews.local_reviews import services
from safeguarding_reviews.local_reviews.selectors import national_method
from safeguarding_reviews.local_reviews.wiring import TERMS_BUILDER, TERMS_KIND
from safeguarding_reviews.reports.services import document_generation_request, document_generation_run

from .helpers import open_review, write_terms


def url_kwargs(world) -> dict[str, dict[str, object]]:
    review = open_review(world)
    terms = write_terms(world, review)
    # A Word export of version 1, made here directly (on_commit never runs in the matrix): the reports
    # matrix module checks its status and download pages with it (world.terms_export_job_id).
    job = document_generation_request(
        user=world.people["business_unit_officer"],
        case=world.case,
        kind=TERMS_KIND,
        subject_id=terms.pk,
        subject_version=terms.version,
        context_builder_name=TERMS_BUILDER,
    )
    document_generation_run(generation_id=job.pk)
    world.terms_export_job_id = job.pk
    services.methodology_save(
        actor=world.people["business_unit_officer"],
        review=review,
        expected_version=0,
        method=national_method("silp"),
        other_description="",
        analysis_rationale="Synthetic.",
        participation_rationale="Synthetic.",
    )
    # One method of the partnership's own, active, for the retire and reinstate URLs.
    method = services.review_method_add(
        actor=world.people["business_manager"],
        partnership=world.partnership,
        label="Synthetic workshop",
        description="Synthetic.",
        source="Synthetic LCPC minute",
        requires_description=False,
    )
    target = review.targets.get(target="terms_agreed")
    request = services.information_request_send(
        actor=world.people["business_unit_officer"],
        review=review,
        recipient_kind="reviewer",
        asks_for="draft",
        asked="Synthetic: the first draft.",
        due_on=clock.today() + dt.timedelta(days=14),
        recipient_id=world.people["independent_reviewer"].pk,
    )
    return {
        "local_reviews": {
            "target_id": target.pk,
            "number": 1,
            "request_id": request.pk,
            "method_id": method.pk,
        }
    }
