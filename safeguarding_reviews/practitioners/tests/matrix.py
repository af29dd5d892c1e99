"""Objects the authorization matrix needs for practitioners URLs: a practitioner on world.case."""

from __future__ import annotations


def url_kwargs(world) -> dict[str, dict[str, object]]:
    from safeguarding_reviews.practitioners.services import practitioner_add

    practitioner = practitioner_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        agency_id=world.agency.pk,
        role="Health visitor",
        full_name="Synthetic Matrix Practitioner",
    )
    return {"practitioners": {"practitioner_id": practitioner.pk}}
