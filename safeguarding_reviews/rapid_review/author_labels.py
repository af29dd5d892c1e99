"""How a possible author is named in the send form's author lists (issue 18 item 7): "Name – agency, role",
so that the business unit can tell people apart and pick someone from the right agency. Pure: no database."""

from __future__ import annotations

from collections.abc import Iterable


def author_label(name: str, *, agencies: Iterable[str], job_title: str, roles: Iterable[str]) -> str:
    """`agencies`: the agencies the person acts for (their agency roles); `roles`: the labels of their roles,
    used when they have no job title. Parts that are unknown are left out rather than shown empty."""
    agency_part = " and ".join(sorted(set(agencies)))
    role_part = job_title.strip() or ", ".join(dict.fromkeys(roles))
    detail = ", ".join(part for part in (agency_part, role_part) if part)
    return f"{name} – {detail}" if detail else name
