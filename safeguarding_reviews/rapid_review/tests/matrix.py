"""Objects the authorization matrix needs for rapid review URLs: world.case moved to the rapid review and one
request to world.agency whose author is the agency_author persona (already named on the case), opened once
so that the return page's GET records only its read."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.cases.services import case_stage_advance
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.rapid_review.services import (
    RequestItem,
    agency_request_acknowledge,
    agency_requests_send,
)


def url_kwargs(world) -> dict[str, dict[str, object]]:
    actor = world.people["business_unit_officer"]
    path = [Stage.REFERRAL, Stage.SCREENING, Stage.NOTIFICATION, Stage.RAPID_REVIEW]
    if world.case.stage in path:
        for stage in path[path.index(world.case.stage) + 1 :]:
            case_stage_advance(actor=actor, case=world.case, to_stage=stage, reason="matrix")
    [request] = agency_requests_send(
        actor=actor,
        case=world.case,
        items=[RequestItem(agency=world.agency, author=world.people["agency_author"])],
        due_on=dt.date(2099, 1, 1),
    )
    agency_request_acknowledge(actor=world.people["agency_author"], request=request)
    from safeguarding_reviews.chronology.tests.matrix import mapped_draft

    draft = mapped_draft(
        world.people["agency_author"], world.case, agency=world.agency, agency_request=request
    )
    return {"rapid_review": {"request_id": request.pk, "draft_id": draft.pk}}
