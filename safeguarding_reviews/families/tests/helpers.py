"""Shared set-up for the families tests: synthetic people only."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.core import clock
from safeguarding_reviews.families import services
from safeguarding_reviews.parallel_processes import services as register
from safeguarding_reviews.subjects import services as subjects

NAME = "Synthetic Grandparentname"
ADDRESS = "2 Synthetic Lane\nTesttown"


def days_ago(n: int) -> dt.date:
    return clock.today() - dt.timedelta(days=n)


def fmt(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def add_grandparent(world, **overrides):
    values = {"relationship": "grandparent", "full_name": NAME, "address": ADDRESS} | overrides
    return services.member_add(actor=world.people["business_unit_officer"], case=world.case, **values)


def add_subject(
    world, kind="household_member", relationship="mother", full_name="Synthetic Mothername", **extra
):
    details = {"relationship": relationship} | extra.pop("details", {})
    return subjects.subject_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        kind=kind,
        details=details,
        identity={"full_name": full_name, "address": "3 Synthetic Road"} | extra,
    )


def approach(world, member, actor=None, **overrides):
    values = {"approach": "yes", "approach_method": "letter"} | overrides
    return services.approach_record(
        actor=actor or world.people["business_unit_officer"],
        case=world.case,
        member=member,
        expected_version=member.version,
        **values,
    )


def block_family_contact(world, block="family_contact", reason="Synthetic: no contact until the verdict"):
    officer = world.people["business_unit_officer"]
    process = register.parallel_process_add(
        actor=officer,
        case=world.case,
        values={
            "kind": "criminal_proceedings",
            "status": "under_way",
            "led_by": "",
            "reference": "",
            "notes": "",
            "started_on": None,
            "next_date": None,
            "concluded_on": None,
        },
    )
    return register.process_constraint_add(actor=officer, process=process, blocks=block, reason=reason)
