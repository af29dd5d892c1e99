"""Test data for publication: world.case at the LCSPR stage with its publication clock started, a child with
identity details the redaction check looks for, the final report record, DOCX files built here with planted
names (synthetic), and the partners' sign-off."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding_reviews.cases.models import Case
from safeguarding_reviews.cases.stages import Stage
from safeguarding_reviews.clocks.models import MilestoneEvent
from safeguarding_reviews.clocks.services import milestone_record
from safeguarding_reviews.core import clock
from safeguarding_reviews.publication import services, wiring
from safeguarding_reviews.signoffs.services import document_signoff_give
from safeguarding_reviews.subjects.services import subject_add

# The child's identity details (synthetic): the redaction check finds these names in a file.
FIRST, LAST, KNOWN_AS = "Rowan", "Ashdown", "Bramble"
CLEAN = "Child Q lived with their mother. The agencies did not share what they knew about the injuries."
LEAKY = (
    "Child Q, known at home as Bramble, lived with their mother. Rowan's health visitor saw bruising. "
    "The family often walked in Ashdown Forest."
)
DELEGATES = {
    "local_authority": "delegate_local_authority",
    "icb": "delegate_icb",
    "police": "delegate_police",
}


def officer(world: Any) -> Any:
    return world.people["business_unit_officer"]


def at_lcspr(world: Any, *, started_on: dt.date | None = None, identity: bool = True) -> Case:
    """world.case at the LCSPR stage, its publication clock started `started_on` (default: a month ago),
    with a child whose identity the check knows, and a final report record ready for sign-off."""
    from safeguarding_reviews.final_reports.tests.factories import ready_report

    case = world.case
    Case.objects.filter(pk=case.pk).update(stage=Stage.LCSPR)
    case.refresh_from_db()
    milestone_record(
        actor=officer(world),
        case=case,
        event=MilestoneEvent.LCSPR_INITIATED,
        occurred_on=started_on or clock.today() - dt.timedelta(days=30),
    )
    if identity:
        subject_add(
            actor=officer(world),
            case=case,
            kind="child",
            details={"sex": "female", "age_years": 2},
            identity={"first_names": FIRST, "last_name": LAST, "known_as": [KNOWN_AS]},
        )
    ready_report(world)
    case.refresh_from_db()
    return case


def docx(text: str, name: str = "report.docx") -> SimpleUploadedFile:
    from docx import Document

    document = Document()
    document.add_heading("Local child safeguarding practice review: Child Q", level=1)
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(world: Any, kind: str = "report", text: str = CLEAN, *, by: str = "business_unit_officer") -> Any:
    return services.file_upload(actor=world.people[by], case=world.case, kind=kind, uploaded_file=docx(text))


def decide(
    world: Any, decision: str = "publish_report", reasons: str = "", expected: int | None = None
) -> Any:
    return services.decision_save(
        actor=officer(world), case=world.case, expected_version=expected, decision=decision, reasons=reasons
    )


def sign(world: Any, partners: tuple[str, ...] = tuple(DELEGATES), *, agrees: bool = True) -> None:
    for partner in partners:
        current = wiring.decision_signable(world.case)
        assert current is not None
        document_signoff_give(
            user=world.people[DELEGATES[partner]],
            case=world.case,
            kind=wiring.KIND,
            partner=partner,
            agrees=agrees,
            comments="" if agrees else "Synthetic: not yet.",
            version=current.version,
            sha256=current.sha256,
        )


def signed(world: Any) -> Any:
    """A publishable report, the decision to publish it, signed by the three partners."""
    upload(world)
    decision = decide(world)
    sign(world)
    return decision


def notice(world: Any, *, sent_on: dt.date, planned_on: dt.date) -> Any:
    return services.notice_record(
        actor=officer(world), case=world.case, sent_on=sent_on, planned_on=planned_on
    )
