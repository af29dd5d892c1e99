"""Objects the authorization matrix needs for practitioners URLs: a practitioner on world.case, with one
invitation (its involvement pages)."""

from __future__ import annotations

import datetime as dt


def url_kwargs(world) -> dict[str, dict[str, object]]:
    from safeguarding_reviews.core import clock
    from safeguarding_reviews.practitioners.services import invitation_add, practitioner_add

    practitioner = practitioner_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        agency_id=world.agency.pk,
        role="Health visitor",
        first_names="Synthetic Matrix",
        last_name="Practitioner",
    )
    invitation = invitation_add(
        actor=world.people["business_unit_officer"],
        case=world.case,
        practitioner=practitioner,
        kind="event",
        invited_on=clock.today() - dt.timedelta(days=7),
        method="email",
    )
    return {"practitioners": {"practitioner_id": practitioner.pk, "invitation_id": invitation.pk}}
