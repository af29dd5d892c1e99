"""Objects the authorization matrix needs for report_drafts URLs: version 1 of a draft on world.case, uploaded
by the case's reviewer, with one comment from the business unit, and a factual-accuracy request on it to the
agency author persona (so `AAUTH` reaches that request and nothing else)."""

from __future__ import annotations

import datetime as dt


def url_kwargs(world) -> dict[str, dict[str, object]]:
    from safeguarding_reviews.core import clock
    from safeguarding_reviews.documents.tests.files import PDF, upload
    from safeguarding_reviews.report_drafts import services

    draft = services.draft_upload(
        actor=world.people["independent_reviewer"], case=world.case, uploaded_file=upload("draft.pdf", PDF)
    )
    comment = services.comment_add(
        actor=world.people["business_unit_officer"],
        draft=draft,
        reference="Paragraph 1.1",
        text="Synthetic matrix comment.",
    )
    request = services.factual_request_send(
        actor=world.people["business_unit_officer"],
        draft=draft,
        recipient_id=world.people["agency_author"].pk,
        agency_id=world.agency.pk,
        due_on=clock.today() + dt.timedelta(days=10),
    )
    return {"report_drafts": {"version": draft.version, "comment_id": comment.pk, "request_id": request.pk}}
