"""Objects the authorization matrix needs for publication URLs: on world.case (its final report record made by
the final_reports matrix module, which runs first), version 1 of the report for publication (checked), the
partners' decision, and a hold recorded by the business unit officer, waiting for a business manager's
approval. The services need the LCSPR stage and the publication clock: the case is put there for them and
back at its stage afterwards, so the apps after this one meet the case as they expect."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import MilestoneEvent
from safeguarding_reviews.clocks.services import milestone_record
from safeguarding_reviews.core import clock
from safeguarding_reviews.publication import services

from .helpers import CLEAN, docx


def url_kwargs(world) -> dict[str, dict[str, object]]:
    officer = world.people["business_unit_officer"]
    stage = Case.objects.get(pk=world.case.pk).stage
    Case.objects.filter(pk=world.case.pk).update(stage=Stage.LCSPR)
    world.case.refresh_from_db()
    milestone_record(
        actor=officer,
        case=world.case,
        event=MilestoneEvent.LCSPR_INITIATED,
        occurred_on=clock.today() - dt.timedelta(days=30),
    )
    services.file_upload(actor=officer, case=world.case, kind="report", uploaded_file=docx(CLEAN))
    services.decision_save(
        actor=officer, case=world.case, expected_version=None, decision="publish_report", reasons=""
    )
    hold = services.hold_request(
        actor=officer,
        case=world.case,
        process_id=None,
        reason="Synthetic: the criminal trial.",
        agreed_by="Senior investigating officer",
        review_on=clock.today() + dt.timedelta(days=60),
    )
    Case.objects.filter(pk=world.case.pk).update(stage=stage)
    world.case.refresh_from_db()
    return {"publication": {"kind": "report", "version": 1, "hold_id": hold.pk}}
