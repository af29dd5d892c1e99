"""Objects the authorization matrix needs for alert URLs: an alert for the business unit officer."""

from __future__ import annotations

from django.urls import reverse

from safeguarding_reviews.alerts.services import alert_create


def url_kwargs(world) -> dict[str, dict[str, object]]:
    alert = alert_create(
        user=world.people["business_unit_officer"],
        case=world.case,
        kind="scrutiny_comment",
        link=reverse("cases:detail", kwargs={"case_id": world.case.pk}),
    )
    return {"alerts": {"alert_id": alert.pk}}
