"""Child V's family in the review (issue 14 item 2), with synthetic names: the mother (one of the case's
people) approached by letter, with a contact attempt, a meeting and the information letter made; the
grandparent added and not approached because of the criminal trial, agreed with the police; a surviving
half-sibling approached through an advocate, their wishes and the age-adapted approach recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .referrals import DEMO_HOME, DEMO_MOTHER


def seed_family(*, officer: Any, reviewer: Any, case: Any) -> None:
    """Through the real services; the letter made here directly, as the task worker would (it is not running
    while `make run` seeds). Assumes nothing blocks contact with the family on the case."""
    from safeguarding_reviews.core import clock
    from safeguarding_reviews.families import services
    from safeguarding_reviews.reports.services import document_generation_run
    from safeguarding_reviews.subjects.services import subject_add

    today = clock.today()
    writer = reviewer or officer
    mother_subject = subject_add(
        actor=officer,
        case=case,
        kind="household_member",
        details={"relationship": "mother"},
        identity=DEMO_MOTHER,
    )
    mother = services.member_add(actor=officer, case=case, subject_id=mother_subject.pk)
    mother = services.approach_record(
        actor=writer,
        case=case,
        member=mother,
        expected_version=mother.version,
        approach="yes",
        approach_method="letter",
        approach_reason="Demo: she is the baby's main carer; her account is central to the review.",
        decided_on=today - dt.timedelta(days=6),
    )
    services.contact_add(
        actor=writer,
        case=case,
        member=mother,
        kind="attempt",
        on=today - dt.timedelta(days=5),
        method="phone",
        result="agreed",
    )
    services.contact_add(
        actor=writer,
        case=case,
        member=mother,
        kind="meeting",
        on=today - dt.timedelta(days=2),
        method="visit",
        result="held",
        attended_by="Mother, independent reviewer, family support worker",
        place="The family home",
    )
    services.expectations_record(
        actor=writer,
        case=case,
        member=mother,
        expected_version=mother.version,
        expectations_on=today - dt.timedelta(days=2),
        expectations_how="in_person",
    )
    job = services.letter_request(actor=officer, case=case, member=mother)
    document_generation_run(generation_id=job.pk)

    grandparent = services.member_add(
        actor=officer,
        case=case,
        relationship="maternal grandparent",
        identity={
            "first_names": "Demo Grandparentname",
            "last_name": "Fictional",
            "initials": ["G.F."],
            "address_line_1": "9 Make-Believe Close",
            "town": "Northbridge",
            "postcode": "NB2 7XY",
        },
    )
    services.approach_record(
        actor=officer,
        case=case,
        member=grandparent,
        expected_version=grandparent.version,
        approach="no",
        approach_reason="Demo: a witness in the criminal trial; not approached until the verdict.",
        agreed_with="Senior investigating officer, police",
        decided_on=today - dt.timedelta(days=6),
    )

    sibling = services.member_add(
        actor=officer,
        case=case,
        relationship="half-sibling",
        is_child=True,
        age_years=7,
        identity={
            "first_names": "Demo Siblingname",
            "last_name": "Fictional",
            **DEMO_HOME,
        },
    )
    services.approach_record(
        actor=writer,
        case=case,
        member=sibling,
        expected_version=sibling.version,
        approach="yes",
        approach_method="advocate",
        approach_reason="Demo: they lived in the household and want to be heard.",
        decided_on=today - dt.timedelta(days=4),
        child_wishes="Demo: wants to say what home was like, by drawing, with their advocate there.",
        child_adaptation="Demo: one short session at school with their advocate; no written questions.",
    )
