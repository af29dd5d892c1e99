"""The referral's answers as rows for summary lists (check your answers, the case's referral page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .models import AbuseOrNeglect, Criterion, MediaInterest, ParallelProcess, Referral, YesNo
from .sections import SECTIONS


@dataclass(frozen=True)
class AnswerSection:
    slug: str
    title: str
    rows: list[tuple[str, Any]]
    change_url: str


def _date(value: Any) -> str:
    return value.strftime("%-d %B %Y") if value else "Not given"


def _choice(choices: Any, value: str) -> str:
    return str(dict(choices.choices).get(value, "Not given")) if value else "Not given"


def _many(choices: Any, values: list[str]) -> str:
    labels = dict(choices.choices)
    return "\n".join(str(labels.get(v, v)) for v in values) or "None"


def answer_sections(referral: Referral, *, agency_names: list[str], editable: bool) -> list[AnswerSection]:
    r = referral
    rows: dict[str, list[tuple[str, Any]]] = {
        "referrer": [
            ("Agency", r.agency.name),
            ("Name", r.referrer_name or "Not given"),
            ("Role", r.referrer_role or "Not given"),
            ("Phone number", r.referrer_phone or "Not given"),
            ("Email address", r.referrer_email or "Not given"),
        ],
        "safeguarding-lead": [
            ("Safeguarding lead agreed", _choice(YesNo, r.lead_agreed)),
            ("Safeguarding lead's name", r.lead_name or "Not given"),
        ],
        "incident": [
            ("Date of the incident", _date(r.incident_date)),
            ("Date the agency became aware", _date(r.aware_date)),
            ("What happened", r.what_happened or "Not given"),
        ],
        "abuse-or-neglect": [
            ("Abuse or neglect", _choice(AbuseOrNeglect, r.abuse_or_neglect)),
            ("Why", r.abuse_or_neglect_reason or "Not given"),
        ],
        "agencies": [
            ("Agencies involved", "\n".join(agency_names) or "None selected"),
            ("Other agencies", r.agencies_other or "None"),
        ],
        "actions": [("Immediate safeguarding actions", r.immediate_actions or "Not given")],
        "parallel-processes": [
            ("Parallel processes", _many(ParallelProcess, r.parallel_processes)),
            ("Details", r.parallel_details or "None"),
        ],
        "media": [
            ("Media interest", _choice(MediaInterest, r.media_interest)),
            ("Details", r.media_details or "None"),
        ],
        "criteria": [("Criteria the referrer believes are met", _many(Criterion, r.criteria))],
    }
    result = []
    for section in SECTIONS:
        if section.slug not in rows:
            continue
        url = reverse("referrals:section", args=[r.pk, section.slug]) if editable else ""
        result.append(AnswerSection(section.slug, section.title, rows[section.slug], url))
    return result
