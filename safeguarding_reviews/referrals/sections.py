"""The sections of the referral form, in task-list order. Pure: no database code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    fields: tuple[str, ...]
    required: bool = True
    group: str = "About the incident"


SECTIONS: tuple[Section, ...] = (
    Section(
        "referrer",
        "Your details",
        ("referrer_name", "referrer_role", "referrer_phone", "referrer_email"),
        group="About you",
    ),
    Section(
        "safeguarding-lead",
        "Agreement of your safeguarding lead",
        ("lead_agreed", "lead_name"),
        group="About you",
    ),
    Section("incident", "The incident", ("incident_date", "aware_date", "what_happened")),
    Section("children", "Children", (), group="The people involved"),
    Section("household", "Household members", (), required=False, group="The people involved"),
    Section("abuse-or-neglect", "Abuse or neglect", ("abuse_or_neglect", "abuse_or_neglect_reason")),
    Section("agencies", "Agencies involved", ("agencies_involved", "agencies_other")),
    Section("actions", "Immediate safeguarding actions", ("immediate_actions",)),
    Section("parallel-processes", "Parallel processes", ("parallel_processes", "parallel_details")),
    Section("media", "Media interest", ("media_interest", "media_details")),
    Section("criteria", "Criteria you believe are met", ("criteria",)),
    Section("attachments", "Attachments", (), required=False, group="Supporting documents"),
)
BY_SLUG = {section.slug: section for section in SECTIONS}
FORM_SECTIONS = frozenset(s.slug for s in SECTIONS if s.fields)


def missing_sections(completed: list[str]) -> list[Section]:
    return [s for s in SECTIONS if s.required and s.slug not in completed]


def section_status(section: Section, completed: list[str]) -> str:
    if section.slug in completed:
        return "Completed"
    return "Incomplete" if section.required else "Optional"
