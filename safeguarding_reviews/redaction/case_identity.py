"""What a case holds that a published report must not reveal, in the JSON structure of issue 15 item 3.

Interface: `identity_for_case(case) -> dict` (the same structure `manage.py redaction_check --identity`
reads, plus "safe_terms"). Reading it is an identity read: the caller records the audit event.
"""

from __future__ import annotations

from typing import Any


def identity_for_case(case: Any) -> dict[str, Any]:  # placeholder until the identity split lands
    from safeguarding_reviews.subjects.models import SubjectIdentity

    people = []
    for identity in SubjectIdentity.objects.filter(subject__case=case).select_related("subject"):
        first, _, last = identity.full_name.rpartition(" ")
        people.append(
            {
                "role": identity.subject.label,
                "first_names": first,
                "last_name": last,
                "known_as": [identity.other_names] if identity.other_names else [],
                "date_of_birth": identity.date_of_birth.isoformat() if identity.date_of_birth else None,
                "nhs_number": identity.nhs_number,
            }
        )
    return {"pseudonym": "", "people": people, "addresses": [], "schools": [], "incident_date": None}
