"""Steps that fill in a referral through its pages, as an agency representative would."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from safeguarding_reviews.referrals.models import Referral

CHILD = {
    "first_names": "Synthetic",
    "last_name": "Childname",
    "known_as": "",
    "initials": "",
    "date_of_birth": "",
    "expected_delivery_date": "",
    "age_years": "3",
    "sex": "female",
    "ethnicity": "",
    "disability": "",
    "address_line_1": "1 Example Street",
    "town": "",
    "postcode": "",
    "nhs_number": "943 476 5919",
    "schools": "",
    "school_short_names": "",
    "legal_status": "",
}


def section_data(referral: Referral, agency_id: int) -> dict[str, dict[str, Any]]:
    return {
        "referrer": {
            "referrer_name": "Rep Example",
            "referrer_role": "Named nurse",
            "referrer_phone": "01632 960 001",
            "referrer_email": "rep@test.example",
        },
        "safeguarding-lead": {"lead_agreed": "yes", "lead_name": "Lead Example"},
        "incident": {
            "incident_date": "20/11/2026",
            "aware_date": "21/11/2026",
            "what_happened": "Synthetic.",
        },
        "abuse-or-neglect": {"abuse_or_neglect": "suspected", "abuse_or_neglect_reason": "Synthetic reason."},
        "agencies": {"agencies_involved": [str(agency_id)], "agencies_other": ""},
        "actions": {"immediate_actions": "Synthetic actions."},
        "parallel-processes": {"parallel_processes": ["police_investigation"], "parallel_details": ""},
        "media": {"media_interest": "no", "media_details": ""},
        "criteria": {"criteria": ["died_or_harmed_in_area"]},
    }


def post_section(client: Any, referral: Referral, slug: str, data: dict[str, Any]) -> Any:
    referral.refresh_from_db()
    return client.post(
        reverse("referrals:section", args=[referral.pk, slug]), data | {"version": referral.version}
    )


def fill_referral(client: Any, referral: Referral, agency_id: int, *, children: int = 1) -> None:
    for slug, data in section_data(referral, agency_id).items():
        response = post_section(client, referral, slug, data)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    for n in range(children):
        response = client.post(
            reverse("referrals:person_add", args=[referral.pk, "child"]),
            CHILD | {"last_name": f"Child{n}"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert post_section(client, referral, "children", {}).status_code == 302
