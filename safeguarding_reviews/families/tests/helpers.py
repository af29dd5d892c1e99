"""Shared set-up for the families tests: synthetic people only."""

from __future__ import annotations

import datetime as dt

from safeguarding_reviews.core import clock
from safeguarding_reviews.families import services
from safeguarding_reviews.parallel_processes import services as register
from safeguarding_reviews.subjects import services as subjects

NAME = "Synthetic Grandparentname"
ADDRESS_LINES = ["2 Synthetic Lane", "Testtown"]


def days_ago(n: int) -> dt.date:
    return clock.today() - dt.timedelta(days=n)


def fmt(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def identity(name: str = NAME, **parts):
    """An added member's identity in parts: the name's last word is the last name."""
    first_names, _, last_name = name.rpartition(" ")
    return {
        "first_names": first_names,
        "last_name": last_name,
        "address_line_1": ADDRESS_LINES[0],
        "town": ADDRESS_LINES[1],
    } | parts


def add_grandparent(world, name=NAME, **overrides):
    values = {"relationship": "grandparent", "identity": identity(name)} | overrides
    return services.member_add(actor=world.people["business_unit_officer"], case=world.case, **values)


def add_subject(world, kind="household_member", relationship="mother", name="Synthetic Mothername", **extra):
    details = {"relationship": relationship} | extra.pop("details", {})
    first_names, _, last_name = name.rpartition(" ")
    return subjects.subject_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        kind=kind,
        details=details,
        identity={"first_names": first_names, "last_name": last_name, "address_line_1": "3 Synthetic Road"}
        | extra,
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
