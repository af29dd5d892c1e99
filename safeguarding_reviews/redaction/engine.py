"""Finds a case's protected identifiers in text (issue 15 item 1). Pure: no Django.

Interface (kept stable for the web check and `manage.py redaction_check`):
- `identity_from_json(data) -> Identity`: from the JSON structure of issue 15 item 3 (null or missing fields
  allowed; extra keys ignored unless named here);
- `find_identifiers(identity, text) -> list[Finding]`: findings sorted by start, never raising on any text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

KINDS = ("name", "dob", "address", "postcode", "school", "nhs_number", "phone", "email", "incident_date")


@dataclasses.dataclass(frozen=True)
class Person:
    role: str = ""
    first_names: str = ""
    last_name: str = ""
    known_as: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()
    date_of_birth: dt.date | None = None
    nhs_number: str = ""


@dataclasses.dataclass(frozen=True)
class Address:
    line1: str = ""
    town: str = ""
    postcode: str = ""


@dataclasses.dataclass(frozen=True)
class Identity:
    pseudonym: str = ""
    people: tuple[Person, ...] = ()
    addresses: tuple[Address, ...] = ()
    schools: tuple[str, ...] = ()
    incident_date: dt.date | None = None
    # Words that are never findings on their own: agency names, the reviewer's name (extra key "safe_terms").
    safe_terms: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str
    text: str

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def identity_from_json(data: dict[str, Any]) -> Identity:  # placeholder until the engine lands
    def as_tuple(value: Any) -> tuple[str, ...]:
        if not value:
            return ()
        return (value,) if isinstance(value, str) else tuple(str(v) for v in value if v)

    people = tuple(
        Person(
            role=p.get("role") or "",
            first_names=p.get("first_names") or "",
            last_name=p.get("last_name") or "",
            known_as=as_tuple(p.get("known_as")),
            initials=as_tuple(p.get("initials")),
            date_of_birth=dt.date.fromisoformat(p["date_of_birth"]) if p.get("date_of_birth") else None,
            nhs_number=p.get("nhs_number") or "",
        )
        for p in data.get("people") or []
    )
    return Identity(
        pseudonym=data.get("pseudonym") or "",
        people=people,
        addresses=tuple(
            Address(line1=a.get("line1") or "", town=a.get("town") or "", postcode=a.get("postcode") or "")
            for a in data.get("addresses") or []
        ),
        schools=as_tuple(data.get("schools")),
        incident_date=dt.date.fromisoformat(data["incident_date"]) if data.get("incident_date") else None,
        safe_terms=as_tuple(data.get("safe_terms")),
    )


def find_identifiers(identity: Identity, text: str) -> list[Finding]:  # placeholder until the engine lands
    findings = []
    lowered = text.lower()
    for person in identity.people:
        for word in (*person.first_names.split(), person.last_name, *person.known_as):
            if len(word) < 2:
                continue
            start = lowered.find(word.lower())
            while start != -1:
                findings.append(Finding(start, start + len(word), "name", text[start : start + len(word)]))
                start = lowered.find(word.lower(), start + 1)
    return sorted(findings, key=lambda f: (f.start, f.end))
